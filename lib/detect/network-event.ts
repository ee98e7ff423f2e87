// Turns a network track's accumulated evidence into a published network event.
import { TECHNIQUES, type ServiceId } from "../measurement/vocabulary";
import { bucketStartIso, isFinalBucket } from "./bucket";
import type { DetectConfig } from "./config";
import { dominantTechnique, type EventAccumulator } from "./event-accumulator";
import { eventId } from "./event-id";
import type { DetectedEvent, EventKind, EventScope } from "./types";

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

export interface NetworkEventInput {
  service: ServiceId;
  cc: string;
  asn: number;
  acc: EventAccumulator;
  /** First healthy bucket of the closing run; null while ongoing. */
  end: number | null;
  kind: EventKind;
}

export function buildNetworkEvent(input: NetworkEventInput, frontier: number, config: DetectConfig): DetectedEvent {
  const { acc, end } = input;
  const scope: EventScope = { level: "network", cc: input.cc, asn: input.asn };
  const start = bucketStartIso(acc.onset, config);
  const endExclusive = end ?? frontier + 1;
  const buckets = endExclusive - acc.onset;
  const meanDrop = acc.dropBuckets ? acc.dropSum / acc.dropBuckets : 0;
  const meanRatio = acc.ratioCount ? acc.ratioSum / acc.ratioCount : null;
  const critical = 2 * acc.reachabilityRounds > acc.anomalous || (meanRatio !== null && meanRatio < config.criticalRatio);
  const baselineKbps = median(acc.baselineKbps);
  return {
    id: eventId(input.service, scope, start),
    kind: input.kind,
    service: input.service,
    scope,
    start,
    onset: {
      lastHealthy: acc.lastHealthyBefore === null ? null : bucketStartIso(acc.lastHealthyBefore, config),
      firstAnomalous: start,
    },
    end: end === null ? null : bucketStartIso(end, config),
    endBracket: end === null ? null : { lastAnomalous: bucketStartIso(acc.lastAnomalous, config), firstHealthy: bucketStartIso(end, config) },
    ongoing: end === null,
    settled:
      isFinalBucket(acc.onset + config.openBuckets - 1, frontier, config) &&
      end !== null &&
      isFinalBucket(end + config.closeBuckets - 1, frontier, config),
    asns: [input.asn],
    regions: [...acc.regions].sort(),
    technique: dominantTechnique(acc.techniques, TECHNIQUES),
    techniques: { ...acc.techniques },
    level: critical ? "critical" : "warning",
    severity: round3((meanDrop * buckets * config.bucketMinutes) / 60),
    meanDrop: round3(meanDrop),
    evidence: {
      observations: acc.observations,
      anomalous: acc.anomalous,
      healthy: acc.healthy,
      noEvidence: acc.noEvidence,
      probes: acc.probes.size,
      owners: acc.owners.size,
      buckets,
      anomalousBuckets: acc.anomalousBuckets,
      unknownBuckets: acc.unknownBuckets,
    },
    baseline: {
      throughputKbps: baselineKbps === null ? null : round3(baselineKbps),
      meanRatio: meanRatio === null ? null : round3(meanRatio),
      probes: acc.baselineKbps.length,
    },
    measurementIds: acc.ids.slice(),
    measurementCount: acc.idCount,
    members: [],
  };
}
