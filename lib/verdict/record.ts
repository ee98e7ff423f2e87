// Scores one record: per-target verdicts, components, then the service's status, class,
// technique, rule and the stage of the deciding finding. Works on partial data: imported
// OONI records have no controls, no control resolver and no throughput. What was not
// measured is no evidence either way; what was measured and failed always counts: a
// failure the rules cannot attribute (say, DNS failing with no control resolver) makes
// its component `failed`, never ok, so scoring is monotone (tests/unit/verdict-monotone).
import type { Controls, MeasurementRecord, ServiceVerdict, TargetVerdict } from "../measurement/schema";
import type { RuleId, ServiceStatus, StageName, Technique, VerdictClass } from "../measurement/vocabulary";
import { STAGES } from "../measurement/vocabulary";
import { type ComponentVerdict, componentKind, componentStatuses, isBlocking, isSlowed, isUnattributed, THROUGHPUT_COMPONENT } from "./components";
import { RULES_VERSION } from "./constants";
import { flagMiddleboxAnswers } from "./middlebox";
import { type ScoringContext, scoreTarget } from "./target";
import { targetPlaces } from "../targets";

const STAGE_TECHNIQUE: Record<StageName, Technique> = {
  dns: "dns",
  tcp: "tcp",
  tls: "tls",
  http: "http",
  ws: "http", // a failed WebSocket upgrade is an HTTP-level block
  throughput: "http", // a reset during the download; stalls and policing are mapped below
};

/** Technique a failing target points to. */
export function techniqueOf(v: TargetVerdict): Technique | null {
  if (v.verdict === "stalled") return "stall";
  if (v.verdict === "throttled") return "throttling";
  return v.stage ? STAGE_TECHNIQUE[v.stage] : null;
}

/**
 * Order of significance among failing targets, most significant first: a confirmed-grade
 * cause, then a block before a stall before a policed rate before a failure of unknown
 * cause, then the earlier stage, then
 * record order (a stable tie-break).
 */
export function compareSignificance(a: TargetVerdict, b: TargetVerdict): number {
  const gradeRank = (v: TargetVerdict) => (v.grade === "confirmed" ? 0 : 1);
  const kindRank = (v: TargetVerdict) => (isBlocking(v) ? 0 : v.verdict === "stalled" ? 1 : v.verdict === "throttled" ? 2 : 3);
  const stageRank = (v: TargetVerdict) => (v.stage ? STAGES.indexOf(v.stage) : STAGES.length);
  return gradeRank(a) - gradeRank(b) || kindRank(a) - kindRank(b) || stageRank(a) - stageRank(b);
}

const controlFailed = (c: Controls["domestic"]): boolean => c.failure !== null || c.stage !== null;

function classOf(status: ServiceStatus, causes: readonly TargetVerdict[]): VerdictClass {
  if (status === "ok") return "ok";
  if (status === "inconclusive" || status === "error") return "failure";
  return causes.some((v) => v.grade === "confirmed") ? "confirmed" : "anomaly";
}

/**
 * Status of a round from its components. Every reachability component that was judged
 * counts: ok, blocked, throttled, or failed for a cause the rules cannot name. A failure
 * never disappears and never counts as ok, so the status is monotone: adding a failing
 * component can only keep it or move it down the order ok < error/inconclusive <
 * throttled < partial < blocked (the property test in tests/unit/verdict-monotone.test.ts).
 */
export function scoreRecord(record: MeasurementRecord, ctx: ScoringContext = {}): ServiceVerdict {
  const scored = flagMiddleboxAnswers(
    record.targets,
    record.targets.map((t) => scoreTarget(record.service, t, ctx)),
    targetPlaces(record.service),
  );
  const ports = new Map(record.targets.map((t) => [t.id, t.port] as const));
  const components: ComponentVerdict[] = componentStatuses(scored, ports);

  const controls = record.controls;
  const allowlist = controls !== null && !controlFailed(controls.domestic) && controlFailed(controls.foreign);
  const bothControlsFailed = controls !== null && controlFailed(controls.domestic) && controlFailed(controls.foreign);

  const reach = components.filter((c) => componentKind(c.name) !== THROUGHPUT_COMPONENT && c.status !== "not_measured");
  const namesWith = (status: ComponentVerdict["status"]) => new Set(reach.filter((c) => c.status === status).map((c) => c.name));
  const blockedNames = namesWith("blocked");
  const failedNames = namesWith("failed");
  const working = reach.filter((c) => c.status === "ok" || c.status === "throttled").length;
  const slowed = scored.some(isSlowed);
  // With both controls down the probe may sit behind something that answers for everyone
  // (a captive portal, a transparent middlebox): a TCP connect or an HTTP status proves
  // nothing then. Only a TLS handshake whose certificate the probe validated does: a
  // middlebox cannot produce one without the service's key.
  const serviceProvedItself = record.targets.some((t, i) => t.stages.tls?.failure === null && scored[i].verdict === "ok");
  const everythingOk = reach.length > 0 && working === reach.length && !slowed && (!bothControlsFailed || serviceProvedItself);

  let status: ServiceStatus;
  let causes: TargetVerdict[] = [];
  if (bothControlsFailed && !everythingOk) {
    // The probe's own network is down: nothing it failed to reach says anything.
    status = "inconclusive";
  } else if (reach.length === 0) {
    status = "error";
    causes = scored.filter(isUnattributed);
  } else if (blockedNames.size > 0) {
    // A component that failed for an unknown cause is not a working one: with no working
    // component left, the service is blocked, not partial.
    status = working === 0 ? "blocked" : "partial";
    causes = scored.filter((v) => blockedNames.has(v.component) && isBlocking(v));
  } else if (slowed) {
    status = "throttled";
    causes = scored.filter(isSlowed);
  } else if (failedNames.size > 0) {
    // Something failed and nothing says why: not ok, and not a block either.
    status = "error";
    causes = scored.filter((v) => failedNames.has(v.component) && isUnattributed(v));
  } else {
    status = "ok";
  }

  causes.sort(compareSignificance);
  const top = causes[0] ?? null;
  let technique: Technique | null = top && status !== "error" ? techniqueOf(top) : null;
  if (allowlist && (status === "blocked" || status === "partial")) technique = "allowlist";

  let rule: RuleId | null = null;
  if (status === "ok") rule = "OK";
  else if (top) rule = top.rule;

  const targets = allowlist
    ? scored.map((v) => (isBlocking(v) || isSlowed(v) ? { ...v, detail: "allowlist" } : v))
    : scored;

  return {
    status,
    class: classOf(status, causes),
    technique,
    rule,
    stage: status === "inconclusive" ? null : (top?.stage ?? null),
    allowlist,
    rules_version: RULES_VERSION,
    components: components.map((c) => ({ name: c.name, status: c.status })),
    targets,
  };
}
