// The simulated probes of a scenario: owners, networks, schedule phase, normal speed,
// enrolment and departure (churn), and spool episodes that deliver results late.
import type { NetworkType } from "../../lib/measurement/vocabulary";
import type { Prng } from "./prng";
import type { ScenarioSpec } from "./types";

export interface SimProbe {
  id: string;
  owner: string;
  cc: string;
  asn: number;
  region: string;
  networkType: NetworkType;
  reference: boolean;
  /** Offset of this probe's rounds inside the schedule period. */
  phaseMs: number;
  /** Normal throughput of the service targets in kbit/s. */
  baseKbps: number;
  measuresThroughput: boolean;
  enrolMs: number;
  leaveMs: number;
  /** While offline from the server the probe spools results and uploads them at `to`. */
  spool: { from: number; to: number } | null;
  /** Episodes of a local problem on this probe alone (its rounds fail, controls pass). */
  flaky: { from: number; to: number; technique: "tcp" | "http" }[];
}

export const ROUND_MS = 10 * 60_000;
const HOUR = 3_600_000;
const REFERENCE_NETWORKS = [
  { cc: "DE", asn: 3320, region: "Hesse" },
  { cc: "NL", asn: 1136, region: "North Holland" },
  { cc: "FI", asn: 1759, region: "Uusimaa" },
  { cc: "SE", asn: 3301, region: "Stockholm" },
];

function flakyEpisodes(rng: Prng, startMs: number, endMs: number): SimProbe["flaky"] {
  const out: SimProbe["flaky"] = [];
  const days = (endMs - startMs) / (24 * HOUR);
  for (let d = 0; d < days; d++) {
    if (!rng.chance(1 / 3)) continue;
    const from = startMs + (d + rng.next()) * 24 * HOUR;
    out.push({ from, to: from + rng.uniform(20, 120) * 60_000, technique: rng.chance(0.5) ? "tcp" : "http" });
  }
  return out;
}

function newProbe(rng: Prng, id: string, owner: string, cc: string, asn: number, region: string, networkType: NetworkType, reference: boolean, enrolMs: number, endMs: number, startMs: number, noisy: boolean): SimProbe {
  const spool = rng.chance(0.25)
    ? (() => {
        const from = rng.uniform(startMs, endMs);
        return { from, to: from + rng.uniform(2, 12) * HOUR };
      })()
    : null;
  return {
    id,
    owner,
    cc,
    asn,
    region,
    networkType,
    reference,
    phaseMs: rng.uniform(0, ROUND_MS),
    baseKbps: Math.exp(rng.uniform(Math.log(1500), Math.log(30000))),
    measuresThroughput: rng.chance(0.9),
    enrolMs,
    leaveMs: Infinity,
    spool,
    flaky: noisy ? flakyEpisodes(rng.fork(`flaky-${id}`), startMs, endMs) : [],
  };
}

export function buildFleet(spec: ScenarioSpec, rng: Prng, startMs: number, endMs: number): SimProbe[] {
  const probes: SimProbe[] = [];
  for (const net of spec.networks) {
    const netRng = rng.fork(`net-${net.asn}`);
    const owners = Array.from({ length: net.owners }, (_, i) => `o${net.asn}-${i + 1}`);
    if (spec.churn && net.owners >= 4) owners.push(`o${net.asn}-${net.owners + 1}`);
    owners.forEach((owner, i) => {
      const joiner = spec.churn && net.owners >= 4 && i === owners.length - 1;
      const enrolBase = net.enrolAtHours !== undefined ? startMs + (net.enrolAtHours + ((net.enrolSpreadHours ?? 0) * i) / Math.max(1, owners.length - 1)) * HOUR : startMs;
      const enrolMs = joiner ? startMs + netRng.uniform(0.2, 0.5) * (endMs - startMs) : enrolBase;
      const count = netRng.chance(0.3) ? 2 : 1;
      for (let p = 0; p < count; p++) {
        const region = netRng.pick(net.regions);
        probes.push(newProbe(netRng, `p${net.asn}-${i + 1}${p ? "b" : ""}`, owner, spec.cc, net.asn, region, net.networkType, false, enrolMs, endMs, startMs, spec.correlatedNoise));
      }
    });
    if (spec.churn && net.owners >= 4) {
      // One of the original volunteers leaves in the second half.
      const leaver = `o${net.asn}-1`;
      const leaveMs = startMs + netRng.uniform(0.5, 0.9) * (endMs - startMs);
      for (const p of probes) if (p.owner === leaver) p.leaveMs = leaveMs;
    }
  }
  const refRng = rng.fork("references");
  for (let i = 0; i < spec.referenceOwners; i++) {
    const ref = REFERENCE_NETWORKS[i % REFERENCE_NETWORKS.length];
    probes.push(newProbe(refRng, `ref-${i + 1}`, `ref-owner-${i + 1}`, ref.cc, ref.asn, ref.region, "fixed", true, startMs, endMs, startMs, spec.correlatedNoise));
  }
  return probes;
}
