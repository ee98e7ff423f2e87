// GET /api/v1/detector-state parameters (pure): one service in one country (or one network
// of it), a range and a grain, bounded like every public read (lib/api/read-limits).
import { z } from "zod";
import { DEFAULT_DETECT_CONFIG } from "../detect/config";
import { traceBucketCount, type TraceQuery } from "../detect/trace";
import { READ_LIMIT_DEFAULTS, type ReadLimits } from "./read-limits";
import { asnParam, countryParam, instantParam, type ParamIssue, type Parsed, searchParamsObject, serviceParam, zodIssues } from "./params";

export const DETECTOR_STATE_PARAMETERS = ["test_name", "probe_cc", "probe_asn", "since", "until", "grain"] as const;

/** Reported bucket lengths: the detector's own 10-minute buckets, hours, days. */
export const DETECTOR_GRAINS = { "10m": DEFAULT_DETECT_CONFIG.bucketMinutes, hour: 60, day: 1440 } as const;
export type DetectorGrain = keyof typeof DETECTOR_GRAINS;
const GRAIN_NAMES = Object.keys(DETECTOR_GRAINS) as DetectorGrain[];

/** Without since, the range is this many hours before until; without until, it ends at the next whole hour. */
export const DEFAULT_DETECTOR_RANGE_HOURS = 24;

/** The grain `grain` absent: the detector's own up to 2 days, hours up to 31, then days. */
export function autoDetectorGrain(spanMs: number): DetectorGrain {
  const days = spanMs / 86_400_000;
  return days <= 2 ? "10m" : days <= 31 ? "hour" : "day";
}

export interface DetectorStateQuery extends TraceQuery {
  grain: DetectorGrain;
}

const schema = z.strictObject({
  test_name: serviceParam,
  probe_cc: countryParam,
  probe_asn: asnParam.optional(),
  since: instantParam.optional(),
  until: instantParam.optional(),
  grain: z.enum(GRAIN_NAMES as [DetectorGrain, ...DetectorGrain[]], { error: () => `expected one of ${GRAIN_NAMES.join(", ")}` }).optional(),
});

const HOUR = 3_600_000;

export function parseDetectorStateParams(
  params: URLSearchParams,
  now = new Date(),
  limits: Pick<ReadLimits, "maxBuckets" | "maxDetectorDays"> = READ_LIMIT_DEFAULTS,
): Parsed<DetectorStateQuery> {
  const { values, issues } = searchParamsObject(params, DETECTOR_STATE_PARAMETERS);
  for (const required of ["test_name", "probe_cc"] as const) {
    if (!(required in values) && !issues.some((i) => i.parameter === required)) issues.push({ parameter: required, message: "required" });
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) issues.push(...zodIssues(parsed.error).filter((i) => !issues.some((j) => j.parameter === i.parameter)));
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  const p = parsed.data;
  const until = p.until ?? new Date(Math.ceil(now.getTime() / HOUR) * HOUR);
  const since = p.since ?? new Date(until.getTime() - DEFAULT_DETECTOR_RANGE_HOURS * HOUR);
  const problems: ParamIssue[] = [];
  if (since >= until) problems.push({ parameter: "until", message: "must be later than since" });
  const span = until.getTime() - since.getTime();
  if (problems.length === 0 && span > limits.maxDetectorDays * 86_400_000) {
    problems.push({ parameter: "since", message: `at most ${limits.maxDetectorDays} days per request (the detector is re-run over them); asked for ${(span / 86_400_000).toFixed(1)}` });
  }
  const grain = p.grain ?? autoDetectorGrain(span);
  if (problems.length === 0) {
    const buckets = traceBucketCount(since, until, DETECTOR_GRAINS[grain]);
    if (buckets > limits.maxBuckets) {
      problems.push({ parameter: "grain", message: `at most ${limits.maxBuckets} time buckets per request; ${grain} buckets from ${since.toISOString()} to ${until.toISOString()} are ${buckets}: narrow since/until or use a coarser grain` });
    }
  }
  if (problems.length > 0) return { ok: false, issues: problems };
  return { ok: true, value: { service: p.test_name, cc: p.probe_cc, asn: p.probe_asn ?? null, from: since, to: until, grain, grainMinutes: DETECTOR_GRAINS[grain] } };
}
