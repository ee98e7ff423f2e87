// Scores one target: stages in their fixed order, and the earliest failing stage is the
// cause. Later stages are not read once one failed (a bogon followed by a certificate
// error is a DNS block, not a TLS one).
import type { ServiceId } from "../measurement/vocabulary";
import type { TargetResult, TargetVerdict } from "../measurement/schema";
import { isIp, canonicalIp } from "../net/ip";
import { publishedNetworks, targetProfile } from "../targets";
import { controlAddresses, judgeDns } from "./dns";
import type { StageJudgement } from "./finding";
import { judgeHttp, judgeWs } from "./http";
import { judgeTcp } from "./tcp";
import { judgeThroughput } from "./throughput";
import { judgeTls } from "./tls";

export interface ScoringContext {
  /** throughput baseline median kbit/s per target id, from the server's history (overrides the record's baseline_kbps) */
  baselines?: Record<string, number>;
}

/** A literal-address target: its host is an address, or the probe connected to exactly that address. */
function isLiteral(target: TargetResult): boolean {
  if (target.host === null) return target.stages.dns === undefined && target.stages.tcp !== undefined;
  return isIp(target.host);
}

export function scoreTarget(service: ServiceId, target: TargetResult, ctx: ScoringContext = {}): TargetVerdict {
  const { stages } = target;
  const networks = publishedNetworks(service);
  const controlAddrs = controlAddresses(stages.dns);
  const literal = isLiteral(target);

  // Lazily evaluated so a stage after the cause is never even read.
  const judgements: (() => StageJudgement | null)[] = [
    () => (stages.dns ? judgeDns(stages.dns, networks) : null),
    () => (stages.tcp ? judgeTcp(stages.tcp, { literal: literal || canonicalIp(stages.tcp.ip) === canonicalIp(target.host ?? ""), controlAddrs, networks }) : null),
    () => (stages.tls ? judgeTls(stages.tls) : null),
    () => (stages.http ? judgeHttp(stages.http, targetProfile(target.id)) : null),
    () => (stages.ws ? judgeWs(stages.ws) : null),
    () => {
      if (!stages.throughput) return null;
      const baseline = ctx.baselines?.[target.id] ?? stages.throughput.baseline_kbps;
      return judgeThroughput(stages.throughput, baseline);
    },
  ];

  let measured = 0;
  let okRule: "H3" | "P3" | null = null;
  for (const judge of judgements) {
    const j = judge();
    if (j === null) continue;
    measured++;
    if (!j.pass) return verdictOf(target, j.finding);
    okRule = j.okRule ?? okRule;
  }
  if (measured === 0) return verdictOf(target, { verdict: "not_measured", grade: null, rule: null, stage: null, failure: null, detail: null });
  return verdictOf(target, { verdict: "ok", grade: null, rule: okRule ?? "OK", stage: null, failure: null, detail: null });
}

/** Built field by field: object spread was most of the scoring time on this hot path. */
function verdictOf(target: TargetResult, f: Omit<TargetVerdict, "target" | "component">): TargetVerdict {
  return {
    target: target.id,
    component: target.component,
    verdict: f.verdict,
    grade: f.grade,
    rule: f.rule,
    stage: f.stage,
    failure: f.failure,
    detail: f.detail,
  };
}
