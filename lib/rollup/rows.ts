// Pure grouping of stored measurement rows into rollup increments: class counts per
// (hour, service, cause stage, country, region, ASN, network type, source), histograms of
// the per-target timings and throughput, and the (probe, hour, service) rows that
// distinct-probe counts read. Increments are added to the store, never assigned, so
// batches may arrive in any order.
import type { VerdictClass } from "../measurement/vocabulary";
import { bucketIndex, emptyHistogram, HISTOGRAMS } from "./histogram";
import { causeStage } from "./stage";

/** What the rollups read of a measurement row (lib/store/rows.ts MeasurementRow). */
export interface RollupMeasurement {
  id: string;
  started_at: string;
  service: string;
  rule: string | null;
  class: VerdictClass;
  country: string;
  region: string | null;
  asn: number;
  network_type: string | null;
  source: string;
  probe_id: string | null;
}

/** What the rollups read of a target row. */
export interface RollupTarget {
  tcp_ms: number | null;
  tls_ms: number | null;
  throughput_kbps: number | null;
}

export interface RollupKey {
  hour: string;
  service: string;
  stage: string;
  country: string;
  region: string;
  asn: number;
  network_type: string;
  source: string;
}

export interface RollupIncrement extends RollupKey {
  measurement_count: number;
  ok_count: number;
  anomaly_count: number;
  confirmed_count: number;
  failure_count: number;
  tcp_ms_hist: number[];
  tls_ms_hist: number[];
  throughput_kbps_hist: number[];
}

export interface ProbeHourRow {
  probe_id: string;
  hour: string;
  service: string;
  country: string;
  asn: number;
  region: string;
  network_type: string;
  source: string;
}

export function hourOf(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000)).toISOString();
}

function keyOf(m: RollupMeasurement): RollupKey {
  return {
    hour: hourOf(m.started_at),
    service: m.service,
    stage: causeStage(m.rule),
    country: m.country,
    region: m.region ?? "",
    asn: m.asn,
    network_type: m.network_type ?? "",
    source: m.source,
  };
}

const keyText = (k: RollupKey) =>
  [k.hour, k.service, k.stage, k.country, k.region, k.asn, k.network_type, k.source].join("\u0000");

/**
 * Rollup increments and probe hours of a batch; `targetsOf` gives each measurement's
 * target rows. Ordered by key so concurrent writers lock rows in the same order.
 */
export function rollupIncrements(
  measurements: readonly RollupMeasurement[],
  targetsOf: (m: RollupMeasurement) => readonly RollupTarget[],
): { increments: RollupIncrement[]; probeHours: ProbeHourRow[] } {
  const groups = new Map<string, RollupIncrement>();
  const probeHours = new Map<string, ProbeHourRow>();
  for (const m of measurements) {
    const key = keyOf(m);
    const k = keyText(key);
    let g = groups.get(k);
    if (!g) {
      g = {
        ...key,
        measurement_count: 0,
        ok_count: 0,
        anomaly_count: 0,
        confirmed_count: 0,
        failure_count: 0,
        tcp_ms_hist: emptyHistogram(HISTOGRAMS.tcp_ms),
        tls_ms_hist: emptyHistogram(HISTOGRAMS.tls_ms),
        throughput_kbps_hist: emptyHistogram(HISTOGRAMS.throughput_kbps),
      };
      groups.set(k, g);
    }
    g.measurement_count += 1;
    g[`${m.class}_count`] += 1;
    for (const t of targetsOf(m)) {
      if (t.tcp_ms !== null) g.tcp_ms_hist[bucketIndex(HISTOGRAMS.tcp_ms, t.tcp_ms)] += 1;
      if (t.tls_ms !== null) g.tls_ms_hist[bucketIndex(HISTOGRAMS.tls_ms, t.tls_ms)] += 1;
      if (t.throughput_kbps !== null) g.throughput_kbps_hist[bucketIndex(HISTOGRAMS.throughput_kbps, t.throughput_kbps)] += 1;
    }
    if (m.probe_id) {
      const { stage: _stage, ...dims } = key;
      probeHours.set(`${m.probe_id}\u0000${key.hour}\u0000${m.service}`, { probe_id: m.probe_id, ...dims });
    }
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  const ph = [...probeHours.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
  return { increments: sorted, probeHours: ph };
}
