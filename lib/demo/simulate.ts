// Simulated measurements for the demo store: a dozen Russian vantage points from
// 2025-07-01 to 2026-03-31 whose raw stage results follow the known events of the design
// brief. The generator writes raw results only; the server's rules score them and the
// live detector finds the events, so the demo exercises the same path as real data.
// Deterministic for a given seed. Every record has source "simulated" and the site labels it so.
//
// Schedule: a thin long history (each probe once a day) beside dense windows around the
// known onsets, where the probes of the networks with three owners (Rostelecom, MTS)
// measure every 10 minutes, the detector's bucket: its quorum of three distinct owners
// per bucket is reached only there, so events are found there and nowhere else (outside
// them the detector honestly says "unknown").
//
// Simplifications, stated so nobody reads them as history: the October 2025 restriction
// of WhatsApp is modelled as a first wave that lifts on 2025-10-27 and the December
// throttling as lasting until 2026-02-01, so the detector sees WhatsApp healthy before the
// block of 2026-02-11 and reports the restriction and the block as two events (the real
// restrictions overlapped). A short dense window on 2025-11-01 lets the detector see the
// first wave has ended.
import { v5 as uuidv5 } from "uuid";
import type { MeasurementRecord, Stages, TargetResult, Transfer } from "../measurement/schema";
import type { NetworkType, ServiceId } from "../measurement/vocabulary";
import { controlsFor, publishedNetworks, serviceTargets, targetPlaces, TARGETS_VERSION, THROUGHPUT_CONTROL, type Target } from "../targets";
import { RULES_VERSION } from "../verdict";
import { roundTripFloorMs } from "../verdict/middlebox";
import { typicalAnswer } from "../verdict/profile";
import { mulberry32, type Random } from "../random";

export interface DemoProbe {
  id: string;
  owner: string;
  asn: number;
  asnName: string;
  region: string;
  networkType: NetworkType;
}

export const DEMO_PROBES: readonly DemoProbe[] = [
  { id: "demo-rt-msk", owner: "demo-owner-1", asn: 12389, asnName: "Rostelecom", region: "Moscow", networkType: "fixed" },
  { id: "demo-rt-spb", owner: "demo-owner-2", asn: 12389, asnName: "Rostelecom", region: "Saint Petersburg", networkType: "fixed" },
  { id: "demo-rt-nsk", owner: "demo-owner-3", asn: 12389, asnName: "Rostelecom", region: "Novosibirsk", networkType: "fixed" },
  { id: "demo-mts-msk-m", owner: "demo-owner-4", asn: 8359, asnName: "MTS", region: "Moscow", networkType: "mobile" },
  { id: "demo-mts-ekb-m", owner: "demo-owner-5", asn: 8359, asnName: "MTS", region: "Yekaterinburg", networkType: "mobile" },
  { id: "demo-mts-msk-f", owner: "demo-owner-6", asn: 8359, asnName: "MTS", region: "Moscow", networkType: "fixed" },
  { id: "demo-bee-msk", owner: "demo-owner-7", asn: 8402, asnName: "Beeline (Corbina)", region: "Moscow", networkType: "fixed" },
  { id: "demo-bee-kzn-m", owner: "demo-owner-8", asn: 8402, asnName: "Beeline (Corbina)", region: "Tatarstan", networkType: "mobile" },
  { id: "demo-mgf-msk-m", owner: "demo-owner-9", asn: 31133, asnName: "MegaFon", region: "Moscow", networkType: "mobile" },
  { id: "demo-mgf-krd-m", owner: "demo-owner-10", asn: 31133, asnName: "MegaFon", region: "Krasnodar Krai", networkType: "mobile" },
  { id: "demo-mgts-msk", owner: "demo-owner-11", asn: 8615, asnName: "MGTS", region: "Moscow", networkType: "fixed" },
  { id: "demo-er-perm", owner: "demo-owner-12", asn: 50544, asnName: "ER-Telecom", region: "Perm Krai", networkType: "fixed" },
];

/** Outside the dense windows each probe measures once every this many hours, staggered. */
export const DEMO_EVERY_HOURS = 24;
/** Inside a dense window each probe of DENSE_ASNS measures every this many minutes (the detector's bucket). */
export const DEMO_DENSE_EVERY_MINUTES = 10;
/** Networks with three distinct owners: the detector can reach its quorum only there. */
export const DEMO_DENSE_ASNS: ReadonlySet<number> = new Set([12389, 8359]);
/** Dense windows [from, to): around the WhatsApp restriction, after it lifted, and around the February 2026 onsets. */
export const DEMO_DENSE_WINDOWS: readonly { from: string; to: string; why: string }[] = [
  { from: "2025-10-19T18:00:00Z", to: "2025-10-21T06:00:00Z", why: "WhatsApp restriction begins (2025-10-20)" },
  { from: "2025-11-01T00:00:00Z", to: "2025-11-01T06:00:00Z", why: "WhatsApp restriction lifted" },
  { from: "2026-02-09T18:00:00Z", to: "2026-02-11T18:00:00Z", why: "Telegram restricted (2026-02-10), WhatsApp blocked (2026-02-11)" },
];
export const DEMO_RANGE = { from: "2025-07-01T00:00:00Z", to: "2026-04-01T00:00:00Z" } as const;
export const DEMO_SERVICES: readonly ServiceId[] = ["whatsapp", "telegram", "max"];
/** Networks where the simulated block of Telegram from 2026-03-20 is complete (OONI's finding). */
const TELEGRAM_FULL_BLOCK_ASNS = new Set([12389, 8402, 8359, 8615]);
/** Networks that answer blocked names with a bogon address (confirmed-grade DNS injection). */
const DNS_INJECTING_ASNS = new Set([12389]);
const NAMESPACE = "5b0e9c1e-6a3f-4f5a-9f61-2f3a6d7c8e90";

type Condition =
  | "ok"
  | "dns_bogon"
  | "tcp_timeout"
  | "tcp_reset"
  | "tls_sni_reset"
  | "throttled"
  | "stalled";

interface RoundPlan {
  /** Condition per target id; targets not listed are ok. */
  conditions: Map<string, Condition>;
}

const at = (iso: string) => Date.parse(iso);
const T = {
  waPartial: at("2025-10-20T09:00:00Z"),
  waPartialLifted: at("2025-10-27T00:00:00Z"),
  waSlow: at("2025-12-22T00:00:00Z"),
  waSlowEased: at("2026-02-01T00:00:00Z"),
  waBlock: at("2026-02-11T06:00:00Z"),
  tgPartial: at("2026-02-10T08:00:00Z"),
  tgBlock: at("2026-03-20T00:00:00Z"),
};

/** What the censor does to one service for one probe at one moment. */
function planRound(service: ServiceId, probe: DemoProbe, t: number, rnd: Random): RoundPlan {
  const conditions = new Map<string, Condition>();
  const targets = serviceTargets(service);
  const mobile = probe.networkType === "mobile";
  const set = (pred: (tg: Target) => boolean, c: Condition) => {
    for (const tg of targets) if (pred(tg)) conditions.set(tg.id, c);
  };
  if (service === "whatsapp") {
    if (t >= T.waPartial && t < T.waPartialLifted && rnd() < (mobile ? 0.98 : 0.96)) {
      set((tg) => tg.component === "web", "tls_sni_reset");
    }
    if (t >= T.waSlow && t < T.waSlowEased && rnd() < 0.85) {
      set((tg) => tg.component === "throughput", rnd() < 0.2 ? "stalled" : "throttled");
    }
    if (t >= T.waBlock && rnd() < 0.97) {
      const injecting = DNS_INJECTING_ASNS.has(probe.asn);
      // Most endpoint hosts dropped; a few left reachable on some rounds (a "partial" block).
      const leak = rnd() < 0.25 ? 3 : 0;
      set((tg) => tg.component.startsWith("endpoint:") && Number(tg.component.slice(10)) > leak, injecting ? "dns_bogon" : "tcp_timeout");
      set((tg) => tg.component === "registration" || tg.component === "web", injecting ? "dns_bogon" : "tls_sni_reset");
      set((tg) => tg.component === "throughput", "tcp_timeout");
    }
  } else if (service === "telegram") {
    if (t >= T.tgPartial) {
      const full = t >= T.tgBlock && TELEGRAM_FULL_BLOCK_ASNS.has(probe.asn);
      const dcs = [...new Set(targets.filter((tg) => tg.component.startsWith("dc:")).map((tg) => tg.component))];
      const blockedDcs = full ? dcs.length : 2 + Math.floor(rnd() * 3);
      const blocked = new Set(dcs.slice(0, blockedDcs));
      set((tg) => blocked.has(tg.component), rnd() < 0.5 ? "tcp_timeout" : "tcp_reset");
      if (full || rnd() < 0.5) set((tg) => tg.component === "web" || tg.component === "throughput", "tls_sni_reset");
    }
  }
  // Background noise: a random target fails now and then, as real networks do.
  if (rnd() < 0.02) {
    const victim = targets[Math.floor(rnd() * targets.length)];
    if (!conditions.has(victim.id)) conditions.set(victim.id, "tcp_timeout");
  }
  return { conditions };
}

function addressFor(service: ServiceId, target: Target): string {
  if (target.literal) return target.host;
  const v4 = publishedNetworks(service).find((c) => c.family === 4);
  const octets = v4 ? [...v4.bytes] : [198, 18, 0, 0];
  let h = 0;
  for (const ch of target.host) h = (h * 31 + ch.charCodeAt(0)) % 200;
  return `${octets[0]}.${octets[1]}.${octets[2]}.${10 + h}`;
}

/**
 * A download at `kbps` (kbit/s = bits per ms) sampled every 500 ms, as the probe records it:
 * t_ms is when the transfer ended, so one that completes between two samples ends at its
 * exact completion time (a transfer ending at the next sample tick instead would report
 * capBytes * 8 / 500 ms, 4.2 Mbit/s for 256 KiB, whatever its real rate).
 */
function transfer(url: string, kbps: number, capBytes: number, capMs: number, stallAt: number | null): Transfer {
  const samples: [number, number][] = [];
  const step = 500;
  const doneAt = stallAt === null ? Math.round(((capBytes * 8) / kbps) * 10) / 10 : Infinity;
  let bytes = 0;
  let tMs = 0;
  for (tMs = step; tMs <= capMs; tMs += step) {
    if (tMs >= doneAt) {
      tMs = doneAt;
      bytes = capBytes;
      samples.push([tMs, bytes]);
      break;
    }
    const next = Math.min(capBytes, Math.round((kbps * tMs) / 8));
    bytes = stallAt !== null ? Math.min(next, stallAt) : next;
    samples.push([tMs, bytes]);
  }
  const complete = bytes >= capBytes;
  return {
    url,
    bytes,
    expected_bytes: capBytes,
    t_ms: Math.min(tMs, capMs),
    complete,
    failure: complete ? null : stallAt !== null ? "generic_timeout_error" : null,
    samples,
  };
}

/** Where the demo's (Russian) probes sit, for the time a far-away data centre takes to answer. */
const DEMO_PLACE = { lat: 55.75, lon: 37.62 };

function stagesFor(service: ServiceId, target: Target, condition: Condition, rnd: Random): Stages {
  const stages: Stages = {};
  const ip = addressFor(service, target);
  const rtt = 20 + rnd() * 40;
  const ms = (x: number) => Math.round(x * 10) / 10;
  for (const stage of target.stages) {
    if (stage === "dns") {
      const answer = condition === "dns_bogon" ? ["127.0.0.1"] : [ip];
      stages.dns = {
        system: { resolver: "system", addrs: answer, failure: null, t_ms: ms(rtt / 2) },
        control: { resolver: "doh:https://dns.google/dns-query", addrs: [ip], failure: null, t_ms: ms(rtt) },
      };
      if (condition === "dns_bogon") break; // the probe connects nowhere it was misdirected to
    } else if (stage === "tcp") {
      const port = target.port;
      const failure = condition === "tcp_timeout" ? "generic_timeout_error" : condition === "tcp_reset" ? "connection_reset" : null;
      stages.tcp = { ip, port, failure, t_ms: failure === "generic_timeout_error" ? 5000 : ms(rtt) };
      if (failure) break;
    } else if (stage === "tls") {
      const sniReset = condition === "tls_sni_reset";
      stages.tls = {
        sni: target.host,
        ip,
        port: target.port,
        failure: sniReset ? "connection_reset" : null,
        t_ms: ms(rtt * 2),
        neutral: sniReset ? { sni: "example.org", failure: null, t_ms: ms(rtt * 2) } : null,
      };
      if (sniReset) break;
    } else if (stage === "http" && target.http) {
      const status = service === "whatsapp" && target.component === "web" ? 302 : service === "telegram" ? 404 : 200;
      // The service's own answer (its response profile, H6), and from a site far away no
      // sooner than the distance allows (H5).
      const drawn = 2000 + Math.floor(rnd() * 3000);
      const own = typicalAnswer(target.profile, drawn);
      const place = targetPlaces(service).get(target.id);
      const travel = place ? 1.4 * roundTripFloorMs(DEMO_PLACE, place) : 0;
      stages.http = {
        method: target.http.method,
        url: target.http.url,
        status: own.status ?? status,
        bytes: own.bytes ?? drawn,
        ttfb_ms: ms(travel + rtt * 3),
        t_ms: ms(travel + rtt * 3.5),
        failure: null,
        fingerprint: null,
        ...(own.body_kind ? { body_kind: own.body_kind } : {}),
      };
    } else if (stage === "ws" && target.ws) {
      stages.ws = { url: target.ws.url, status: 101, t_ms: ms(rtt * 3), failure: null };
    } else if (stage === "throughput" && target.throughput) {
      const cap = 256 * 1024;
      const healthyKbps = 8000 + rnd() * 12000;
      const control = transfer(THROUGHPUT_CONTROL.url, 6000 + rnd() * 10000, cap, 10_000, null);
      const own =
        condition === "throttled"
          ? transfer(target.throughput.url, 110 + rnd() * 40, cap, 10_000, null)
          : condition === "stalled"
            ? transfer(target.throughput.url, 600, cap, 10_000, 16 * 1024 + Math.floor(rnd() * 2048))
            : transfer(target.throughput.url, healthyKbps, cap, 10_000, null);
      stages.throughput = { ...own, control, baseline_kbps: null };
    }
  }
  return stages;
}

export interface SimulationOptions {
  seed?: number;
  /** Outside the dense windows each probe measures every this many hours, staggered. */
  everyHours?: number;
  /** Dense windows (default DEMO_DENSE_WINDOWS; [] for the thin schedule only). */
  denseWindows?: readonly { from: string; to: string }[];
  from?: string;
  to?: string;
}

/** Round starts of every probe over [from, to), in time order: the thin daily schedule and the dense windows. */
export function demoSchedule(options: SimulationOptions = {}): { start: number; probe: number }[] {
  const rnd = mulberry32((options.seed ?? 20251020) ^ 0x5eed);
  const every = options.everyHours ?? DEMO_EVERY_HOURS;
  const from = at(options.from ?? DEMO_RANGE.from);
  const to = at(options.to ?? DEMO_RANGE.to);
  const out: { start: number; probe: number }[] = [];
  for (let hour = from; hour < to; hour += 3_600_000) {
    const index = Math.round((hour - from) / 3_600_000);
    for (let p = 0; p < DEMO_PROBES.length; p++) {
      if ((index + p) % every === 0) out.push({ start: hour + Math.floor(rnd() * 50 * 60_000), probe: p });
    }
  }
  const step = DEMO_DENSE_EVERY_MINUTES * 60_000;
  for (const w of options.denseWindows ?? DEMO_DENSE_WINDOWS) {
    for (let slot = Math.max(from, at(w.from)); slot < Math.min(to, at(w.to)); slot += step) {
      for (let p = 0; p < DEMO_PROBES.length; p++) {
        // A round lands early in its bucket (1-7 minutes in), as a probe on a 10-minute timer does.
        if (DEMO_DENSE_ASNS.has(DEMO_PROBES[p].asn)) out.push({ start: slot + 60_000 + Math.floor(rnd() * 6 * 60_000), probe: p });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start || a.probe - b.probe);
}

/** Yields one round (one record per service) at a time, in time order. */
export function* simulateRounds(options: SimulationOptions = {}): Generator<MeasurementRecord[]> {
  const rnd = mulberry32(options.seed ?? 20251020);
  const controls = controlsFor("RU");
  for (const { start, probe: p } of demoSchedule(options)) {
    const probe = DEMO_PROBES[p];
    const roundId = uuidv5(`${probe.id}/${start}`, NAMESPACE);
    // Allowlist days on some mobile networks (foreign traffic cut wholesale), and rare
    // rounds where the probe's own network is down (both controls fail).
    const day = Math.floor(start / 86_400_000);
    const allowlistDay =
      probe.networkType === "mobile" && start >= at("2025-09-01T00:00:00Z") && ((day * 7 + p * 13) % 23 === 0);
    const offline = rnd() < 0.015;
    const controlResult = (host: string, fails: boolean) => ({
      host,
      failure: fails ? ("generic_timeout_error" as const) : null,
      stage: fails ? ("tcp" as const) : null,
      t_ms: fails ? 5000 : Math.round(30 + rnd() * 60),
    });
    const round: MeasurementRecord[] = [];
    for (const service of DEMO_SERVICES) {
      const plan = planRound(service, probe, start, rnd);
      const targets: TargetResult[] = serviceTargets(service).map((target) => {
        let condition = plan.conditions.get(target.id) ?? "ok";
        // Max is hosted in Russia and stays reachable when foreign traffic is cut.
        if (offline || (allowlistDay && service !== "max")) condition = "tcp_timeout";
        return { id: target.id, component: target.component, host: target.host, port: target.port, stages: stagesFor(service, target, condition, rnd) };
      });
      round.push({
        v: 1,
        id: uuidv5(`${roundId}/${service}`, NAMESPACE),
        source: "simulated",
        probe: {
          id: probe.id,
          cc: "RU",
          asn: probe.asn,
          asn_name: probe.asnName,
          region: probe.region,
          network_type: probe.networkType,
          owner: probe.owner,
        },
        round_id: roundId,
        service,
        started_at: new Date(start).toISOString(),
        runtime_ms: Math.round(2000 + rnd() * 3000),
        software: { name: "vantage-demo", version: "1" },
        rules_version: RULES_VERSION,
        targets_version: TARGETS_VERSION,
        controls: {
          domestic: controlResult(controls.domestic.host, offline),
          foreign: controlResult(controls.foreign.host, offline || allowlistDay),
        },
        targets,
        verdict: null,
      });
    }
    yield round;
  }
}
