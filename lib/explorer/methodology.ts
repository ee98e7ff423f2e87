// What /methodology renders: every rule id of the verdict table and every detector
// threshold, with its value read from the code that applies it (lib/verdict,
// lib/detect/config.ts). The descriptions are typed by the rule ids and config keys, so a
// rule or threshold added without a description does not compile.
import type { DetectConfig } from "../detect/config";
import { DEFAULT_DETECT_CONFIG } from "../detect/config";
import { RULE_IDS, type RuleId } from "../measurement/vocabulary";
import { VERDICT_CONSTANTS } from "../verdict";

export const RULE_DESCRIPTIONS: Record<RuleId, { when: string; verdict: string; grade: string }> = {
  D1: { when: "a system-resolver answer is a bogon address (or the probe reported dns_bogon_error)", verdict: "dns_blocked", grade: "confirmed" },
  D2: { when: "the system resolver fails (NXDOMAIN, no answer, SERVFAIL, refused, timeout) while the control resolver answers", verdict: "dns_blocked", grade: "anomaly" },
  D3: { when: "the system answer differs from the control's and lies outside the service's published networks", verdict: "dns_blocked", grade: "anomaly" },
  D4: { when: "both resolvers fail", verdict: "error", grade: "-" },
  T1: { when: "TCP refused, reset or timeout to a literal address, one the control resolver returns, or one in the published networks", verdict: "tcp_blocked", grade: "anomaly" },
  S1: { when: "TLS reset, EOF or timeout after the ClientHello while the neutral-SNI handshake to the same address succeeds (SNI-triggered)", verdict: "tls_blocked", grade: "anomaly" },
  S2: { when: "as S1, and the neutral-SNI handshake fails too (address block)", verdict: "tls_blocked", grade: "anomaly" },
  S3: { when: "certificate invalid or of an unknown authority while DNS was clean (interception)", verdict: "tls_blocked", grade: "anomaly" },
  S4: { when: "as S1, but the record has no neutral-SNI retry (imported data)", verdict: "tls_blocked", grade: "anomaly" },
  H1: { when: "the body matches a known block-page fingerprint", verdict: "http_blocked", grade: "confirmed" },
  H2: { when: "reset or EOF during the HTTP or WebSocket response (or the throughput download)", verdict: "http_blocked", grade: "anomaly" },
  H3: { when: "any HTTP status on its own, without a failure (WhatsApp Web's 302/403, Telegram's 404/501)", verdict: "ok", grade: "-" },
  H4: { when: "HTTP or WebSocket timeout or request failure after TCP and TLS passed", verdict: "http_blocked", grade: "anomaly" },
  H5: { when: "an answer no validated TLS protects came back faster than the service can give it: in under ANSWER_RTT_RATIO of the connect round trip to the same address, or, together with an answer from another of the service's sites, in under DISTANCE_FLOOR_MARGIN of the time light in fibre (FIBRE_KM_PER_MS) takes for twice their distance (a middlebox answered)", verdict: "http_blocked", grade: "anomaly" },
  H6: { when: "a response outside the target's expected profile (status, size range, body kind, media type): not the service's own answer, though no fingerprint names it (a Telegram data centre answering a 200 page, WhatsApp's registration answering HTML instead of JSON)", verdict: "http_blocked", grade: "anomaly" },
  P1: { when: "bytes stop for STALL_SILENCE_MS or more after STALL_MIN_BYTES to STALL_MAX_BYTES, while the control object completes", verdict: "stalled", grade: "anomaly" },
  P2: { when: "a steady rate at or below POLICED_RATE_MAX_KBPS (coefficient of variation at most STEADY_RATE_MAX_CV), or below BASELINE_DROP_RATIO of the probe's baseline, while the control is normal", verdict: "throttled", grade: "anomaly" },
  P3: { when: "target and control equally slow (target at least CONGESTION_RATIO_MIN of the control's rate)", verdict: "ok (congestion)", grade: "-" },
  OK: { when: "every measured stage succeeded", verdict: "ok", grade: "-" },
};

export const DETECT_DESCRIPTIONS: Record<keyof DetectConfig, string> = {
  bucketMinutes: "bucket length in minutes (as long as the probe schedule)",
  finalAfterBuckets: "a bucket is final once the newest bucket seen is this many buckets later",
  minOwners: "fewest distinct owners with readable rounds in a network bucket; fewer is unknown",
  activeWindowBuckets: "buckets over which an owner stays active after its last readable round",
  quorumShare: "share of active owners that must agree (the quorum is the larger of this and minOwners)",
  openBuckets: "consecutive anomalous buckets that open an event",
  openShare: "mean share of owners agreeing for openBuckets to suffice",
  openBucketsWeak: "consecutive anomalous buckets that open an event when agreement stays below openShare",
  closeBuckets: "consecutive healthy buckets that close an event (hysteresis)",
  maxGapBuckets: "unknown buckets in a row that break a run that has not opened yet",
  speedCarryBuckets: "buckets over which a probe's last throughput judgement stands for its rounds that measured none (the daily data budget)",
  warningRatio: "throughput below this share of the probe's own baseline is a warning-level drop",
  criticalRatio: "throughput below this share of the baseline is a critical-level drop",
  baselineSamples: "healthy throughput samples kept per probe and service for the rolling median",
  baselineMinSamples: "fewest samples before a probe's baseline is used",
  baselineLagBuckets: "a sample enters the baseline this many buckets later, when its bucket lies outside every event",
  maxMeasurementIds: "measurement ids kept per event (the count is always exact)",
  countryWindowMinutes: "network events whose onsets lie within this many minutes form a country event",
  countryMinAsns: "fewest distinct networks for a country event",
  referenceMinOwners: "fewest reference owners outside the country that must fail for an event to be a service outage",
  referenceFailShare: "share of a reference owner's rounds inside the event that must fail for it to count as failing",
  checkpointEveryBuckets: "incremental detection: a checkpoint of each network every this many buckets",
  checkpointRetainBuckets: "incremental detection: checkpoints kept for this many buckets",
  retainBuckets: "incremental detection: observations kept this far back (0 keeps everything)",
};

export function ruleRows() {
  return RULE_IDS.map((id) => ({ id, ...RULE_DESCRIPTIONS[id] }));
}

export function verdictThresholds(): { name: string; value: string | number }[] {
  return Object.entries(VERDICT_CONSTANTS)
    .filter(([, v]) => typeof v === "number" || typeof v === "string")
    .map(([name, value]) => ({ name, value: value as string | number }));
}

export function detectorThresholds(): { key: keyof DetectConfig; value: number; description: string }[] {
  return (Object.keys(DEFAULT_DETECT_CONFIG) as (keyof DetectConfig)[]).map((key) => ({ key, value: DEFAULT_DETECT_CONFIG[key], description: DETECT_DESCRIPTIONS[key] }));
}
