// The verdict rules of the design brief, one module the server runs on raw stage results.
// Pure: no I/O, no clock. See docs/verdicts.md for the rules, thresholds and deviations.
import type { MeasurementRecord } from "../measurement/schema";

export { RULES_VERSION } from "./constants";
export * as VERDICT_CONSTANTS from "./constants";
export { type ScoringContext, scoreTarget } from "./target";
export { scoreRecord, compareSignificance, techniqueOf } from "./record";
export { componentStatuses, componentKind, type ComponentVerdict, type ComponentStatus } from "./components";
export { findSilence, findStall, summariseRate, controlCompleted, type Stall, type RateSummary } from "./throughput";

/** The record without any producer verdict: what the server re-scores from. */
export function stripVerdicts<R extends MeasurementRecord>(record: R): R {
  return { ...record, verdict: null };
}
