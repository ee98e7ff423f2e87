// What the detector saw, bucket by bucket: the decisions the detector itself makes
// (decideBucket, network-track.ts, recorded while `detect` walks each network), the event
// open in each bucket, a country aggregate of the networks' states, and summaries of the
// 10-minute buckets by hour or day. Pure: the store reads the rounds (lib/store/detector-state.ts).
import type { ServiceId, Technique } from "../measurement/vocabulary";
import { TECHNIQUES } from "../measurement/vocabulary";
import { bucketMs, bucketOf } from "./bucket";
import { resolveDetectConfig, type DetectConfig } from "./config";
import { detect } from "./detector";
import { dominantTechnique } from "./event-accumulator";
import { unmeasuredCounts, type BucketCounts, type BucketDecision } from "./network-track";
import type { BucketState, DetectedEvent, RoundObservation } from "./types";

export interface TraceQuery {
  service: ServiceId;
  cc: string;
  /** One network; null: every network of the country and the country aggregate. */
  asn: number | null;
  /** [from, to): bucket-aligned by the caller or not; buckets touching it are reported. */
  from: Date;
  to: Date;
  /** Length of a reported bucket in minutes: bucketMinutes (the detector's own), 60 or 1440. */
  grainMinutes: number;
}

/**
 * One reported bucket of one network: the detector's decisions over it. Summarised (hour,
 * day): state anomalous if any was, else unknown if more were unknown than ok, else ok;
 * rounds summed; probes, owners, active owners the most in any detector bucket inside;
 * anomalousOwners and quorum those of the detector bucket with the most failing owners;
 * quorumMet if any met it; phase after the last one.
 */
export interface TracedBucket extends BucketCounts {
  start: string;
  end: string;
  /** Detector buckets inside by state (1 in all for the detector's own grain). */
  buckets: Record<BucketState, number>;
  /** Network events covering any part of the bucket. */
  eventIds: string[];
}

/** One reported bucket of the country: how its networks stood, the rule country events are built on. */
export interface CountryBucket {
  start: string;
  end: string;
  /** anomalous: at least countryMinAsns networks anomalous in a detector bucket inside; unknown: fewer than countryMinAsns networks decided (ok or anomalous) in every one; else ok. */
  state: BucketState;
  /** Networks by their (summarised) state in this bucket. */
  networks: Record<BucketState, number>;
  /** Most networks anomalous at once in a detector bucket inside, and the countryMinAsns it is held against. */
  anomalousNetworks: number;
  quorum: number;
  quorumMet: boolean;
  /** Networks whose network event covers part of the bucket. */
  networksInEvent: number;
  /** Country events covering any part of the bucket. */
  eventIds: string[];
}

export interface DetectorTrace {
  /** Start of the newest detector bucket with data; null with none. */
  frontier: string | null;
  bucketMinutes: number;
  grainMinutes: number;
  networks: { asn: number; buckets: TracedBucket[] }[];
  /** Only for a country query (asn null). */
  country: CountryBucket[] | null;
  /** Events of the scope (network events, then country events) overlapping [from, to). */
  events: DetectedEvent[];
}

/** The reported buckets a query spans (what the API bounds), without computing them. */
export function traceBucketCount(from: Date, to: Date, grainMinutes: number): number {
  const g = grainMinutes * 60_000;
  if (to <= from) return 0;
  return Math.floor((to.getTime() - 1) / g) - Math.floor(from.getTime() / g) + 1;
}

interface Span {
  id: string;
  from: number;
  /** Exclusive, in detector buckets. */
  to: number;
}

function eventSpan(e: DetectedEvent, frontier: number, config: DetectConfig): Span {
  const from = bucketOf(Date.parse(e.start), config);
  const to = e.end === null ? frontier + 1 : bucketOf(Date.parse(e.end), config);
  return { id: e.id, from, to };
}

function unseen(bucket: number): BucketDecision {
  return { ...unmeasuredCounts(), bucket, runOnset: null };
}

function summaryState(counts: Record<BucketState, number>): BucketState {
  if (counts.anomalous > 0) return "anomalous";
  return counts.unknown > counts.ok ? "unknown" : "ok";
}

/** Detector decisions of one grain bucket folded into one reported bucket. */
export function summariseDecisions(decisions: readonly BucketDecision[], start: number, end: number, eventIds: string[]): TracedBucket {
  const buckets: Record<BucketState, number> = { ok: 0, anomalous: 0, unknown: 0 };
  const techniques: Partial<Record<Technique, number>> = {};
  const out: TracedBucket = { ...unmeasuredCounts(), start: new Date(start).toISOString(), end: new Date(end).toISOString(), buckets, eventIds };
  let worst: BucketDecision | null = null;
  for (const d of decisions) {
    buckets[d.state]++;
    out.rounds += d.rounds;
    out.evidenceRounds += d.evidenceRounds;
    out.anomalousRounds += d.anomalousRounds;
    out.probes = Math.max(out.probes, d.probes);
    out.owners = Math.max(out.owners, d.owners);
    out.activeOwners = Math.max(out.activeOwners, d.activeOwners);
    if (!worst || d.anomalousOwners > worst.anomalousOwners || (d.anomalousOwners === worst.anomalousOwners && d.quorum > worst.quorum)) worst = d;
    if (d.quorumMet) out.quorumMet = true;
    if (d.state === "anomalous" && d.technique) techniques[d.technique] = (techniques[d.technique] ?? 0) + 1;
    out.phase = d.phase;
  }
  out.state = summaryState(buckets);
  out.anomalousOwners = worst?.anomalousOwners ?? 0;
  out.quorum = worst?.quorum ?? 0;
  out.technique = dominantTechnique(techniques, TECHNIQUES);
  return out;
}

function idsOver(spans: readonly Span[], from: number, to: number): string[] {
  return spans.filter((s) => s.from < to && s.to > from).map((s) => s.id);
}

/**
 * Runs the detector over `observations` (the rounds of the query's service and country,
 * from far enough back that runs crossing `from` are rebuilt) and reports every bucket of
 * [from, to) at the query's grain: per network the detector's own decisions, and for a
 * country query the aggregate of its networks. Buckets the detector never walked (before
 * a network's first round, after the newest one) are `unknown` with nothing counted.
 */
export function traceDetection(observations: readonly RoundObservation[], query: TraceQuery, overrides: Partial<DetectConfig> = {}): DetectorTrace {
  const config = resolveDetectConfig(overrides);
  const bMs = bucketMs(config);
  const gMs = query.grainMinutes * 60_000;
  if (gMs % bMs !== 0) throw new Error(`grain of ${query.grainMinutes} minutes is not a whole number of ${config.bucketMinutes}-minute buckets`);
  const firstGrain = Math.floor(query.from.getTime() / gMs) * gMs;
  const endGrain = Math.ceil(query.to.getTime() / gMs) * gMs;
  const fromBucket = firstGrain / bMs;
  const toBucket = endGrain / bMs;
  const scoped = observations.filter((o) => o.reference || (o.service === query.service && o.cc === query.cc && (query.asn === null || o.asn === query.asn)));
  const decisions = new Map<number, Map<number, BucketDecision>>();
  const result = detect(scoped, config, (network, d) => {
    if (d.bucket < fromBucket || d.bucket >= toBucket || network.service !== query.service || network.cc !== query.cc) return;
    let m = decisions.get(network.asn);
    if (!m) decisions.set(network.asn, (m = new Map()));
    m.set(d.bucket, d);
  });
  const frontier = result.frontier === null ? null : bucketOf(Date.parse(result.frontier), config);
  const inScope = result.events.filter((e) => e.service === query.service && e.scope.cc === query.cc);
  const spans = (level: "network" | "country", asn?: number) =>
    frontier === null
      ? []
      : inScope.filter((e) => e.scope.level === level && (asn === undefined || (e.scope.level === "network" && e.scope.asn === asn))).map((e) => eventSpan(e, frontier, config));
  const asns = [...new Set(result.networks.filter((n) => n.service === query.service && n.cc === query.cc).map((n) => n.asn))].sort((a, b) => a - b);
  if (query.asn !== null && !asns.includes(query.asn)) asns.push(query.asn);
  const perBucket = gMs / bMs;
  const networks = asns.map((asn) => {
    const seen = decisions.get(asn) ?? new Map<number, BucketDecision>();
    const own = spans("network", asn);
    const buckets: TracedBucket[] = [];
    for (let g = firstGrain; g < endGrain; g += gMs) {
      const first = g / bMs;
      const ds: BucketDecision[] = [];
      for (let b = first; b < first + perBucket; b++) ds.push(seen.get(b) ?? unseen(b));
      buckets.push(summariseDecisions(ds, g, g + gMs, idsOver(own, first, first + perBucket)));
    }
    return { asn, buckets, spans: own, seen };
  });
  let country: CountryBucket[] | null = null;
  if (query.asn === null) {
    const countrySpans = spans("country");
    country = [];
    for (let g = firstGrain, i = 0; g < endGrain; g += gMs, i++) {
      const first = g / bMs;
      const states: Record<BucketState, number> = { ok: 0, anomalous: 0, unknown: 0 };
      for (const n of networks) states[n.buckets[i].state]++;
      let anomalousNetworks = 0;
      let decidedEnough = false;
      for (let b = first; b < first + perBucket; b++) {
        let anomalous = 0;
        let decided = 0;
        for (const n of networks) {
          const s = n.seen.get(b)?.state ?? "unknown";
          if (s === "anomalous") anomalous++;
          if (s !== "unknown") decided++;
        }
        anomalousNetworks = Math.max(anomalousNetworks, anomalous);
        if (decided >= config.countryMinAsns) decidedEnough = true;
      }
      const quorumMet = anomalousNetworks >= config.countryMinAsns;
      country.push({
        start: new Date(g).toISOString(),
        end: new Date(g + gMs).toISOString(),
        state: quorumMet ? "anomalous" : decidedEnough ? "ok" : "unknown",
        networks: states,
        anomalousNetworks,
        quorum: config.countryMinAsns,
        quorumMet,
        networksInEvent: networks.filter((n) => idsOver(n.spans, first, first + perBucket).length > 0).length,
        eventIds: idsOver(countrySpans, first, first + perBucket),
      });
    }
  }
  const overlapping = inScope.filter((e) => {
    if (frontier === null) return false;
    const s = eventSpan(e, frontier, config);
    if (!(s.from < toBucket && s.to > fromBucket)) return false;
    return query.asn === null || (e.scope.level === "network" && e.scope.asn === query.asn);
  });
  return {
    frontier: result.frontier,
    bucketMinutes: config.bucketMinutes,
    grainMinutes: query.grainMinutes,
    networks: networks.map(({ asn, buckets }) => ({ asn, buckets })),
    country,
    events: overlapping,
  };
}
