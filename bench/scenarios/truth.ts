// Ground truth of a generated scenario: which network events really happened, when a
// quorum could first see them, and which ones the network had too few owners to see.
import type { ServiceId, Technique } from "../../lib/measurement/vocabulary";
import { DOMESTIC_SERVICE, type ResolvedEffect } from "./effects";
import type { SimProbe } from "./fleet";
import type { ScenarioSpec, TruthCountryEvent, TruthEvent } from "./types";

/** The spec's quorum floor: a network with fewer owners can only be `unknown`. */
const MIN_OWNERS = 3;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function affected(e: ResolvedEffect["effect"], services: ServiceId[]): { services: ServiceId[]; technique: Technique } | null {
  switch (e.kind) {
    case "block":
    case "flap":
      return { services: e.services.filter((s) => services.includes(s)), technique: e.technique };
    case "stall":
      return { services: e.services.filter((s) => services.includes(s)), technique: "stall" };
    case "throttle":
      return { services: e.services.filter((s) => services.includes(s)), technique: "throttling" };
    case "allowlist":
      return { services: services.filter((s) => s !== DOMESTIC_SERVICE), technique: "allowlist" };
    case "outage":
      return { services: e.services.filter((s) => services.includes(s)), technique: "tcp" };
    default:
      return null;
  }
}

function ownersActiveAt(probes: SimProbe[], asn: number, t: number, throughputOnly: boolean): number {
  const owners = new Set<string>();
  for (const p of probes) {
    if (p.reference || p.asn !== asn || p.enrolMs > t || p.leaveMs <= t) continue;
    if (throughputOnly && !p.measuresThroughput) continue;
    owners.add(p.owner);
  }
  return owners.size;
}

export function groundTruth(spec: ScenarioSpec, resolved: ResolvedEffect[], probes: SimProbe[], endMs: number): { truth: TruthEvent[]; countryTruth: TruthCountryEvent[] } {
  const truth: TruthEvent[] = [];
  const countryTruth: TruthCountryEvent[] = [];
  for (const r of resolved) {
    const a = affected(r.effect, spec.services);
    if (!a) continue;
    for (const service of a.services) {
      const members: TruthEvent[] = [];
      for (const [asn, span] of r.perAsn) {
        let endMs2 = span.toMs;
        if (r.effect.kind === "flap") {
          const period = (r.effect.onMinutes + r.effect.offMinutes) * 60_000;
          const k = Math.ceil((span.toMs - span.fromMs) / period) - 1;
          endMs2 = Math.min(span.toMs, span.fromMs + k * period + r.effect.onMinutes * 60_000);
        }
        const ownerEnrols = new Map<string, number>();
        for (const p of probes) {
          if (p.reference || p.asn !== asn) continue;
          ownerEnrols.set(p.owner, Math.min(ownerEnrols.get(p.owner) ?? Infinity, p.enrolMs));
        }
        const enrolTimes = [...ownerEnrols.values()].sort((x, y) => x - y);
        const quorumFrom = enrolTimes.length >= MIN_OWNERS ? enrolTimes[MIN_OWNERS - 1] : Infinity;
        const observableStart = Math.max(span.fromMs, quorumFrom);
        const mid = (observableStart + endMs2) / 2;
        const active = ownersActiveAt(probes, asn, mid, false);
        let detectable = observableStart < endMs2 && active >= MIN_OWNERS;
        if (detectable && r.effect.kind === "throttle") {
          // Only probes that measure throughput can see a slowdown.
          detectable = ownersActiveAt(probes, asn, mid, true) >= Math.max(MIN_OWNERS, Math.ceil(active / 2));
        }
        const t: TruthEvent = {
          service,
          cc: spec.cc,
          asn,
          kind: r.effect.kind === "outage" ? "outage" : "block",
          technique: a.technique,
          start: iso(span.fromMs),
          end: endMs2 >= endMs ? null : iso(endMs2),
          observableStart: iso(Math.min(observableStart, endMs2)),
          detectable,
        };
        truth.push(t);
        if (detectable) members.push(t);
      }
      if (members.length >= 2) {
        countryTruth.push({
          service,
          cc: spec.cc,
          kind: members[0].kind,
          start: members.map((m) => m.start).sort()[0],
          end: members.some((m) => m.end === null) ? null : (members.map((m) => m.end as string).sort().pop() as string),
          asns: members.map((m) => m.asn).sort((x, y) => x - y),
        });
      }
    }
  }
  return { truth, countryTruth };
}
