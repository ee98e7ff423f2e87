// The detector's input (one service verdict of one probe round) and output (events and
// per-network status). Statuses and classes come from lib/verdict; the detector only reads them.
import type { NetworkType, ServiceId, ServiceStatus, Technique, VerdictClass } from "../measurement/vocabulary";

/** One probe's verdict for one service in one round. */
export interface RoundObservation {
  measurementId: string;
  probeId: string;
  /** Volunteer (owner) id: a quorum counts distinct owners, not probes. */
  owner: string;
  cc: string;
  asn: number;
  region: string | null;
  networkType: NetworkType | null;
  service: ServiceId;
  /** When the round started, UTC. */
  at: Date | string;
  status: ServiceStatus;
  class: VerdictClass;
  technique: Technique | null;
  allowlist: boolean;
  /** Throughput of the service's throughput target in kbit/s, when measured. */
  throughputKbps?: number | null;
  /** A reference probe outside the country: read only to tell a service outage from a block. */
  reference?: boolean;
}

/** What a network bucket amounts to once the quorum has been counted. */
export type BucketState = "ok" | "anomalous" | "unknown";

export type EventKind = "block" | "outage";
export type EventLevel = "warning" | "critical";

export type EventScope = { level: "network"; cc: string; asn: number } | { level: "country"; cc: string };

export interface EventEvidence {
  /** Rounds of the network inside the event. */
  observations: number;
  /** Rounds that failed (status or throughput against baseline). */
  anomalous: number;
  /** Readable rounds that were fine. */
  healthy: number;
  /** Inconclusive or error rounds: no evidence either way. */
  noEvidence: number;
  probes: number;
  owners: number;
  /** Buckets from onset to end (or to the newest bucket while ongoing). */
  buckets: number;
  anomalousBuckets: number;
  unknownBuckets: number;
}

export interface DetectedEvent {
  /** Derived from service, scope and onset bucket: stable across re-runs. */
  id: string;
  kind: EventKind;
  service: ServiceId;
  scope: EventScope;
  /** Start of the first anomalous bucket. */
  start: string;
  /** The onset lies between the last healthy bucket (null: no healthy data before, e.g. a block older than coverage) and the first anomalous one. */
  onset: { lastHealthy: string | null; firstAnomalous: string };
  /** Start of the first bucket of the healthy run that closed the event; null while ongoing. */
  end: string | null;
  endBracket: { lastAnomalous: string; firstHealthy: string } | null;
  ongoing: boolean;
  /** The buckets that decided onset and end are final (see finalAfterBuckets). */
  settled: boolean;
  asns: number[];
  regions: string[];
  /** Dominant technique; null when the verdicts named none. */
  technique: Technique | null;
  /** Anomalous rounds per technique. */
  techniques: Partial<Record<Technique, number>>;
  level: EventLevel;
  /** Mean relative drop (0..1) times duration in hours, as IODA scores alerts. */
  severity: number;
  meanDrop: number;
  evidence: EventEvidence;
  baseline: { throughputKbps: number | null; meanRatio: number | null; probes: number };
  /** Ids of anomalous measurements behind the event, oldest first, capped; measurementCount is exact. */
  measurementIds: string[];
  measurementCount: number;
  /** For a country event: ids of its network events. */
  members: string[];
}

export interface NetworkStatus {
  service: ServiceId;
  cc: string;
  asn: number;
  /** State at the newest bucket: `unknown` when too few owners reported, never ok or blocked. */
  state: "ok" | "pending" | "event" | "unknown";
  activeOwners: number;
  openEventId: string | null;
  /** Runs of bucket states, oldest first; `to` is exclusive. */
  timeline: { from: string; to: string; state: BucketState }[];
}

export interface DetectionResult {
  /** Start of the newest bucket seen; null with no data. */
  frontier: string | null;
  /** Network events then country events, each ordered by start then id. */
  events: DetectedEvent[];
  networks: NetworkStatus[];
  /** Observations ignored because their measurement id was already present. */
  duplicates: number;
  /** Observations dropped because they were older than retention allows to replay (incremental form with retainBuckets). */
  tooLate: number;
}
