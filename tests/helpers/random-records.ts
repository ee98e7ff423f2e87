// Random but valid measurement records for property tests: several services, countries
// (with OONI's hidden ZZ and AS0), networks, sources and probes; random TCP/TLS times and
// throughput; random failures of different stages and classes.
import type { MeasurementRecord } from "../../lib/measurement/schema";
import type { ServiceId } from "../../lib/measurement/vocabulary";
import type { Random } from "../../lib/random";
import { controlTransfer, dnsAnswer, failedControl, okRecord, tcp, throughput, transfer } from "../unit/fixtures/records";

export interface RandomFleetProbe {
  id: string | null;
  cc: string;
  asn: number;
  region: string | null;
  network_type: "fixed" | "mobile" | null;
  source: "vantage" | "simulated" | "ooni";
}

export const RANDOM_FLEET: RandomFleetProbe[] = [
  { id: "p-ru-1", cc: "RU", asn: 12389, region: "Moscow", network_type: "fixed", source: "vantage" },
  { id: "p-ru-2", cc: "RU", asn: 12389, region: "Moscow", network_type: "mobile", source: "vantage" },
  { id: "p-ru-3", cc: "RU", asn: 8359, region: "Tver", network_type: "mobile", source: "vantage" },
  { id: "p-ru-4", cc: "RU", asn: 8359, region: null, network_type: null, source: "simulated" },
  { id: "p-kz-1", cc: "KZ", asn: 9198, region: "Almaty", network_type: "fixed", source: "vantage" },
  { id: "p-zz-1", cc: "ZZ", asn: 0, region: null, network_type: null, source: "vantage" },
  { id: null, cc: "RU", asn: 8402, region: null, network_type: null, source: "ooni" },
];

const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];

/** One random record of `service` by `probe` at `at`. */
export function randomRecord(rnd: Random, service: ServiceId, probe: RandomFleetProbe, at: Date): MeasurementRecord {
  const base = okRecord(service, {}, {
    started_at: at.toISOString(),
    source: probe.source,
    probe: { id: probe.id, cc: probe.cc, asn: probe.asn, region: probe.region, network_type: probe.network_type, owner: probe.id ? `o-${probe.id}` : null },
  });
  const kbps = 200 + rnd() * 20_000;
  const targets = base.targets.map((t) => {
    const s = { ...t.stages };
    if (s.tcp) s.tcp = { ...s.tcp, t_ms: rnd() < 0.1 ? 0.4 : Math.round(1 + rnd() ** 2 * 900 * 100) / 100 };
    if (s.tls) s.tls = { ...s.tls, t_ms: Math.round((5 + rnd() * 2000) * 1000) / 1000 };
    if (s.throughput) s.throughput = throughput(transfer(s.throughput.url, { kbps }), controlTransfer(kbps));
    return { ...t, stages: s };
  });
  const roll = rnd();
  if (roll < 0.12) {
    // One target's TCP connect times out: a partial block (T1, anomaly).
    const i = targets.findIndex((t) => t.stages.tcp);
    if (i >= 0) targets[i] = { ...targets[i], stages: { ...targets[i].stages, tcp: tcp(targets[i].stages.tcp!.ip, targets[i].stages.tcp!.port, "generic_timeout_error") } };
  } else if (roll < 0.2) {
    // DNS answers with a bogon on every target that resolves: confirmed (D1).
    for (const [i, t] of targets.entries()) if (t.stages.dns) targets[i] = { ...t, stages: { ...t.stages, dns: dnsAnswer(["10.10.34.35"], pick(rnd, [["10.10.34.35"], ["157.240.1.1"]])) } };
  } else if (roll < 0.26) {
    return { ...base, controls: { domestic: failedControl("ya.ru"), foreign: failedControl("www.wikipedia.org") }, ...failAll(targets) };
  }
  return { ...base, targets };
}

/** Every target fails at TCP (so with both controls down the round is inconclusive). */
function failAll(targets: MeasurementRecord["targets"]): { targets: MeasurementRecord["targets"] } {
  return {
    targets: targets.map((t) => (t.stages.tcp ? { ...t, stages: { ...t.stages, tcp: tcp(t.stages.tcp.ip, t.stages.tcp.port, "connection_reset") } } : t)),
  };
}

/** `n` random records spread over [from, from + days). */
export function randomRecords(rnd: Random, n: number, from: Date, days: number): MeasurementRecord[] {
  const services: ServiceId[] = ["whatsapp", "telegram", "max"];
  return Array.from({ length: n }, () => {
    const at = new Date(from.getTime() + Math.floor(rnd() * days * 86_400_000));
    return randomRecord(rnd, pick(rnd, services), pick(rnd, RANDOM_FLEET), at);
  });
}

export function shuffle<T>(rnd: Random, items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
