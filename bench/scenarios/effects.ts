// What is happening to one probe's round for one service at one instant, from the
// scenario's effects resolved for a seed (shifted in time, with per-network offsets).
import type { ServiceId, Technique } from "../../lib/measurement/vocabulary";
import type { SimProbe } from "./fleet";
import type { Prng } from "./prng";
import type { Effect, ScenarioSpec } from "./types";

const HOUR = 3_600_000;

export interface ResolvedEffect {
  effect: Effect;
  /** Per in-country ASN: when the effect holds there. */
  perAsn: Map<number, { fromMs: number; toMs: number }>;
  /** For offline and control outages: the probes it hits. */
  probes: Set<string> | null;
}

export type RoundCondition =
  | { kind: "healthy" }
  | { kind: "offline" }
  | { kind: "inconclusive" }
  | { kind: "blocked"; technique: Technique; status: "blocked" | "partial"; allowlist: boolean }
  | { kind: "throttle"; factor: number }
  | { kind: "stall" };

/** The domestic service keeps working under an allowlist. */
export const DOMESTIC_SERVICE: ServiceId = "max";

export function resolveEffects(spec: ScenarioSpec, probes: SimProbe[], rng: Prng, startMs: number, endMs: number): ResolvedEffect[] {
  const shiftMs = rng.uniform(-spec.shiftHours, spec.shiftHours) * HOUR;
  const allAsns = spec.networks.map((n) => n.asn);
  return spec.effects.map((effect, i) => {
    const er = rng.fork(`effect-${i}`);
    const asns = effect.asns === "all" ? allAsns : effect.asns;
    const perAsn = new Map<number, { fromMs: number; toMs: number }>();
    for (const asn of asns) {
      // Networks do not switch a block on at the same minute.
      const skew = asns.length > 1 ? er.uniform(-10, 10) * 60_000 : 0;
      const fromMs = Math.max(startMs, startMs + effect.from * HOUR + shiftMs + skew);
      const toMs = effect.to === null ? endMs : Math.min(endMs, startMs + effect.to * HOUR + shiftMs + skew);
      perAsn.set(asn, { fromMs, toMs });
    }
    let hit: Set<string> | null = null;
    if (effect.kind === "offline" || effect.kind === "blip" || (effect.kind === "controlOutage" && effect.probes !== undefined)) {
      hit = new Set();
      for (const asn of asns) {
        const seenOwners = new Set<string>();
        const candidates = probes.filter((p) => p.asn === asn && !p.reference);
        const want = effect.kind === "blip" ? Math.round(effect.share * new Set(candidates.map((p) => p.owner)).size) : (effect.probes as number);
        const order = candidates.map((p) => ({ p, r: er.next() })).sort((a, b) => a.r - b.r);
        for (const { p } of order) {
          if (seenOwners.size >= want) break;
          if (seenOwners.has(p.owner)) continue;
          seenOwners.add(p.owner);
          for (const q of candidates) if (q.owner === p.owner) hit.add(q.id);
        }
      }
    }
    return { effect, perAsn, probes: hit };
  });
}

function within(r: ResolvedEffect, probe: SimProbe, t: number): boolean {
  if (r.effect.kind === "outage") {
    // An outage of the service is global: reference probes abroad see it too.
    const span = probe.reference ? [...r.perAsn.values()][0] : r.perAsn.get(probe.asn);
    return span !== undefined && t >= span.fromMs && t < span.toMs;
  }
  if (probe.reference) return false;
  const span = r.perAsn.get(probe.asn);
  if (!span || t < span.fromMs || t >= span.toMs) return false;
  return r.probes === null || r.probes.has(probe.id);
}

export function flapIsOn(fromMs: number, t: number, onMinutes: number, offMinutes: number): boolean {
  const period = (onMinutes + offMinutes) * 60_000;
  return (t - fromMs) % period < onMinutes * 60_000;
}

/** Conditions in priority order: no data, no readable controls, then blocks, then slowdowns. */
export function conditionAt(resolved: ResolvedEffect[], probe: SimProbe, service: ServiceId, t: number): RoundCondition {
  let best: RoundCondition = { kind: "healthy" };
  let rank = 0;
  const offer = (c: RoundCondition, r: number) => {
    if (r > rank) {
      best = c;
      rank = r;
    }
  };
  for (const r of resolved) {
    if (!within(r, probe, t)) continue;
    const e = r.effect;
    switch (e.kind) {
      case "offline":
        offer({ kind: "offline" }, 7);
        break;
      case "controlOutage":
        offer({ kind: "inconclusive" }, 6);
        break;
      case "outage":
        if (e.services.includes(service)) offer({ kind: "blocked", technique: "tcp", status: "blocked", allowlist: false }, 5);
        break;
      case "allowlist":
        if (service !== DOMESTIC_SERVICE) offer({ kind: "blocked", technique: "allowlist", status: "blocked", allowlist: true }, 4);
        break;
      case "block":
      case "blip":
        if (e.services.includes(service)) offer({ kind: "blocked", technique: e.technique, status: e.kind === "block" && e.status ? e.status : "blocked", allowlist: false }, 3);
        break;
      case "flap": {
        const span = r.perAsn.get(probe.asn) as { fromMs: number };
        if (e.services.includes(service) && flapIsOn(span.fromMs, t, e.onMinutes, e.offMinutes)) {
          offer({ kind: "blocked", technique: e.technique, status: "blocked", allowlist: false }, 3);
        }
        break;
      }
      case "stall":
        if (e.services.includes(service)) offer({ kind: "stall" }, 2);
        break;
      case "throttle":
        if (e.services.includes(service)) offer({ kind: "throttle", factor: e.factor }, 1);
        break;
    }
  }
  return best;
}
