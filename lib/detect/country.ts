// Country-level events: network events of one service in one country whose onsets fall
// within `countryWindowMinutes` of the earliest of them, in at least `countryMinAsns` ASNs.
import { TECHNIQUES, type Technique } from "../measurement/vocabulary";
import type { DetectConfig } from "./config";
import { dominantTechnique } from "./event-accumulator";
import { eventId } from "./event-id";
import { round3 } from "./network-event";
import type { DetectedEvent, EventEvidence, EventKind } from "./types";

/** Groups of network events (same service and country), each one a country event candidate. */
export function groupByOnset(networkEvents: readonly DetectedEvent[], config: DetectConfig): DetectedEvent[][] {
  const byKey = new Map<string, DetectedEvent[]>();
  for (const e of networkEvents) {
    const key = `${e.service}|${e.scope.cc}`;
    const list = byKey.get(key) ?? [];
    list.push(e);
    byKey.set(key, list);
  }
  const windowMs = config.countryWindowMinutes * 60_000;
  const groups: DetectedEvent[][] = [];
  for (const key of [...byKey.keys()].sort()) {
    const list = (byKey.get(key) as DetectedEvent[]).slice().sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
    let current: DetectedEvent[] = [];
    let anchor = 0;
    for (const e of list) {
      const t = Date.parse(e.start);
      if (current.length > 0 && t - anchor <= windowMs) {
        current.push(e);
        continue;
      }
      if (current.length) groups.push(current);
      current = [e];
      anchor = t;
    }
    if (current.length) groups.push(current);
  }
  return groups.filter((g) => new Set(g.map((e) => (e.scope.level === "network" ? e.scope.asn : -1))).size >= config.countryMinAsns);
}

/**
 * One country event from its member network events. Severity is the members' summed
 * severity over the number of networks of the service observed in the country, so a
 * block of every network scores like a block of one network of the same drop and length.
 */
export function buildCountryEvent(members: readonly DetectedEvent[], networksInCountry: number, kind: EventKind, config: DetectConfig): DetectedEvent {
  const first = members[0];
  const ongoing = members.some((m) => m.ongoing);
  const last = ongoing ? null : members.reduce((a, b) => ((a.end as string) >= (b.end as string) ? a : b));
  const techniques: Partial<Record<Technique, number>> = {};
  const evidence: EventEvidence = { observations: 0, anomalous: 0, healthy: 0, noEvidence: 0, probes: 0, owners: 0, buckets: 0, anomalousBuckets: 0, unknownBuckets: 0 };
  const ids: string[] = [];
  let idCount = 0;
  let severity = 0;
  let dropWeighted = 0;
  let dropWeight = 0;
  const baselines: number[] = [];
  let ratioWeighted = 0;
  let ratioWeight = 0;
  for (const m of members) {
    for (const [t, n] of Object.entries(m.techniques) as [Technique, number][]) techniques[t] = (techniques[t] ?? 0) + n;
    for (const k of Object.keys(evidence) as (keyof EventEvidence)[]) if (k !== "buckets") evidence[k] += m.evidence[k];
    for (const id of m.measurementIds) if (ids.length < config.maxMeasurementIds) ids.push(id);
    idCount += m.measurementCount;
    severity += m.severity;
    dropWeighted += m.meanDrop * m.evidence.buckets;
    dropWeight += m.evidence.buckets;
    if (m.baseline.throughputKbps !== null) baselines.push(m.baseline.throughputKbps);
    if (m.baseline.meanRatio !== null) {
      ratioWeighted += m.baseline.meanRatio * m.evidence.anomalous;
      ratioWeight += m.evidence.anomalous;
    }
  }
  const startMs = Date.parse(first.start);
  const endMs = last ? Date.parse(last.end as string) : Math.max(...members.map((m) => Date.parse(m.start) + m.evidence.buckets * config.bucketMinutes * 60_000));
  evidence.buckets = Math.round((endMs - startMs) / (config.bucketMinutes * 60_000));
  baselines.sort((a, b) => a - b);
  const scope = { level: "country" as const, cc: first.scope.cc };
  return {
    id: eventId(first.service, scope, first.start),
    kind,
    service: first.service,
    scope,
    start: first.start,
    onset: { ...first.onset },
    end: last ? last.end : null,
    endBracket: last ? last.endBracket : null,
    ongoing,
    settled: members.every((m) => m.settled),
    asns: [...new Set(members.flatMap((m) => m.asns))].sort((a, b) => a - b),
    regions: [...new Set(members.flatMap((m) => m.regions))].sort(),
    technique: dominantTechnique(techniques, TECHNIQUES),
    techniques,
    level: members.some((m) => m.level === "critical") ? "critical" : "warning",
    severity: round3(severity / Math.max(1, networksInCountry)),
    meanDrop: round3(dropWeight ? dropWeighted / dropWeight : 0),
    evidence,
    baseline: {
      throughputKbps: baselines.length ? baselines[baselines.length >> 1] : null,
      meanRatio: ratioWeight ? round3(ratioWeighted / ratioWeight) : null,
      probes: members.reduce((n, m) => n + m.baseline.probes, 0),
    },
    measurementIds: ids,
    measurementCount: idCount,
    members: members.map((m) => m.id),
  };
}
