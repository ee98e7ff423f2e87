// The per-network state machine: one (service, country, ASN) walked bucket by bucket.
// A run of anomalous buckets starts at the first one; it opens an event once `openBuckets`
// of them come in a row (unknown buckets are neutral, a healthy one breaks the streak),
// or `openBucketsWeak` in a row when on average fewer than `openShare` of the active owners
// agree (the weaker the agreement, the longer it must last). A run, pending or open, ends
// after `closeBuckets` healthy buckets, dated to the first of them, so a single noisy
// healthy bucket neither ends an event nor moves an onset; a pending run also ends after
// more than `maxGapBuckets` unknown buckets in a row. Each probe's throughput baseline is
// fed with samples from buckets known to lie outside events.
import type { DetectConfig } from "./config";
import { baselineMedian, cloneBaseline, emptyBaseline, pushSample, type Baseline } from "./baseline";
import { TECHNIQUES, type Technique } from "../measurement/vocabulary";
import { addBucket, cloneAccumulator, dominantTechnique, mergeAccumulator, startAccumulator, type EventAccumulator } from "./event-accumulator";
import type { CompactObservation } from "./observation";
import { assessBucket, isSpeedRun, judgeInRun, judgeRound, type BucketAssessment, type JudgedRound, type RoundJudgement } from "./quorum";
import type { BucketState } from "./types";

export interface ClosedNetworkEvent {
  acc: EventAccumulator;
  /** First bucket of the healthy run that closed it. */
  end: number;
}

export interface TimelineRun {
  from: number;
  /** Exclusive. */
  to: number;
  state: BucketState;
}

export interface TrackState {
  /** Next bucket to process. */
  next: number;
  lastHealthy: number | null;
  phase: "idle" | "pending" | "open";
  /** The pending or open event, up to its last anomalous bucket. */
  acc: EventAccumulator | null;
  /** Buckets after acc.lastAnomalous, folded in only if another anomalous bucket follows. */
  tail: EventAccumulator | null;
  gap: number;
  /** Anomalous buckets in a row (unknown ones neutral) and their summed anomalous-owner shares. */
  streak: number;
  streakShare: number;
  closingStart: number | null;
  healthyInClose: number;
  closed: ClosedNetworkEvent[];
  /** Closed event ranges [onset, end) still needed to keep samples out of baselines. */
  exclusions: [number, number][];
  baselines: Map<string, Baseline>;
  /** Last bucket in which each owner had a readable round. */
  ownerLastSeen: Map<string, number>;
  /** Each probe's last round with a throughput sample: its bucket and how it was judged. */
  lastSpeed: Map<string, { bucket: number; j: RoundJudgement }>;
  timeline: TimelineRun[];
  lastActiveOwners: number;
  lastState: BucketState;
}

export function emptyTrack(first: number): TrackState {
  return {
    next: first,
    lastHealthy: null,
    phase: "idle",
    acc: null,
    tail: null,
    gap: 0,
    streak: 0,
    streakShare: 0,
    closingStart: null,
    healthyInClose: 0,
    closed: [],
    exclusions: [],
    baselines: new Map(),
    ownerLastSeen: new Map(),
    lastSpeed: new Map(),
    timeline: [],
    lastActiveOwners: 0,
    lastState: "unknown",
  };
}

/** A copy that shares nothing mutable with `t` (closed events and timeline runs are never mutated). */
export function cloneTrack(t: TrackState): TrackState {
  const baselines = new Map<string, Baseline>();
  for (const [k, b] of t.baselines) baselines.set(k, cloneBaseline(b));
  return {
    ...t,
    acc: t.acc && cloneAccumulator(t.acc),
    tail: t.tail && cloneAccumulator(t.tail),
    closed: t.closed.slice(),
    exclusions: t.exclusions.slice(),
    baselines,
    ownerLastSeen: new Map(t.ownerLastSeen),
    lastSpeed: new Map(t.lastSpeed),
    timeline: t.timeline.slice(),
  };
}

function isExcluded(t: TrackState, bucket: number): boolean {
  if (t.acc && bucket >= t.acc.onset) return true;
  for (const [from, to] of t.exclusions) if (bucket >= from && bucket < to) return true;
  return false;
}

/** Feeds healthy throughput samples of bucket `f` (lagged) into the probes' baselines. */
function feedBaselines(t: TrackState, f: number, rounds: readonly CompactObservation[] | undefined, config: DetectConfig): void {
  t.exclusions = t.exclusions.filter(([, to]) => to > f);
  if (!rounds || isExcluded(t, f)) return;
  for (const o of rounds) {
    if (o.status !== "ok" || o.kbps === null) continue;
    let b = t.baselines.get(o.probeId);
    if (!b) {
      b = emptyBaseline();
      t.baselines.set(o.probeId, b);
    }
    pushSample(b, o.kbps, config.baselineSamples);
  }
}

function appendTimeline(t: TrackState, bucket: number, state: BucketState): void {
  const last = t.timeline[t.timeline.length - 1];
  if (last && last.state === state && last.to === bucket) t.timeline[t.timeline.length - 1] = { ...last, to: bucket + 1 };
  else t.timeline.push({ from: bucket, to: bucket + 1, state });
}

function resetToIdle(t: TrackState): void {
  t.phase = "idle";
  t.acc = null;
  t.tail = null;
  t.gap = 0;
  t.streak = 0;
  t.streakShare = 0;
  t.closingStart = null;
  t.healthyInClose = 0;
}

function closeEvent(t: TrackState, endBucket: number): void {
  const acc = t.acc as EventAccumulator;
  t.closed.push({ acc, end: endBucket });
  t.exclusions.push([acc.onset, endBucket]);
}

/**
 * A round that reached the service but measured no throughput: the probe's own last
 * throughput judgement, slow or normal, stands for it while it is at most
 * `speedCarryBuckets` old (a slow probe stays slow between its budgeted samples, a fast
 * one fast, so sparse samples can both open and close a speed run); past that, during a
 * speed run it is no evidence (judgeInRun), otherwise it counts as the healthy round it is.
 */
function judgeWithoutSample(t: TrackState, o: CompactObservation, j: RoundJudgement, b: number, speedRun: boolean, config: DetectConfig): RoundJudgement {
  if (o.kbps !== null || j.anomalous || !j.readable) return j;
  const last = t.lastSpeed.get(o.probeId);
  if (last && last.bucket < b && b - last.bucket <= config.speedCarryBuckets && !last.j.reachability) return { ...last.j, carried: true };
  return judgeInRun(o, j, speedRun);
}

/** What the detector counted in a network bucket (or, summarised, in several). */
export interface BucketCounts {
  /** `unknown` when fewer than minOwners owners had a readable round: never ok. */
  state: BucketState;
  /** Observations in the bucket, and those counted as evidence (readable or carried). */
  rounds: number;
  evidenceRounds: number;
  anomalousRounds: number;
  /** Probes and owners with a readable round in the bucket. */
  probes: number;
  owners: number;
  /** Owners counted for the quorum's size (reporting now or within the active window). */
  activeOwners: number;
  anomalousOwners: number;
  /** Failing owners the detector requires: max(minOwners, ceil(quorumShare x active)). */
  quorum: number;
  /** The failing owners reached the quorum with at least minOwners reporting (the bucket is anomalous). */
  quorumMet: boolean;
  /** Dominant technique of the bucket's anomalous rounds; null when none or unnamed. */
  technique: Technique | null;
  /** The network's run after this bucket: no run, a pending run, or an open event. */
  phase: TrackState["phase"];
}

/** A bucket nobody measured, or that the detector never walked: unknown, nothing counted. */
export function unmeasuredCounts(): BucketCounts {
  return { state: "unknown", rounds: 0, evidenceRounds: 0, anomalousRounds: 0, probes: 0, owners: 0, activeOwners: 0, anomalousOwners: 0, quorum: 0, quorumMet: false, technique: null, phase: "idle" };
}

/**
 * What the detector decided about one network bucket, and why: the one record the
 * detector acts on and the detector-state API (lib/detect/trace.ts) reports.
 */
export interface BucketDecision extends BucketCounts {
  bucket: number;
  /** First anomalous bucket of the pending run or open event after this bucket; null when idle. */
  runOnset: number | null;
}

/**
 * The detector's decision for bucket `t.next`, the one function every detection and every
 * reader of the detector's state walks buckets with. `rounds` are that bucket's
 * observations in deterministic order; `lagged` those of bucket `t.next -
 * baselineLagBuckets`. Judges the rounds, counts the quorum (quorum.ts), moves the run
 * (open, extend, close) and returns what it saw. Mutates `t` (the caller owns it).
 */
export function decideBucket(
  t: TrackState,
  rounds: readonly CompactObservation[] | undefined,
  lagged: readonly CompactObservation[] | undefined,
  config: DetectConfig,
): BucketDecision {
  const b = t.next;
  feedBaselines(t, b - config.baselineLagBuckets, lagged, config);
  const judged: JudgedRound[] = [];
  // A pending or open run about speed only: rounds without a throughput sample say nothing about it.
  const speedRun = t.phase !== "idle" && t.acc !== null && isSpeedRun(t.acc.techniques);
  for (const o of rounds ?? []) {
    const base = t.baselines.get(o.probeId);
    const baselineKbps = base ? baselineMedian(base, config.baselineMinSamples) : null;
    const j = judgeRound(o, baselineKbps, config);
    if (o.kbps !== null) t.lastSpeed.set(o.probeId, { bucket: b, j });
    judged.push({ o, j: judgeWithoutSample(t, o, j, b, speedRun, config), baselineKbps });
  }
  const recent: string[] = [];
  for (const [owner, last] of t.ownerLastSeen) {
    if (last >= b - config.activeWindowBuckets + 1) recent.push(owner);
    else if (last < b - config.activeWindowBuckets) t.ownerLastSeen.delete(owner);
  }
  const a = assessBucket(judged, config, recent);
  for (const owner of a.reportingOwners) t.ownerLastSeen.set(owner, b);
  appendTimeline(t, b, a.state);
  t.lastActiveOwners = a.activeOwners;
  t.lastState = a.state;
  const maxIds = config.maxMeasurementIds;

  if (a.state === "anomalous") {
    if (t.phase === "idle") {
      t.phase = "pending";
      t.acc = startAccumulator(b, t.lastHealthy);
      t.tail = null;
    } else if (t.tail) {
      mergeAccumulator(t.acc as EventAccumulator, t.tail, maxIds);
      t.tail = null;
    }
    addBucket(t.acc as EventAccumulator, b, a, maxIds);
    t.gap = 0;
    t.closingStart = null;
    t.healthyInClose = 0;
    t.streak++;
    t.streakShare += a.anomalousOwners / a.activeOwners;
    const strong = t.streakShare / t.streak >= config.openShare;
    if (t.phase === "pending" && t.streak >= (strong ? config.openBuckets : config.openBucketsWeak)) t.phase = "open";
  } else if (t.phase === "idle") {
    if (a.state === "ok") t.lastHealthy = b;
  } else {
    if (!t.tail) t.tail = startAccumulator(b, null);
    addBucket(t.tail, b, a, maxIds);
    if (a.state === "unknown") {
      if (t.phase === "pending" && ++t.gap > config.maxGapBuckets) {
        // Too long without coverage: the run cannot be called consecutive any more.
        resetToIdle(t);
      }
    } else {
      // A healthy bucket breaks the streak; M of them end the run (or the event).
      t.streak = 0;
      t.streakShare = 0;
      if (t.closingStart === null) t.closingStart = b;
      if (++t.healthyInClose >= config.closeBuckets) {
        if (t.phase === "open") closeEvent(t, t.closingStart);
        resetToIdle(t);
        t.lastHealthy = b;
      }
    }
  }
  t.next = b + 1;
  return describeDecision(t, b, rounds?.length ?? 0, a);
}

function describeDecision(t: TrackState, b: number, rounds: number, a: BucketAssessment): BucketDecision {
  const probes = new Set<string>();
  const techniques: Partial<Record<Technique, number>> = {};
  let evidenceRounds = 0;
  let anomalousRounds = 0;
  for (const { o, j } of a.rounds) {
    if (!j.readable) continue;
    evidenceRounds++;
    probes.add(o.probeId);
    if (!j.anomalous) continue;
    anomalousRounds++;
    if (j.technique) techniques[j.technique] = (techniques[j.technique] ?? 0) + 1;
  }
  return {
    bucket: b,
    state: a.state,
    rounds,
    evidenceRounds,
    anomalousRounds,
    probes: probes.size,
    owners: a.reportingOwners.length,
    activeOwners: a.activeOwners,
    anomalousOwners: a.anomalousOwners,
    quorum: a.quorum,
    quorumMet: a.state === "anomalous",
    technique: dominantTechnique(techniques, TECHNIQUES),
    phase: t.phase,
    runOnset: t.phase === "idle" || !t.acc ? null : t.acc.onset,
  };
}

/** The open event as it stands (its trailing buckets included), or null. */
export function openEventAccumulator(t: TrackState, maxIds: number): EventAccumulator | null {
  if (t.phase !== "open" || !t.acc) return null;
  if (!t.tail) return t.acc;
  const merged = cloneAccumulator(t.acc);
  const lastAnomalous = merged.lastAnomalous;
  mergeAccumulator(merged, t.tail, maxIds);
  merged.lastAnomalous = lastAnomalous;
  return merged;
}
