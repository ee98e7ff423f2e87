// Evidence gathered over the buckets of one (pending or open) network event.
import type { Technique } from "../measurement/vocabulary";
import type { BucketAssessment } from "./quorum";

export interface EventAccumulator {
  onset: number;
  /** Last healthy bucket before the onset; null when there was none. */
  lastHealthyBefore: number | null;
  lastAnomalous: number;
  anomalousBuckets: number;
  unknownBuckets: number;
  okBuckets: number;
  observations: number;
  anomalous: number;
  healthy: number;
  noEvidence: number;
  reachabilityRounds: number;
  /** Drop summed over buckets that had any readable round, and how many those were. */
  dropSum: number;
  dropBuckets: number;
  ratioSum: number;
  ratioCount: number;
  probes: Set<string>;
  owners: Set<string>;
  regions: Set<string>;
  techniques: Partial<Record<Technique, number>>;
  /** Median baselines of the probes that had one in the onset bucket. */
  baselineKbps: number[];
  ids: string[];
  idCount: number;
}

export function startAccumulator(onset: number, lastHealthyBefore: number | null): EventAccumulator {
  return {
    onset,
    lastHealthyBefore,
    lastAnomalous: onset,
    anomalousBuckets: 0,
    unknownBuckets: 0,
    okBuckets: 0,
    observations: 0,
    anomalous: 0,
    healthy: 0,
    noEvidence: 0,
    reachabilityRounds: 0,
    dropSum: 0,
    dropBuckets: 0,
    ratioSum: 0,
    ratioCount: 0,
    probes: new Set(),
    owners: new Set(),
    regions: new Set(),
    techniques: {},
    baselineKbps: [],
    ids: [],
    idCount: 0,
  };
}

export function cloneAccumulator(a: EventAccumulator): EventAccumulator {
  return {
    ...a,
    probes: new Set(a.probes),
    owners: new Set(a.owners),
    regions: new Set(a.regions),
    techniques: { ...a.techniques },
    baselineKbps: a.baselineKbps.slice(),
    ids: a.ids.slice(),
  };
}

/** Adds one bucket's rounds. Mutates `a` (the caller owns it). */
export function addBucket(a: EventAccumulator, bucket: number, assessment: BucketAssessment, maxIds: number): void {
  if (assessment.state === "anomalous") {
    a.anomalousBuckets++;
    a.lastAnomalous = bucket;
  } else if (assessment.state === "unknown") a.unknownBuckets++;
  else a.okBuckets++;
  if (assessment.reportingOwners.length > 0) {
    a.dropSum += assessment.drop;
    a.dropBuckets++;
  }
  const firstBucket = a.observations === 0 && bucket === a.onset;
  for (const { o, j, baselineKbps } of assessment.rounds) {
    a.observations++;
    if (firstBucket && baselineKbps !== null && j.readable) a.baselineKbps.push(baselineKbps);
    // A carried judgement (a probe's last throughput sample standing for a round that
    // measured none) decides the quorum but is no measurement of its own.
    if (!j.readable || j.carried) {
      a.noEvidence++;
      continue;
    }
    if (!j.anomalous) {
      a.healthy++;
      continue;
    }
    a.anomalous++;
    if (j.reachability) a.reachabilityRounds++;
    if (j.ratio !== null) {
      a.ratioSum += j.ratio;
      a.ratioCount++;
    }
    a.probes.add(o.probeId);
    a.owners.add(o.owner);
    if (o.region) a.regions.add(o.region);
    if (j.technique) a.techniques[j.technique] = (a.techniques[j.technique] ?? 0) + 1;
    a.idCount++;
    if (a.ids.length < maxIds) a.ids.push(o.id);
  }
}

/** Counters that simply add up when two accumulators are folded together. */
const SUMMED = [
  "anomalousBuckets",
  "unknownBuckets",
  "okBuckets",
  "observations",
  "anomalous",
  "healthy",
  "noEvidence",
  "reachabilityRounds",
  "dropSum",
  "dropBuckets",
  "ratioSum",
  "ratioCount",
] as const satisfies readonly (keyof EventAccumulator)[];

/** Folds `tail` (buckets after the last anomalous one) into `a`. Mutates `a`. */
export function mergeAccumulator(a: EventAccumulator, tail: EventAccumulator, maxIds: number): void {
  a.lastAnomalous = Math.max(a.lastAnomalous, tail.anomalousBuckets > 0 ? tail.lastAnomalous : a.lastAnomalous);
  for (const k of SUMMED) a[k] += tail[k];
  for (const p of tail.probes) a.probes.add(p);
  for (const w of tail.owners) a.owners.add(w);
  for (const r of tail.regions) a.regions.add(r);
  for (const [t, n] of Object.entries(tail.techniques) as [Technique, number][]) a.techniques[t] = (a.techniques[t] ?? 0) + n;
  a.idCount += tail.idCount;
  for (const id of tail.ids) {
    if (a.ids.length >= maxIds) break;
    a.ids.push(id);
  }
}

/** The technique with the most anomalous rounds; ties go to the earlier one in TECHNIQUES order. */
export function dominantTechnique(techniques: Partial<Record<Technique, number>>, order: readonly Technique[]): Technique | null {
  let best: Technique | null = null;
  let bestN = 0;
  for (const t of order) {
    const n = techniques[t] ?? 0;
    if (n > bestN) {
      best = t;
      bestN = n;
    }
  }
  return best;
}
