// GET /api/v1/detector-state's answer (pure): the detector's per-bucket state as
// lib/detect/trace.ts reports it, in the API's snake_case.
import { DEFAULT_DETECT_CONFIG } from "../detect/config";
import { scopeKey } from "../detect/event-id";
import type { CountryBucket, DetectorTrace, TracedBucket } from "../detect/trace";
import type { DetectorStateQuery } from "./detector-state-params";

const networkBucket = (b: TracedBucket) => ({
  start: b.start,
  end: b.end,
  state: b.state,
  buckets: b.buckets,
  rounds: b.rounds,
  evidence_rounds: b.evidenceRounds,
  anomalous_rounds: b.anomalousRounds,
  probes: b.probes,
  owners: b.owners,
  active_owners: b.activeOwners,
  anomalous_owners: b.anomalousOwners,
  quorum: b.quorum,
  quorum_met: b.quorumMet,
  technique: b.technique,
  phase: b.phase,
  event_ids: b.eventIds,
});

const countryBucket = (b: CountryBucket) => ({
  start: b.start,
  end: b.end,
  state: b.state,
  networks: b.networks,
  anomalous_networks: b.anomalousNetworks,
  quorum: b.quorum,
  quorum_met: b.quorumMet,
  networks_in_event: b.networksInEvent,
  event_ids: b.eventIds,
});

/** The detector thresholds a reader needs to follow the buckets. */
const RULES = {
  bucket_minutes: DEFAULT_DETECT_CONFIG.bucketMinutes,
  min_owners: DEFAULT_DETECT_CONFIG.minOwners,
  quorum_share: DEFAULT_DETECT_CONFIG.quorumShare,
  active_window_buckets: DEFAULT_DETECT_CONFIG.activeWindowBuckets,
  open_buckets: DEFAULT_DETECT_CONFIG.openBuckets,
  open_share: DEFAULT_DETECT_CONFIG.openShare,
  open_buckets_weak: DEFAULT_DETECT_CONFIG.openBucketsWeak,
  close_buckets: DEFAULT_DETECT_CONFIG.closeBuckets,
  max_gap_buckets: DEFAULT_DETECT_CONFIG.maxGapBuckets,
  country_min_asns: DEFAULT_DETECT_CONFIG.countryMinAsns,
};

export function detectorStateView(q: DetectorStateQuery, t: DetectorTrace) {
  return {
    test_name: q.service,
    probe_cc: q.cc,
    probe_asn: q.asn,
    since: q.from.toISOString(),
    until: q.to.toISOString(),
    grain: q.grain,
    frontier: t.frontier,
    rules: RULES,
    networks: t.networks.map((n) => ({ probe_asn: n.asn, buckets: n.buckets.map(networkBucket) })),
    country: t.country?.map(countryBucket) ?? null,
    events: t.events.map((e) => ({
      id: e.id,
      kind: e.kind,
      scope: `${e.scope.level}:${scopeKey(e.scope)}`,
      started_at: e.start,
      ended_at: e.end,
      ongoing: e.ongoing,
      technique: e.technique,
    })),
  };
}
