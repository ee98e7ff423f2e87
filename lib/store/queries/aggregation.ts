// The aggregation API's reads: class counts and covered hours from the rollups, distinct
// probes from the probe-hour and probe-day tables (never summed across rollup rows), and,
// on request, merged histograms for medians. Whole UTC days of a day-or-coarser query are
// read from the daily level (daily_rollups, probe_days: a 90-day timeline reads some 24x
// fewer rows), the ragged hours at either end and hour-grain timelines from the hourly one;
// the daily level is the hourly one summed per day (lib/store/rollups.ts), so the answer is
// the same either way. Shaping into the response is lib/api/aggregation-result.ts.
import { type AggregationAxis, type AggregationQuery, TIME_AXIS } from "../../query/aggregation";
import type { AggregationRows, CountRow, HistogramRow, KeyValue, ProbeRow } from "../../query/aggregation";
import type { Store } from "../open";
import { bucketCount, HISTOGRAM_METRICS, HISTOGRAMS, type HistogramMetric, type HistogramSpec } from "../../rollup/histogram";
import { type LevelRange, type RollupLevel, rollupLevels } from "../../rollup/time-grain";
import { filterConditions, SqlParams } from "./filters";

const HIST_SPECS: [HistogramMetric, HistogramSpec][] = HISTOGRAM_METRICS.map((m) => [m, HISTOGRAMS[m]]);

/** Tables and time expressions of each rollup level. */
const LEVELS: Record<RollupLevel, { rollups: string; probes: string; time: string; day: string; hourMask: string }> = {
  hour: {
    rollups: "hourly_rollups",
    probes: "probe_hours",
    time: "hour",
    day: "date_trunc('day', hour)",
    hourMask: "1 << extract(hour FROM hour)::int",
  },
  day: { rollups: "daily_rollups", probes: "probe_days", time: "day", day: "day", hourMask: "hour_mask" },
};

const AXIS_COLUMN: Record<Exclude<AggregationAxis, "measurement_start_day">, string> = {
  probe_cc: "country",
  probe_asn: "asn",
  test_name: "service",
  stage: "stage",
  region: "region",
  network_type: "network_type",
  source: "source",
};

function axisSql(axis: AggregationAxis, q: AggregationQuery, level: RollupLevel): string {
  const time = LEVELS[level].time;
  if (axis === "measurement_start_day") return q.grain === "hour" ? time : `date_trunc('${q.grain}', ${time})`;
  return AXIS_COLUMN[axis];
}

/** OONI hides the unknown country ZZ and AS0 from per-country and per-network results. */
function hiddenConditions(q: AggregationQuery): string[] {
  const out: string[] = [];
  if (q.axes.includes("probe_cc")) out.push("country <> 'ZZ'");
  if (q.axes.includes("probe_asn")) out.push("asn <> 0");
  return out;
}

const keysOf = (row: Record<string, unknown>, n: number): KeyValue[] =>
  Array.from({ length: n }, (_, i) => row[`k${i}`] as KeyValue);

/** Whether distinct probes can be counted for this query: probe hours carry no stage. */
export function probeCountAvailable(q: AggregationQuery): boolean {
  return !q.axes.includes("stage") && q.filters.stage === undefined;
}

export interface AggregationOptions {
  /** "hour" reads the hourly level only (the tests compare both paths); default: both levels. */
  levels?: "auto" | "hour";
  /** At most this many rows per statement (the caller refuses an answer that reaches it). */
  rowLimit?: number;
  /** False skips the distinct-probe read, for a caller that shows class counts only (default true). */
  probes?: boolean;
}

/** The rollup levels a query reads, and which part of its range each answers. */
export function aggregationLevels(q: AggregationQuery, options: AggregationOptions = {}): LevelRange[] {
  const hourGrainTimeline = q.axes.includes(TIME_AXIS) && q.grain === "hour";
  return rollupLevels(q.since, q.until, options.levels === "hour" || hourGrainTimeline);
}

interface Statement {
  sql: string;
  params: unknown[];
}
/** The statements of one aggregation read (null: not needed for this query). */
export interface AggregationStatements {
  counts: Statement;
  probes: Statement | null;
  hists: Statement | null;
}
/** Their answers, one record per row, column name to value. */
export interface AggregationRecords {
  counts: Record<string, unknown>[];
  probes: Record<string, unknown>[] | null;
  hists: Record<string, unknown>[] | null;
}

export async function aggregationRows(store: Store, q: AggregationQuery, options: AggregationOptions = {}): Promise<AggregationRows> {
  const s = aggregationStatements(q, options);
  const query = (st: Statement | null) => (st ? store.prisma.$queryRawUnsafe<Record<string, unknown>[]>(st.sql, ...st.params) : Promise.resolve(null));
  const [counts, probes, hists] = await Promise.all([query(s.counts), query(s.probes), query(s.hists)]);
  return aggregationRowsOf(q, { counts: counts!, probes, hists });
}

/**
 * The same read with each answer as JSON text, written where the driver runs
 * (Store.queryJson): for the aggregation API, whose worker thread parses and shapes it
 * (lib/server/aggregation-pool), so the largest answers never become objects on the
 * server's thread.
 */
export async function aggregationRecordsJson(store: Store, q: AggregationQuery, options: AggregationOptions = {}): Promise<AggregationJson> {
  const s = aggregationStatements(q, options);
  const query = (st: Statement | null) => (st ? store.queryJson(st.sql, st.params) : Promise.resolve(null));
  const [counts, probes, hists] = await Promise.all([query(s.counts), query(s.probes), query(s.hists)]);
  return { counts: counts!, probes, hists };
}
export type AggregationJson = { [K in keyof AggregationRecords]: K extends "counts" ? string : string | null };

/** Parses aggregationRecordsJson's answer back into records (timestamps stay ISO text, which shaping reads as well as Dates). */
export function parseAggregationJson(json: AggregationJson): AggregationRecords {
  const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as Record<string, unknown>[]));
  return { counts: parse(json.counts)!, probes: parse(json.probes), hists: parse(json.hists) };
}

/** The statements of one aggregation read (pure). */
export function aggregationStatements(q: AggregationQuery, options: AggregationOptions = {}): AggregationStatements {
  const n = q.axes.length;
  const keys = q.axes.map((_, i) => `k${i}`);
  const outerSelect = keys.map((k) => `${k}, `).join("");
  const group = n ? `GROUP BY ${keys.join(", ")}` : "";
  const parts = aggregationLevels(q, options);

  /** One SELECT per part of the range: its key columns, then `columns(level)`, from `table(level)`. */
  const fromParts = (p: SqlParams, table: "rollups" | "probes", columns: (level: RollupLevel) => string) =>
    parts.map((part) => {
      const where = [
        ...filterConditions(
          q.filters,
          { timeColumn: LEVELS[part.level].time, since: part.since, until: part.until, hasStage: table === "rollups" },
          p,
        ),
        ...hiddenConditions(q),
      ];
      const keyCols = q.axes.map((a, i) => `${axisSql(a, q, part.level)} AS k${i}, `).join("");
      return `SELECT ${keyCols}${columns(part.level)} FROM ${LEVELS[part.level][table]}${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`;
    });

  // Per key and day first (hash aggregates): covered hours are the bits of the OR of the
  // hour masks (an hourly row stands for one bit), summed over the key's days.
  const cp = new SqlParams();
  const countParts = fromParts(cp, "rollups", (level) =>
    `${LEVELS[level].day} AS day, measurement_count AS m, ok_count AS o, anomaly_count AS a, confirmed_count AS c, failure_count AS f, ${LEVELS[level].hourMask} AS mask`,
  );
  const countSql = `SELECT ${outerSelect}sum(m)::int AS measurement_count, sum(o)::int AS ok_count,
      sum(a)::int AS anomaly_count, sum(c)::int AS confirmed_count, sum(f)::int AS failure_count,
      sum(bit_count(mask::bit(24)))::int AS hours
    FROM (SELECT ${outerSelect}sum(m) AS m, sum(o) AS o, sum(a) AS a, sum(c) AS c, sum(f) AS f, bit_or(mask) AS mask
      FROM (${countParts.join(" UNION ALL ")}) AS r
      GROUP BY ${[...keys, "day"].join(", ")}) AS per_day ${group}`;

  // DISTINCT (keys, probe) in each part and across parts (hash aggregates), then counted per key.
  const pp = new SqlParams();
  const probeParts = fromParts(pp, "probes", () => "probe_id");
  const probeSql = `SELECT ${outerSelect}count(*)::int AS probe_count
    FROM (${probeParts.map((s) => s.replace(/^SELECT /, "SELECT DISTINCT ")).join(" UNION ")}) AS probes ${group}`;

  // Histograms merge bucket by bucket with one sum() per array element: a native
  // aggregate per bucket is far cheaper than unnesting every row's arrays. Each metric's
  // merged histogram comes back as one int[] column: a column per bucket made the answer
  // rows of some 150 named fields, which cost the server's thread ten times more to read.
  const hp = new SqlParams();
  const histParts = fromParts(hp, "rollups", () => HIST_SPECS.map(([, spec]) => spec.column).join(", "));
  const histArrays = HIST_SPECS.map(([metric, spec]) => {
    const sums = Array.from({ length: bucketCount(spec) }, (_, b) => `coalesce(sum(${spec.column}[${b + 1}]), 0)`);
    return `ARRAY[${sums.join(", ")}]::int[] AS ${metric}`;
  });
  const histSql = `SELECT ${outerSelect}${histArrays.join(", ")}
    FROM (${histParts.join(" UNION ALL ")}) AS r ${group}`;

  const limit = options.rowLimit !== undefined ? ` LIMIT ${Math.max(1, Math.floor(options.rowLimit))}` : "";
  return {
    counts: { sql: countSql + limit, params: cp.values },
    probes: options.probes !== false && probeCountAvailable(q) ? { sql: probeSql + limit, params: pp.values } : null,
    hists: q.medians ? { sql: histSql + limit, params: hp.values } : null,
  };
}

/** The read's records as AggregationRows (pure). */
export function aggregationRowsOf(q: AggregationQuery, { counts, probes, hists }: AggregationRecords): AggregationRows {
  const n = q.axes.length;
  return {
    counts: counts
      .filter((r) => r.measurement_count !== null)
      .map((r): CountRow => ({
        keys: keysOf(r, n),
        measurement_count: r.measurement_count as number,
        ok_count: r.ok_count as number,
        anomaly_count: r.anomaly_count as number,
        confirmed_count: r.confirmed_count as number,
        failure_count: r.failure_count as number,
        hours: r.hours as number,
      })),
    probes: probes?.map((r): ProbeRow => ({ keys: keysOf(r, n), probe_count: r.probe_count as number })) ?? null,
    histograms:
      hists?.map((r): HistogramRow => ({
        keys: keysOf(r, n),
        tcp_ms: r.tcp_ms as number[],
        tls_ms: r.tls_ms as number[],
        throughput_kbps: r.throughput_kbps as number[],
      })) ?? null,
  };
}
