// What /methodology renders: every rule id of the verdict table and every detector
// threshold, with its value read from the code that applies it (lib/verdict,
// lib/detect/config.ts). The descriptions are lib/i18n messages, keyed by records typed by
// the rule ids and config keys, so a rule or threshold added without a description does
// not compile.
import type { DetectConfig } from "../detect/config";
import { DEFAULT_DETECT_CONFIG } from "../detect/config";
import { RULE_IDS, type RuleId } from "../measurement/vocabulary";
import { VERDICT_CONSTANTS } from "../verdict";
import { translator, type Lang, type MessageKey } from "../i18n";

export const RULE_TABLE: Record<RuleId, { when: MessageKey; verdict: string; grade: string }> = {
  D1: { when: "method.rule.D1", verdict: "dns_blocked", grade: "confirmed" },
  D2: { when: "method.rule.D2", verdict: "dns_blocked", grade: "anomaly" },
  D3: { when: "method.rule.D3", verdict: "dns_blocked", grade: "anomaly" },
  D4: { when: "method.rule.D4", verdict: "error", grade: "-" },
  T1: { when: "method.rule.T1", verdict: "tcp_blocked", grade: "anomaly" },
  S1: { when: "method.rule.S1", verdict: "tls_blocked", grade: "anomaly" },
  S2: { when: "method.rule.S2", verdict: "tls_blocked", grade: "anomaly" },
  S3: { when: "method.rule.S3", verdict: "tls_blocked", grade: "anomaly" },
  S4: { when: "method.rule.S4", verdict: "tls_blocked", grade: "anomaly" },
  H1: { when: "method.rule.H1", verdict: "http_blocked", grade: "confirmed" },
  H2: { when: "method.rule.H2", verdict: "http_blocked", grade: "anomaly" },
  H3: { when: "method.rule.H3", verdict: "ok", grade: "-" },
  H4: { when: "method.rule.H4", verdict: "http_blocked", grade: "anomaly" },
  H5: { when: "method.rule.H5", verdict: "http_blocked", grade: "anomaly" },
  H6: { when: "method.rule.H6", verdict: "http_blocked", grade: "anomaly" },
  P1: { when: "method.rule.P1", verdict: "stalled", grade: "anomaly" },
  P2: { when: "method.rule.P2", verdict: "throttled", grade: "anomaly" },
  P3: { when: "method.rule.P3", verdict: "ok (congestion)", grade: "-" },
  OK: { when: "method.rule.OK", verdict: "ok", grade: "-" },
};

export const DETECT_DESCRIPTIONS: Record<keyof DetectConfig, MessageKey> = {
  bucketMinutes: "method.detect.bucketMinutes",
  finalAfterBuckets: "method.detect.finalAfterBuckets",
  minOwners: "method.detect.minOwners",
  activeWindowBuckets: "method.detect.activeWindowBuckets",
  quorumShare: "method.detect.quorumShare",
  openBuckets: "method.detect.openBuckets",
  openShare: "method.detect.openShare",
  openBucketsWeak: "method.detect.openBucketsWeak",
  closeBuckets: "method.detect.closeBuckets",
  maxGapBuckets: "method.detect.maxGapBuckets",
  speedCarryBuckets: "method.detect.speedCarryBuckets",
  warningRatio: "method.detect.warningRatio",
  criticalRatio: "method.detect.criticalRatio",
  baselineSamples: "method.detect.baselineSamples",
  baselineMinSamples: "method.detect.baselineMinSamples",
  baselineLagBuckets: "method.detect.baselineLagBuckets",
  maxMeasurementIds: "method.detect.maxMeasurementIds",
  countryWindowMinutes: "method.detect.countryWindowMinutes",
  countryMinAsns: "method.detect.countryMinAsns",
  referenceMinOwners: "method.detect.referenceMinOwners",
  referenceFailShare: "method.detect.referenceFailShare",
  checkpointEveryBuckets: "method.detect.checkpointEveryBuckets",
  checkpointRetainBuckets: "method.detect.checkpointRetainBuckets",
  retainBuckets: "method.detect.retainBuckets",
};

export function ruleRows(lang: Lang = "en") {
  const t = translator(lang);
  return RULE_IDS.map((id) => ({ id, ...RULE_TABLE[id], when: t(RULE_TABLE[id].when) }));
}

export function verdictThresholds(): { name: string; value: string | number }[] {
  return Object.entries(VERDICT_CONSTANTS)
    .filter(([, v]) => typeof v === "number" || typeof v === "string")
    .map(([name, value]) => ({ name, value: value as string | number }));
}

export function detectorThresholds(lang: Lang = "en"): { key: keyof DetectConfig; value: number; description: string }[] {
  const t = translator(lang);
  return (Object.keys(DEFAULT_DETECT_CONFIG) as (keyof DetectConfig)[]).map((key) => ({ key, value: DEFAULT_DETECT_CONFIG[key], description: t(DETECT_DESCRIPTIONS[key]) }));
}
