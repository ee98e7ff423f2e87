// Turns a scenario spec and a seed into a stream of round observations with arrival times,
// noise (2-5 % random failures, jittered rounds, late and out-of-order delivery, spooling,
// probes joining and leaving) and the ground truth. Same spec and seed, same output.
import type { VerdictClass } from "../../lib/measurement/vocabulary";
import type { RoundObservation } from "../../lib/detect/types";
import { conditionAt, resolveEffects, type RoundCondition } from "./effects";
import { buildFleet, ROUND_MS, type SimProbe } from "./fleet";
import { Prng } from "./prng";
import { groundTruth } from "./truth";
import { addSpent, type BudgetState, fitsBudget } from "../../probes/budget";
import { THROUGHPUT_CAP_BYTES } from "../../lib/verdict/constants";
import type { Effect, GeneratedScenario, ScenarioSpec } from "./types";

/** All scenarios start here (a Monday, 00:00 UTC) so runs are comparable. */
export const SCENARIO_EPOCH_MS = Date.UTC(2026, 0, 5);
const HOUR = 3_600_000;
const MONTH_MS = 30 * 24 * HOUR;
const NOISE_TECHNIQUES = ["dns", "tcp", "tls", "http"] as const;

/** Evening slowdown of up to a quarter, as home networks show. */
function diurnal(t: number): number {
  const hour = (t % (24 * HOUR)) / HOUR;
  return 1 - 0.125 * (1 + Math.sin((2 * Math.PI * (hour - 13)) / 24));
}

function deliveryDelayMs(rng: Prng): number {
  const u = rng.next();
  if (u < 0.92) return rng.uniform(2_000, 60_000);
  if (u < 0.98) return rng.uniform(60_000, 30 * 60_000);
  return rng.uniform(HOUR, 6 * HOUR);
}

interface Outcome {
  status: RoundObservation["status"];
  cls: VerdictClass;
  technique: RoundObservation["technique"];
  allowlist: boolean;
  kbps: number | null;
}

/**
 * `measured`: the probe measures throughput in this round (it does, and its daily budget
 * allows it, as the daemon applies it). A round without throughput cannot see a throttle or
 * a stall: it reaches the service and says nothing about speed.
 */
function outcomeOf(c: RoundCondition, measured: boolean, probe: SimProbe, t: number, rng: Prng, failureRate: number): Outcome {
  const normalKbps = probe.baseKbps * diurnal(t) * Math.exp(0.15 * rng.normal());
  const kbps = measured ? normalKbps : null;
  let out: Outcome;
  switch (c.kind) {
    case "inconclusive":
      return { status: "inconclusive", cls: "failure", technique: null, allowlist: false, kbps: null };
    case "blocked":
      out = { status: c.status, cls: c.technique === "http" && rng.chance(0.5) ? "confirmed" : "anomaly", technique: c.technique, allowlist: c.allowlist, kbps: null };
      break;
    case "stall": {
      // Bytes stop after 14-24 KB; the transfer gives up at 10 s.
      const bytes = rng.uniform(14_000, 24_000);
      out = measured
        ? { status: "throttled", cls: "anomaly", technique: "stall", allowlist: false, kbps: (bytes * 8) / 1000 / 10 }
        : { status: "ok", cls: "ok", technique: null, allowlist: false, kbps: null };
      break;
    }
    case "throttle": {
      const slow = measured ? normalKbps * c.factor : null;
      // The probe-side rule P2 fires only below a quarter of its own baseline.
      const flagged = slow !== null && slow < 0.25 * probe.baseKbps;
      out = { status: flagged ? "throttled" : "ok", cls: flagged ? "anomaly" : "ok", technique: flagged ? "throttling" : null, allowlist: false, kbps: slow };
      break;
    }
    default:
      out = { status: "ok", cls: "ok", technique: null, allowlist: false, kbps };
  }
  if (rng.chance(failureRate)) {
    if (rng.chance(0.5)) return { status: rng.chance(0.5) ? "error" : "inconclusive", cls: "failure", technique: null, allowlist: false, kbps: null };
    if (out.status === "ok") return { status: rng.chance(0.3) ? "partial" : "blocked", cls: "anomaly", technique: rng.pick(NOISE_TECHNIQUES), allowlist: false, kbps: null };
    return { status: "ok", cls: "ok", technique: null, allowlist: false, kbps };
  }
  return out;
}

/** Network-wide failures of 5-20 minutes: too short to be an event, so not in the ground truth. */
function blips(spec: ScenarioSpec, rng: Prng): Effect[] {
  const out: Effect[] = [];
  for (const net of spec.networks) {
    for (let d = 0; d < spec.days; d++) {
      if (!rng.chance(0.5)) continue;
      const from = d * 24 + rng.uniform(0, 24);
      out.push({
        kind: "blip",
        asns: [net.asn],
        from,
        to: from + rng.uniform(5, 20) / 60,
        services: [rng.pick(spec.services)],
        technique: rng.pick(NOISE_TECHNIQUES),
        share: rng.uniform(0.5, 0.9),
      });
    }
  }
  return out;
}

export function generateScenario(spec: ScenarioSpec, seed: number): GeneratedScenario {
  const rng = new Prng(seed).fork(spec.name);
  const startMs = SCENARIO_EPOCH_MS;
  const endMs = startMs + spec.days * 24 * HOUR;
  const probes = buildFleet(spec, rng.fork("fleet"), startMs, endMs);
  const noise = spec.correlatedNoise ? blips(spec, rng.fork("blips")) : [];
  const resolved = resolveEffects({ ...spec, effects: [...spec.effects, ...noise] }, probes, rng.fork("effects"), startMs, endMs);
  const failureRate = rng.fork("rate").uniform(0.02, 0.05);
  const observations: RoundObservation[] = [];
  const receivedAtMs: number[] = [];
  let probeMs = 0;
  for (const probe of probes) {
    const pr = rng.fork(`probe-${probe.id}`);
    // The daemon's daily budget: one throughput object per service plus the control object per round.
    const planned = (spec.services.length + 1) * THROUGHPUT_CAP_BYTES;
    let budget: BudgetState | null = null;
    const from = Math.max(startMs, probe.enrolMs);
    const to = Math.min(endMs, probe.leaveMs);
    if (!probe.reference && to > from) probeMs += to - from;
    for (let k = 0; ; k++) {
      const scheduled = startMs + k * ROUND_MS + probe.phaseMs;
      if (scheduled >= to) break;
      const jitter = Math.max(-180_000, Math.min(180_000, 45_000 * pr.normal()));
      const t = Math.round(scheduled + jitter);
      if (t < from || t >= to) continue;
      const at = new Date(t);
      const spooled = probe.spool !== null && t >= probe.spool.from && t < probe.spool.to;
      const dailyBudget = spec.dailyBudgetBytes ?? null;
      const measured = probe.measuresThroughput && (dailyBudget === null || fitsBudget(budget, at, planned, dailyBudget));
      let booked = false;
      for (const service of spec.services) {
        let c = conditionAt(resolved, probe, service, t);
        if (c.kind === "offline") continue;
        const local = c.kind === "healthy" ? probe.flaky.find((f) => t >= f.from && t < f.to) : undefined;
        if (local) c = { kind: "blocked", technique: local.technique, status: "blocked", allowlist: false };
        const o = outcomeOf(c, measured, probe, t, pr, failureRate);
        if (measured && !booked) {
          budget = addSpent(budget, at, planned); // a round that ran spends its budget once
          booked = true;
        }
        observations.push({
          measurementId: `${spec.name}-${seed}-${probe.id}-${k}-${service}`,
          probeId: probe.id,
          owner: probe.owner,
          cc: probe.cc,
          asn: probe.asn,
          region: probe.region,
          networkType: probe.networkType,
          service,
          at,
          status: o.status,
          class: o.cls,
          technique: o.technique,
          allowlist: o.allowlist,
          throughputKbps: o.kbps,
          reference: probe.reference,
        });
        receivedAtMs.push(spooled ? (probe.spool as { to: number }).to + pr.uniform(1_000, 120_000) : t + deliveryDelayMs(pr));
      }
    }
  }
  const { truth, countryTruth } = groundTruth(spec, resolved, probes, endMs);
  return {
    name: spec.name,
    seed,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    observations,
    receivedAtMs,
    truth,
    countryTruth,
    probeCount: probes.filter((p) => !p.reference).length,
    probeMonths: probeMs / MONTH_MS,
    failureRate,
  };
}

/** Observation indices in the order the server received them (ties by index). */
export function arrivalOrder(s: GeneratedScenario): number[] {
  return s.receivedAtMs.map((_, i) => i).sort((a, b) => s.receivedAtMs[a] - s.receivedAtMs[b] || a - b);
}
