// Shapes the aggregation API's rows into OONI's response ({v, dimension_count, result})
// plus Vantage's additions (pure): probe_count, coverage and every time bucket of the
// range for time axes (gaps explicit), medians from merged histograms on request, CSV.
import { csvDocument } from "../format/csv";
import { histogramMedian, HISTOGRAMS } from "../rollup/histogram";
import { bucketLabel, bucketsOf } from "../rollup/time-grain";
import { type AggregationAxis, type AggregationQuery, type AggregationRows, type KeyValue, TIME_AXIS } from "../query/aggregation";
import { bucketCountOf } from "./aggregation-params";
import type { ParamIssue } from "./params";

export type ResultValue = string | number | null;
export type AggregationEntry = Record<string, ResultValue>;

export interface AggregationResponse {
  v: 0;
  dimension_count: number;
  result: AggregationEntry | AggregationEntry[];
}

const NULL_WHEN_EMPTY = new Set<AggregationAxis>(["stage", "region", "network_type"]);

function normaliseKey(axis: AggregationAxis, value: KeyValue, q: AggregationQuery): ResultValue {
  if (axis === TIME_AXIS) return bucketLabel(q.grain, value instanceof Date ? value : new Date(String(value)));
  if (value instanceof Date) return value.toISOString();
  if (value === "" && NULL_WHEN_EMPTY.has(axis)) return null;
  return value;
}

const keyText = (values: ResultValue[]) => JSON.stringify(values);

export function shapeAggregation(q: AggregationQuery, rows: AggregationRows): AggregationResponse {
  const norm = (keys: KeyValue[]) => keys.map((k, i) => normaliseKey(q.axes[i], k, q));
  const counts = new Map(rows.counts.map((r) => [keyText(norm(r.keys)), r]));
  const probes = rows.probes ? new Map(rows.probes.map((r) => [keyText(norm(r.keys)), r.probe_count])) : null;
  const hists = new Map((rows.histograms ?? []).map((h) => [keyText(norm(h.keys)), h]));

  // Keys to report: those with data, plus for a time axis every bucket of the range for
  // every value of the other axis seen.
  const timeIndex = q.axes.indexOf(TIME_AXIS);
  const buckets = timeIndex >= 0 && q.since && q.until ? bucketsOf(q.grain, q.since, q.until) : null;
  let keys: ResultValue[][] = [...counts.values()].map((r) => norm(r.keys));
  if (buckets) {
    const others = new Map<string, ResultValue[]>();
    for (const k of keys) {
      const rest = k.filter((_, i) => i !== timeIndex);
      others.set(keyText(rest), rest);
    }
    if (q.axes.length === 1) others.set("[]", []);
    keys = [];
    for (const rest of others.values()) {
      for (const b of buckets) {
        const k = [...rest];
        k.splice(timeIndex, 0, b.label);
        keys.push(k);
      }
    }
  }
  const hoursOf = new Map(buckets?.map((b) => [b.label, b.hours]));

  const entries = keys.map((k): AggregationEntry => {
    const text = keyText(k);
    const c = counts.get(text);
    const entry: AggregationEntry = {};
    q.axes.forEach((axis, i) => (entry[axis] = k[i]));
    entry.anomaly_count = c?.anomaly_count ?? 0;
    entry.confirmed_count = c?.confirmed_count ?? 0;
    entry.failure_count = c?.failure_count ?? 0;
    entry.ok_count = c?.ok_count ?? 0;
    entry.measurement_count = c?.measurement_count ?? 0;
    entry.probe_count = probes ? (probes.get(text) ?? 0) : null;
    if (buckets) {
      const hours = hoursOf.get(k[timeIndex] as string) ?? 0;
      entry.coverage = hours > 0 ? round4((c?.hours ?? 0) / hours) : 0;
    }
    if (q.medians) {
      const h = hists.get(text);
      entry.tcp_ms_median = h ? round3(histogramMedian(HISTOGRAMS.tcp_ms, h.tcp_ms)) : null;
      entry.tls_ms_median = h ? round3(histogramMedian(HISTOGRAMS.tls_ms, h.tls_ms)) : null;
      entry.throughput_kbps_median = h ? round3(histogramMedian(HISTOGRAMS.throughput_kbps, h.throughput_kbps)) : null;
    }
    return entry;
  });
  entries.sort((a, b) => compareEntries(a, b, q.axes));
  if (q.axes.length === 0) {
    return { v: 0, dimension_count: 0, result: entries[0] ?? emptyEntry(q, rows) };
  }
  return { v: 0, dimension_count: q.axes.length, result: entries };
}

function emptyEntry(q: AggregationQuery, rows: AggregationRows): AggregationEntry {
  return shapeAggregation(q, {
    counts: [{ keys: [], measurement_count: 0, ok_count: 0, anomaly_count: 0, confirmed_count: 0, failure_count: 0, hours: 0 }],
    probes: rows.probes ? [] : null,
    histograms: rows.histograms ? [] : null,
  }).result as AggregationEntry;
}

function compareEntries(a: AggregationEntry, b: AggregationEntry, axes: readonly AggregationAxis[]): number {
  for (const axis of axes) {
    const x = a[axis];
    const y = b[axis];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const round3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
const round4 = (v: number) => Math.round(v * 10_000) / 10_000;

/**
 * The cost bound of an answer: its entries are the time buckets times the values of the
 * other axis (every bucket is listed for each value, gaps included), or the rows when
 * there is no time axis. Beyond `maxCells`, the problem to answer with 400.
 */
export function aggregationCellProblem(q: AggregationQuery, rows: AggregationRows, maxCells: number): ParamIssue | null {
  const timeIndex = q.axes.indexOf(TIME_AXIS);
  let cells = rows.counts.length;
  if (timeIndex >= 0 && q.since && q.until) {
    const others = new Set(rows.counts.map((r) => JSON.stringify(r.keys.filter((_, i) => i !== timeIndex))));
    cells = Math.max(cells, bucketCountOf(q.grain, q.since, q.until) * Math.max(1, others.size));
  }
  if (cells <= maxCells) return null;
  const other = q.axes.find((a) => a !== TIME_AXIS);
  return {
    parameter: other === undefined ? "axis_x" : q.axes[0] === other ? "axis_x" : "axis_y",
    message: `at most ${maxCells} entries per answer${rows.counts.length > maxCells ? "" : ` (time buckets x ${other} values: ${cells})`}; narrow since/until, filter (test_name, probe_cc, probe_asn) or use a coarser time_grain`,
  };
}

/** CSV of the result, one row per entry, columns in the entry's key order (the one CSV writer). */
export function aggregationCsv(response: AggregationResponse): string {
  const entries = Array.isArray(response.result) ? response.result : [response.result];
  if (entries.length === 0) return "";
  return csvDocument(Object.keys(entries[0]), entries);
}

/** The answer's body as sent: JSON, or CSV when the query asks for it (what the route's worker thread computes). */
export function renderAggregation(q: AggregationQuery, rows: AggregationRows): string {
  const response = shapeAggregation(q, rows);
  return q.format === "JSON" ? JSON.stringify(response) : aggregationCsv(response);
}

/** Download name of a CSV answer, from its filters and range. */
export function aggregationFileName(q: AggregationQuery): string {
  const parts = [
    "vantage-aggregation",
    q.filters.service,
    q.filters.country,
    q.filters.asn !== undefined ? `AS${q.filters.asn}` : undefined,
    ...q.axes,
    q.since?.toISOString().slice(0, 10),
    q.until?.toISOString().slice(0, 10),
  ].filter((p): p is string => Boolean(p));
  return `${parts.join("_").replace(/[^A-Za-z0-9_.-]/g, "-")}.csv`;
}
