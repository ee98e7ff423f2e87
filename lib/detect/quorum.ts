// Judges one network bucket: each round against the absolute expectation (and throughput
// against the probe's baseline), each probe by its rounds, each owner by its probes, and
// the bucket by a quorum of distinct owners.
import type { Technique } from "../measurement/vocabulary";
import type { DetectConfig } from "./config";
import { FAILING_STATUSES, NO_EVIDENCE_STATUSES, type CompactObservation } from "./observation";
import type { BucketState } from "./types";

export interface RoundJudgement {
  readable: boolean;
  anomalous: boolean;
  /** True when the status itself failed (blocked or partial), not only the speed. */
  reachability: boolean;
  technique: Technique | null;
  /** Relative drop 0..1 this round shows. */
  drop: number;
  /** Throughput over the probe's baseline median, when both are known. */
  ratio: number | null;
  /**
   * Set when the round measured no throughput and its probe's last throughput judgement
   * stands for it (network-track.ts): it counts in the quorum, but is no new measurement.
   */
  carried?: boolean;
}

/** A round that says nothing either way: not readable, so it counts in no quorum. */
export const NO_EVIDENCE: RoundJudgement = { readable: false, anomalous: false, reachability: false, technique: null, drop: 0, ratio: null };

/** Techniques of a speed run: only a measured throughput says anything about them. */
const SPEED_TECHNIQUES: ReadonlySet<Technique> = new Set<Technique>(["throttling", "stall"]);

/** True when a run's anomalous rounds were all about speed (throttling, stall), none about reachability. */
export function isSpeedRun(techniques: Partial<Record<Technique, number>>): boolean {
  const named = Object.entries(techniques).filter(([, n]) => (n ?? 0) > 0).map(([t]) => t as Technique);
  return named.length > 0 && named.every((t) => SPEED_TECHNIQUES.has(t));
}

/**
 * Not measured is unknown, never healthy. During a speed run a round that reached the
 * service but measured no throughput (the probe's daily data budget ran out, the stage was
 * off) is no evidence: it must neither count as healthy in the quorum, nor close the run,
 * nor refute a pending one.
 */
export function judgeInRun(o: CompactObservation, j: RoundJudgement, speedRun: boolean): RoundJudgement {
  return speedRun && !j.anomalous && o.kbps === null ? NO_EVIDENCE : j;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** One round: controls failing (inconclusive) or an error is no evidence either way. */
export function judgeRound(o: CompactObservation, baselineKbps: number | null, config: DetectConfig): RoundJudgement {
  if (NO_EVIDENCE_STATUSES.has(o.status)) return NO_EVIDENCE;
  const ratio = o.kbps !== null && baselineKbps !== null && baselineKbps > 0 ? o.kbps / baselineKbps : null;
  const slow = ratio !== null && ratio < config.warningRatio;
  const statusFails = FAILING_STATUSES.has(o.status);
  const anomalous = statusFails || slow;
  if (!anomalous) return { readable: true, anomalous: false, reachability: false, technique: null, drop: 0, ratio };
  const reachability = o.status === "blocked" || o.status === "partial";
  let technique: Technique | null;
  if (o.allowlist && statusFails) technique = "allowlist";
  else if (o.technique) technique = o.technique;
  else if (!reachability) technique = "throttling";
  else technique = null;
  let drop: number;
  if (o.status === "blocked") drop = 1;
  else if (o.status === "partial") drop = 0.5;
  else drop = ratio !== null ? clamp01(1 - ratio) : 1 - config.criticalRatio;
  return { readable: true, anomalous: true, reachability, technique, drop, ratio };
}

export interface JudgedRound {
  o: CompactObservation;
  j: RoundJudgement;
  baselineKbps: number | null;
}

export interface BucketAssessment {
  state: BucketState;
  /** Owners with readable rounds in this bucket. */
  reportingOwners: string[];
  /** Owners counted for the quorum: reporting now or within the active window. */
  activeOwners: number;
  anomalousOwners: number;
  quorum: number;
  /** Mean drop over active owners. */
  drop: number;
  rounds: JudgedRound[];
}

/** The quorum for `active` owners: at least minOwners, or the share, whichever is more. */
export function quorumFor(active: number, config: DetectConfig): number {
  return Math.max(config.minOwners, Math.ceil(active * config.quorumShare));
}

interface ProbeTally {
  readable: number;
  anomalous: number;
  dropSum: number;
  lastAnomalous: boolean;
}

/**
 * `rounds` must be in the bucket's deterministic order (probe, time, id). A probe is
 * anomalous when most of its readable rounds are (a tie goes to its latest round); an
 * owner when at least half its probes are. `recentOwners` are owners that reported in the
 * few buckets before: jitter moves a round into the next bucket now and then, and an owner
 * that skipped one bucket still counts towards the quorum's size (but not as anomalous),
 * so the quorum does not shrink by chance. Fewer than minOwners reporting is `unknown`.
 */
export function assessBucket(rounds: JudgedRound[], config: DetectConfig, recentOwners: Iterable<string> = []): BucketAssessment {
  const probes = new Map<string, { owner: string; t: ProbeTally }>();
  for (const { o, j } of rounds) {
    if (!j.readable) continue;
    let p = probes.get(o.probeId);
    if (!p) {
      p = { owner: o.owner, t: { readable: 0, anomalous: 0, dropSum: 0, lastAnomalous: false } };
      probes.set(o.probeId, p);
    }
    p.t.readable++;
    if (j.anomalous) p.t.anomalous++;
    p.t.dropSum += j.drop;
    p.t.lastAnomalous = j.anomalous;
  }
  const owners = new Map<string, { probes: number; anomalous: number; dropSum: number }>();
  for (const { owner, t } of probes.values()) {
    const anomalous = 2 * t.anomalous > t.readable || (2 * t.anomalous === t.readable && t.lastAnomalous);
    let w = owners.get(owner);
    if (!w) {
      w = { probes: 0, anomalous: 0, dropSum: 0 };
      owners.set(owner, w);
    }
    w.probes++;
    if (anomalous) w.anomalous++;
    w.dropSum += t.dropSum / t.readable;
  }
  let anomalousOwners = 0;
  let dropSum = 0;
  for (const w of owners.values()) {
    if (2 * w.anomalous >= w.probes) anomalousOwners++;
    dropSum += w.dropSum / w.probes;
  }
  const reporting = owners.size;
  const active = new Set(owners.keys());
  for (const o of recentOwners) active.add(o);
  const activeOwners = active.size;
  const quorum = quorumFor(activeOwners, config);
  let state: BucketState;
  if (reporting < config.minOwners) state = "unknown";
  else state = anomalousOwners >= quorum ? "anomalous" : "ok";
  return { state, reportingOwners: [...owners.keys()], activeOwners, anomalousOwners, quorum, drop: reporting ? dropSum / reporting : 0, rounds };
}
