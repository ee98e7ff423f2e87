// Detection over a range (detect) and as measurements arrive (ingest). Both walk every
// network bucket by bucket from its first bucket to the newest one seen; ingest resumes
// from a checkpoint at or before the earliest bucket the new data touched, so late and
// out-of-order data give exactly the events a batch run over the same data gives.
// The state passed to ingest is never modified: buckets, maps and tracks are copied on write.
import type { ServiceId } from "../measurement/vocabulary";
import { bucketOf, bucketStartIso } from "./bucket";
import { resolveDetectConfig, type DetectConfig } from "./config";
import { buildCountryEvent, groupByOnset } from "./country";
import { buildNetworkEvent } from "./network-event";
import { checkObservation, compactObservation, compareCompact, networkKey, type CompactObservation } from "./observation";
import { cloneTrack, decideBucket, emptyTrack, openEventAccumulator, type BucketDecision, type TrackState } from "./network-track";
import { referencesFail } from "./reference";
import { BUCKET_CHUNK, BucketStoreWriter, getBucket, type BucketStore } from "./bucket-store";
import type { DetectedEvent, DetectionResult, NetworkStatus, RoundObservation } from "./types";

interface NetworkEntry {
  service: ServiceId;
  cc: string;
  asn: number;
  first: number;
  buckets: BucketStore;
  /** Processed up to the frontier (track.next === frontier + 1). */
  track: TrackState;
  /** Track states before processing `bucket`, oldest first. */
  checkpoints: { bucket: number; track: TrackState }[];
  /** With retention on: the oldest bucket that can still be replayed (a kept checkpoint); older data is too late. */
  floor: number | null;
}

export interface DetectorState {
  readonly config: DetectConfig;
  readonly frontier: number | null;
  readonly networks: ReadonlyMap<string, NetworkEntry>;
  readonly references: ReadonlyMap<ServiceId, BucketStore>;
  readonly duplicates: number;
  readonly tooLate: number;
}

export function createDetectorState(config: Partial<DetectConfig> = {}): DetectorState {
  return { config: resolveDetectConfig(config), frontier: null, networks: new Map(), references: new Map(), duplicates: 0, tooLate: 0 };
}

/** Inserts into a bucket list kept in deterministic order; false when the id is already there. */
function insertRound(list: CompactObservation[], o: CompactObservation): boolean {
  let i = list.length;
  for (let k = 0; k < list.length; k++) if (list[k].id === o.id) return false;
  while (i > 0 && compareCompact(list[i - 1], o) > 0) i--;
  list.splice(i, 0, o);
  return true;
}

/** Sees every bucket decision a replay makes, with the network it belongs to. */
export type DecisionObserver = (network: { service: ServiceId; cc: string; asn: number }, decision: BucketDecision) => void;

function replay(entry: NetworkEntry, from: number, frontier: number, config: DetectConfig, observe?: DecisionObserver): void {
  let track: TrackState;
  const usable = entry.checkpoints.filter((c) => c.bucket <= from);
  if (from <= entry.first) {
    track = emptyTrack(entry.first);
    entry.checkpoints = [];
  } else if (from >= entry.track.next) {
    // Nothing before the frontier changed: carry on from where the network stood.
    track = cloneTrack(entry.track);
  } else if (usable.length > 0) {
    track = cloneTrack(usable[usable.length - 1].track);
    entry.checkpoints = usable;
  } else {
    // Data older than every kept checkpoint: replay the network from its start.
    track = emptyTrack(entry.first);
    entry.checkpoints = [];
  }
  const every = config.checkpointEveryBuckets;
  while (track.next <= frontier) {
    const b = track.next;
    if (b % every === 0 && b > entry.first && (entry.checkpoints.length === 0 || entry.checkpoints[entry.checkpoints.length - 1].bucket < b)) {
      entry.checkpoints.push({ bucket: b, track: cloneTrack(track) });
    }
    const decision = decideBucket(track, getBucket(entry.buckets, b), getBucket(entry.buckets, b - config.baselineLagBuckets), config);
    observe?.(entry, decision);
  }
  const keepFrom = frontier - config.checkpointRetainBuckets;
  if (entry.checkpoints.length && entry.checkpoints[0].bucket < keepFrom) {
    entry.checkpoints = entry.checkpoints.filter((c) => c.bucket >= keepFrom || c.bucket === entry.floor);
  }
  entry.track = track;
}

/**
 * Retention: moves the network's floor to the newest checkpoint at least `retainBuckets`
 * behind the frontier and drops the observations no replay from there can read.
 */
function applyRetention(entry: NetworkEntry, frontier: number, config: DetectConfig): NetworkEntry {
  const horizon = frontier - config.retainBuckets;
  let base: number | null = null;
  for (const c of entry.checkpoints) if (c.bucket <= horizon) base = c.bucket;
  if (base === null || (entry.floor !== null && base <= entry.floor)) return entry;
  const keepFromBucket = base - config.baselineLagBuckets;
  const buckets = new Map([...entry.buckets].filter(([c]) => (c + 1) * BUCKET_CHUNK > keepFromBucket));
  const floor = base;
  return { ...entry, floor, buckets, checkpoints: entry.checkpoints.filter((c) => c.bucket >= floor) };
}

/**
 * Adds observations (any order, any lateness) and brings every network up to the newest
 * bucket. Returns the new state and the detection result over everything it holds.
 * Throws, naming the observation and field, on bad input; the state is then unchanged.
 */
export function ingest(state: DetectorState, observations: readonly RoundObservation[], observe?: DecisionObserver): { state: DetectorState; result: DetectionResult } {
  const { config } = state;
  const times = observations.map((o, i) => checkObservation(o, i));
  const networks = new Map(state.networks);
  const references = new Map(state.references);
  const writers = new Map<string, BucketStoreWriter>();
  const refWriters = new Map<ServiceId, BucketStoreWriter>();
  const earliest = new Map<string, number>();
  let frontier = state.frontier;
  let duplicates = state.duplicates;
  let tooLate = state.tooLate;

  observations.forEach((o, i) => {
    const atMs = times[i];
    const b = bucketOf(atMs, config);
    const c = compactObservation(o, atMs);
    if (o.reference) {
      let w = refWriters.get(o.service);
      if (!w) {
        w = new BucketStoreWriter(references.get(o.service) ?? new Map());
        refWriters.set(o.service, w);
      }
      if (!insertRound(w.bucketForWrite(b), c)) duplicates++;
      return;
    }
    const key = networkKey(o.service, o.cc, o.asn);
    let w = writers.get(key);
    const old = networks.get(key);
    if (old?.floor != null && b < old.floor) {
      // Older than anything retention lets us replay.
      tooLate++;
      return;
    }
    if (!w) {
      w = new BucketStoreWriter(old?.buckets ?? new Map());
      writers.set(key, w);
      networks.set(
        key,
        old
          ? { ...old, checkpoints: old.checkpoints.slice() }
          : { service: o.service, cc: o.cc, asn: o.asn, first: b, buckets: w.store, track: emptyTrack(b), checkpoints: [], floor: null },
      );
    }
    const e = networks.get(key) as NetworkEntry;
    if (!insertRound(w.bucketForWrite(b), c)) {
      duplicates++;
      return;
    }
    if (b < e.first) e.first = b;
    earliest.set(key, Math.min(earliest.get(key) ?? Infinity, b));
    if (frontier === null || b > frontier) frontier = b;
  });
  for (const [key, w] of writers) (networks.get(key) as NetworkEntry).buckets = w.store;
  for (const [service, w] of refWriters) references.set(service, w.store);

  if (frontier !== null) {
    for (const [key, entry] of networks) {
      const touched = earliest.get(key);
      if (touched === undefined && entry.track.next > frontier) continue;
      const e = writers.has(key) ? entry : { ...entry, checkpoints: entry.checkpoints.slice() };
      networks.set(key, e);
      replay(e, Math.min(touched ?? Infinity, e.track.next), frontier, config, observe);
    }
    if (config.retainBuckets > 0) for (const [key, entry] of networks) networks.set(key, applyRetention(entry, frontier, config));
  }
  const next: DetectorState = { config, frontier, networks, references, duplicates, tooLate };
  return { state: next, result: detectionResult(next) };
}

/**
 * Detection over a whole range of observations at once. `observe`, when given, sees the
 * decision of every network bucket, each exactly once, from the network's first bucket on.
 */
export function detect(observations: readonly RoundObservation[], config: Partial<DetectConfig> = {}, observe?: DecisionObserver): DetectionResult {
  return ingest(createDetectorState(config), observations, observe).result;
}

/** Events and network status for everything the state holds. */
export function detectionResult(state: DetectorState): DetectionResult {
  const { config, frontier } = state;
  if (frontier === null) return { frontier: null, events: [], networks: [], duplicates: state.duplicates, tooLate: state.tooLate };
  const keys = [...state.networks.keys()].sort();
  const networkEvents: DetectedEvent[] = [];
  const statuses: NetworkStatus[] = [];
  const networksPerCountry = new Map<string, number>();
  for (const key of keys) {
    const n = state.networks.get(key) as NetworkEntry;
    const refs = state.references.get(n.service);
    const countryKey = `${n.service}|${n.cc}`;
    networksPerCountry.set(countryKey, (networksPerCountry.get(countryKey) ?? 0) + 1);
    const drafts = n.track.closed.map((c) => ({ acc: c.acc, end: c.end as number | null }));
    const open = openEventAccumulator(n.track, config.maxMeasurementIds);
    if (open) drafts.push({ acc: open, end: null });
    let openId: string | null = null;
    for (const d of drafts) {
      const outage = referencesFail(refs, d.acc.onset, d.end ?? frontier + 1, config);
      const ev = buildNetworkEvent({ service: n.service, cc: n.cc, asn: n.asn, acc: d.acc, end: d.end, kind: outage ? "outage" : "block" }, frontier, config);
      if (d.end === null) openId = ev.id;
      networkEvents.push(ev);
    }
    const t = n.track;
    statuses.push({
      service: n.service,
      cc: n.cc,
      asn: n.asn,
      state: t.lastState === "unknown" ? "unknown" : t.phase === "open" ? "event" : t.phase === "pending" ? "pending" : "ok",
      activeOwners: t.lastActiveOwners,
      openEventId: openId,
      timeline: t.timeline.map((r) => ({ from: bucketStartIso(r.from, config), to: bucketStartIso(r.to, config), state: r.state })),
    });
  }
  const countryEvents: DetectedEvent[] = [];
  for (const group of groupByOnset(networkEvents, config)) {
    const first = group[0];
    const startBucket = bucketOf(Date.parse(first.start), config);
    const ongoing = group.some((m) => m.ongoing);
    const endBucket = ongoing ? frontier + 1 : Math.max(...group.map((m) => bucketOf(Date.parse(m.end as string), config)));
    const outage = referencesFail(state.references.get(first.service), startBucket, endBucket, config);
    if (outage) for (const m of group) m.kind = "outage";
    countryEvents.push(buildCountryEvent(group, networksPerCountry.get(`${first.service}|${first.scope.cc}`) ?? group.length, outage ? "outage" : "block", config));
  }
  const byStart = (a: DetectedEvent, b: DetectedEvent) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  networkEvents.sort(byStart);
  countryEvents.sort(byStart);
  return { frontier: bucketStartIso(frontier, config), events: [...networkEvents, ...countryEvents], networks: statuses, duplicates: state.duplicates, tooLate: state.tooLate };
}
