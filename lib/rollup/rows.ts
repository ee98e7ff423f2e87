// Pure grouping of stored measurement rows into rollup increments: class counts per
// (hour, service, cause stage, country, region, ASN, network type, source), histograms of
// the per-target timings and throughput, and the (probe, hour, service) rows that
// distinct-probe counts read; and the same increments at day grain, with a mask of the
// hours that had data. Increments are added to the store, never assigned, so batches may
// arrive in any order.
import type { VerdictClass } from "../measurement/vocabulary";
import { bucketIndex, emptyHistogram, HISTOGRAMS } from "./histogram";

/** What the rollups read of a measurement row (lib/ingest/rows.ts MeasurementRow). */
export interface RollupMeasurement {
  id: string;
  started_at: string;
  service: string;
  /** Stage of the verdict's cause, as scored (ServiceVerdict.stage). */
  stage: string | null;
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

/** An increment of daily_rollups: the hourly increments of one UTC day and key, added up. */
export interface DailyIncrement extends Omit<RollupIncrement, "hour"> {
  day: string;
  /** Bit h set: hour h (UTC, 0-23) of the day has data for this key. */
  hour_mask: number;
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
    stage: m.stage ?? "",
    country: m.country,
    region: m.region ?? "",
    asn: m.asn,
    network_type: m.network_type ?? "",
    source: m.source,
  };
}

const dimsText = (k: Omit<RollupKey, "hour">) =>
  [k.service, k.stage, k.country, k.region, k.asn, k.network_type, k.source].join("\u0000");
const keyText = (k: RollupKey) => `${k.hour}\u0000${dimsText(k)}`;

const byKey = <T>(entries: Iterable<[string, T]>): T[] =>
  [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

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
  return { increments: byKey(groups), probeHours: byKey(probeHours) };
}

const addInto = (into: number[], from: readonly number[]) => from.forEach((v, i) => (into[i] = (into[i] ?? 0) + v));

/**
 * The hourly increments summed per UTC day and key, with the mask of their hours; ordered
 * by key like rollupIncrements. Bits are OR-ed into the stored mask, so covered hours stay
 * exact whatever order the hours of a day arrive in.
 */
export function dailyIncrements(increments: readonly RollupIncrement[]): DailyIncrement[] {
  const days = new Map<string, DailyIncrement>();
  for (const { hour, ...rest } of increments) {
    const day = `${hour.slice(0, 10)}T00:00:00.000Z`;
    const bit = 1 << new Date(hour).getUTCHours();
    const k = `${day}\u0000${dimsText(rest)}`;
    const d = days.get(k);
    if (!d) {
      days.set(k, { ...rest, day, hour_mask: bit, tcp_ms_hist: [...rest.tcp_ms_hist], tls_ms_hist: [...rest.tls_ms_hist], throughput_kbps_hist: [...rest.throughput_kbps_hist] });
      continue;
    }
    d.hour_mask |= bit;
    d.measurement_count += rest.measurement_count;
    d.ok_count += rest.ok_count;
    d.anomaly_count += rest.anomaly_count;
    d.confirmed_count += rest.confirmed_count;
    d.failure_count += rest.failure_count;
    addInto(d.tcp_ms_hist, rest.tcp_ms_hist);
    addInto(d.tls_ms_hist, rest.tls_ms_hist);
    addInto(d.throughput_kbps_hist, rest.throughput_kbps_hist);
  }
  return byKey(days);
}

/**
 * The hours the given instants fall in, as [since, until) spans: hours closer than
 * `joinGapHours` to the previous one join its span (rebuilding the few hours between is
 * cheaper than another pass), so a batch spread over years costs one rebuild per cluster,
 * never one over the whole span.
 */
export function hourSpans(instants: readonly string[], joinGapHours = 24): { since: Date; until: Date }[] {
  const hours = [...new Set(instants.map((t) => Date.parse(hourOf(t))))].sort((a, b) => a - b);
  const spans: { since: Date; until: Date }[] = [];
  for (const h of hours) {
    const last = spans.at(-1);
    if (last && h - last.until.getTime() < joinGapHours * 3_600_000) last.until = new Date(h + 3_600_000);
    else spans.push({ since: new Date(h), until: new Date(h + 3_600_000) });
  }
  return spans;
}
