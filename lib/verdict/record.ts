// Scores one record: per-target verdicts, components, then the service's status, class,
// technique and rule. Works on partial data: imported OONI records have no controls, no
// control resolver and no throughput, and none of that is ever read as ok.
import type { Controls, MeasurementRecord, ServiceVerdict, TargetVerdict } from "../measurement/schema";
import type { RuleId, ServiceStatus, StageName, Technique, VerdictClass } from "../measurement/vocabulary";
import { STAGES } from "../measurement/vocabulary";
import { type ComponentVerdict, componentKind, componentStatuses, isBlocking, isMeasured, isSlowed, THROUGHPUT_COMPONENT } from "./components";
import { RULES_VERSION } from "./constants";
import { type ScoringContext, scoreTarget } from "./target";

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
 * cause, then a block before a stall before a policed rate, then the earlier stage, then
 * record order (a stable tie-break).
 */
export function compareSignificance(a: TargetVerdict, b: TargetVerdict): number {
  const gradeRank = (v: TargetVerdict) => (v.grade === "confirmed" ? 0 : 1);
  const kindRank = (v: TargetVerdict) => (isBlocking(v) ? 0 : v.verdict === "stalled" ? 1 : 2);
  const stageRank = (v: TargetVerdict) => (v.stage ? STAGES.indexOf(v.stage) : STAGES.length);
  return gradeRank(a) - gradeRank(b) || kindRank(a) - kindRank(b) || stageRank(a) - stageRank(b);
}

const controlFailed = (c: Controls["domestic"]): boolean => c.failure !== null || c.stage !== null;

function classOf(status: ServiceStatus, causes: readonly TargetVerdict[]): VerdictClass {
  if (status === "ok") return "ok";
  if (status === "inconclusive" || status === "error") return "failure";
  return causes.some((v) => v.grade === "confirmed") ? "confirmed" : "anomaly";
}

export function scoreRecord(record: MeasurementRecord, ctx: ScoringContext = {}): ServiceVerdict {
  const scored = record.targets.map((t) => scoreTarget(record.service, t, ctx));
  const ports = new Map(record.targets.map((t) => [t.id, t.port] as const));
  const components: ComponentVerdict[] = componentStatuses(scored, ports);

  const controls = record.controls;
  const allowlist = controls !== null && !controlFailed(controls.domestic) && controlFailed(controls.foreign);
  const bothControlsFailed = controls !== null && controlFailed(controls.domestic) && controlFailed(controls.foreign);

  const reach = components.filter((c) => componentKind(c.name) !== THROUGHPUT_COMPONENT && c.status !== "not_measured");
  const blockedNames = new Set(reach.filter((c) => c.status === "blocked").map((c) => c.name));
  const everythingOk = reach.length > 0 && blockedNames.size === 0 && !scored.some(isSlowed);

  let status: ServiceStatus;
  let causes: TargetVerdict[] = [];
  if (bothControlsFailed && !everythingOk) {
    // The probe's own network is down: nothing it failed to reach says anything.
    status = "inconclusive";
  } else if (!scored.some(isMeasured) || reach.length === 0) {
    status = "error";
  } else if (blockedNames.size > 0) {
    status = blockedNames.size === reach.length ? "blocked" : "partial";
    causes = scored.filter((v) => blockedNames.has(v.component) && isBlocking(v));
  } else if (scored.some(isSlowed)) {
    status = "throttled";
    causes = scored.filter(isSlowed);
  } else {
    status = "ok";
  }

  causes.sort(compareSignificance);
  const top = causes[0] ?? null;
  let technique: Technique | null = top ? techniqueOf(top) : null;
  if (allowlist && (status === "blocked" || status === "partial")) technique = "allowlist";

  let rule: RuleId | null = null;
  if (status === "ok") rule = "OK";
  else if (top) rule = top.rule;
  else if (status === "error" && scored.some((v) => v.rule === "D4")) rule = "D4";

  const targets = allowlist
    ? scored.map((v) => (isBlocking(v) || isSlowed(v) ? { ...v, detail: "allowlist" } : v))
    : scored;

  return {
    status,
    class: classOf(status, causes),
    technique,
    rule,
    allowlist,
    rules_version: RULES_VERSION,
    components: components.map((c) => ({ name: c.name, status: c.status })),
    targets,
  };
}
