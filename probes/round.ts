// One probe round: every target of the chosen services, the two controls and the
// throughput control object, run with bounded concurrency; one record per service, scored
// by the same rules module the server runs.
import { readFileSync } from "node:fs";
import { Agent } from "node:https";
import { createSecureContext, rootCertificates } from "node:tls";
import { v7 as uuidv7 } from "uuid";
import type { MeasurementRecord, TargetResult, Transfer } from "../lib/measurement/schema";
import type { ServiceId } from "../lib/measurement/vocabulary";
import { controlsFor, serviceTargets, type Target, TARGETS_VERSION, THROUGHPUT_CONTROL } from "../lib/targets";
import { RULES_VERSION, scoreRecord } from "../lib/verdict";
import { AddressMap } from "./address-map";
import { addSpent, fitsBudget, readBudgetState, writeBudgetState } from "./budget";
import { ByteCounter } from "./byte-counter";
import type { ProbeConfig } from "./config";
import { checkControl, type ControlEndpoint, fetchControlObject } from "./controls";
import { runPool } from "./pool";
import { dnsStage, type DnsResult } from "./stages/dns";
import { elapsed, now, type StageContext } from "./stages/stage";
import { runTarget } from "./target-run";

/** Stamped into the bundle by its build (esbuild `define`, probes/bundle/build.ts); absent when run from source. */
declare const __VANTAGE_PROBE_VERSION__: string | undefined;

/** The probe's name and version, as records and heartbeats report them; releases bump the version. */
export const PROBE_SOFTWARE = {
  name: "vantage-probe",
  version: typeof __VANTAGE_PROBE_VERSION__ === "string" ? __VANTAGE_PROBE_VERSION__ : "0.1.0",
} as const;

export interface RoundResult {
  roundId: string;
  records: MeasurementRecord[];
  wallMs: number;
  bytesSent: number;
  bytesReceived: number;
  /** Why throughput targets were left out, when they were. */
  throughputSkipped: "disabled" | "budget" | null;
}

export function buildStageContext(config: ProbeConfig): StageContext {
  const ca = config.extra_ca_file ? [...rootCertificates, readFileSync(config.extra_ca_file, "utf8")] : undefined;
  const secureContext = createSecureContext(ca ? { ca } : {});
  const dohAgent = config.resolvers.control.startsWith("https://") ? new Agent({ keepAlive: true, maxSockets: 4 }) : null;
  return { config, addressMap: new AddressMap(config.address_map), ca, secureContext, dohAgent, bytes: new ByteCounter() };
}

export async function runRound(config: ProbeConfig, services: readonly ServiceId[], at: Date = new Date()): Promise<RoundResult> {
  const ctx = buildStageContext(config);
  const roundId = uuidv7();
  const start = now();

  const dnsCache = new Map<string, Promise<DnsResult>>();
  const resolve = (host: string) => {
    const key = host.toLowerCase();
    let hit = dnsCache.get(key);
    if (!hit) dnsCache.set(key, (hit = dnsStage.run({ host: key }, ctx)));
    return hit;
  };

  // Throughput: off, over today's budget, or on. Planned bytes are the worst case.
  const throughputTargets = services.flatMap((s) => serviceTargets(s)).filter((t) => t.throughput).length;
  const planned = (throughputTargets + 1) * config.throughput.max_bytes;
  const budgetState = readBudgetState(config.throughput.state_file);
  const throughputSkipped = !config.throughput.enabled
    ? "disabled"
    : throughputTargets > 0 && !fitsBudget(budgetState, at, planned, config.throughput.daily_budget_bytes)
      ? "budget"
      : null;
  const targetsOf = (s: ServiceId): Target[] => serviceTargets(s).filter((t) => !t.throughput || throughputSkipped === null);

  // Fetched once, on first demand by a throughput target.
  const controlObject: { pending: Promise<Transfer> | null } = { pending: null };
  const controlTransfer = () => (controlObject.pending ??= fetchControlObject(THROUGHPUT_CONTROL.url, ctx, resolve));

  const pairs = config.controls ?? controlsFor(config.probe.cc);
  const endpoint = (c: ControlEndpoint): ControlEndpoint => ({ host: c.host, port: c.port, url: c.url });
  const controlsDone = Promise.all([checkControl(endpoint(pairs.domestic), ctx, resolve), checkControl(endpoint(pairs.foreign), ctx, resolve)]);

  const jobs = services.flatMap((service) => targetsOf(service).map((target) => ({ service, target })));
  // The downloads are the longest jobs: start them (and the control object) first, so they
  // overlap the many short ones instead of trailing the round. Records keep file order.
  if (jobs.some((j) => j.target.throughput)) void controlTransfer();
  const order = [...jobs.keys()].sort((a, b) => Number(!!jobs[b].target.throughput) - Number(!!jobs[a].target.throughput));
  const finishedAt = new Map<ServiceId, number>();
  const results: TargetResult[] = new Array(jobs.length);
  await runPool(order, config.concurrency, async (i) => {
    const { service, target } = jobs[i];
    results[i] = await runTarget(target, { ctx, resolve, controlTransfer });
    finishedAt.set(service, Math.max(finishedAt.get(service) ?? 0, elapsed(start)));
  });
  const [domestic, foreign] = await controlsDone;
  const transfer = controlObject.pending ? await controlObject.pending : null;
  ctx.dohAgent?.destroy();
  ctx.bytes.flush();

  if (throughputSkipped === null && throughputTargets > 0) {
    const spent = (transfer?.bytes ?? 0) + results.reduce((n, r) => n + (r.stages.throughput?.bytes ?? 0), 0);
    writeBudgetState(config.throughput.state_file, addSpent(budgetState, at, spent));
  }

  const records = services.map((service) => {
    const record: MeasurementRecord = {
      v: 1,
      id: uuidv7(),
      source: "vantage",
      probe: {
        id: config.probe.id,
        cc: config.probe.cc,
        asn: config.probe.asn,
        asn_name: config.probe.asn_name,
        region: config.probe.region,
        network_type: config.probe.network_type,
        owner: config.probe.owner,
      },
      round_id: roundId,
      service,
      started_at: at.toISOString(),
      runtime_ms: finishedAt.get(service) ?? 0,
      software: { ...PROBE_SOFTWARE },
      rules_version: RULES_VERSION,
      targets_version: TARGETS_VERSION,
      controls: { domestic, foreign },
      targets: results.filter((_, i) => jobs[i].service === service),
      verdict: null,
    };
    record.verdict = scoreRecord(record);
    return record;
  });

  return { roundId, records, wallMs: elapsed(start), bytesSent: ctx.bytes.sent, bytesReceived: ctx.bytes.received, throughputSkipped };
}
