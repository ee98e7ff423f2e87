// The aggregation API's reads: class counts and covered hours from hourly_rollups,
// distinct probes from probe_hours (never summed across rollup rows), and, on request,
// merged histograms for medians. Shaping into the response is lib/api/aggregation-result.ts.
import type { AggregationAxis, AggregationQuery } from "../../api/aggregation-params";
import type { AggregationRows, CountRow, HistogramRow, KeyValue, ProbeRow } from "../../api/aggregation-result";
import type { Store } from "../open";
import { bucketCount, HISTOGRAM_METRICS, HISTOGRAMS, type HistogramMetric, type HistogramSpec } from "../../rollup/histogram";
import { filterConditions, SqlParams } from "./filters";

const HIST_SPECS: [HistogramMetric, HistogramSpec][] = HISTOGRAM_METRICS.map((m) => [m, HISTOGRAMS[m]]);
const MAX_BUCKETS = Math.max(...HIST_SPECS.map(([, spec]) => bucketCount(spec)));

const AXIS_COLUMN: Record<Exclude<AggregationAxis, "measurement_start_day">, string> = {
  probe_cc: "country",
  probe_asn: "asn",
  test_name: "service",
  stage: "stage",
  region: "region",
  network_type: "network_type",
  source: "source",
};

function axisSql(axis: AggregationAxis, q: AggregationQuery): string {
  if (axis === "measurement_start_day") return q.grain === "hour" ? "hour" : `date_trunc('${q.grain}', hour)`;
  return AXIS_COLUMN[axis];
}

/** OONI hides the unknown country ZZ and AS0 from per-country and per-network results. */
function hiddenConditions(q: AggregationQuery): string[] {
  const out: string[] = [];
  if (q.axes.includes("probe_cc")) out.push("country <> 'ZZ'");
  if (q.axes.includes("probe_asn")) out.push("asn <> 0");
  return out;
}

function selectKeys(q: AggregationQuery): { select: string; group: string; keys: string[] } {
  if (q.axes.length === 0) return { select: "", group: "", keys: [] };
  const cols = q.axes.map((a, i) => `${axisSql(a, q)} AS k${i}`);
  const keys = q.axes.map((_, i) => `k${i}`);
  return { select: `${cols.join(", ")}, `, group: `GROUP BY ${keys.join(", ")}`, keys };
}

const keysOf = (row: Record<string, unknown>, n: number): KeyValue[] =>
  Array.from({ length: n }, (_, i) => row[`k${i}`] as KeyValue);

/** Whether distinct probes can be counted for this query: probe hours carry no stage. */
export function probeCountAvailable(q: AggregationQuery): boolean {
  return !q.axes.includes("stage") && q.filters.stage === undefined;
}

export async function aggregationRows(store: Store, q: AggregationQuery): Promise<AggregationRows> {
  const { select, group, keys } = selectKeys(q);
  const outerSelect = keys.length ? `${keys.join(", ")}, ` : "";
  const range = { timeColumn: "hour", since: q.since, until: q.until };
  const n = q.axes.length;

  const cp = new SqlParams();
  const cWhere = [...filterConditions(q.filters, { ...range, hasStage: true }, cp), ...hiddenConditions(q)];
  // Grouped by hour first (hash aggregates), so covered hours are a count(*) rather than a
  // count(DISTINCT hour) that sorts every row.
  const countSql = `SELECT ${outerSelect}sum(m)::int AS measurement_count, sum(o)::int AS ok_count,
      sum(a)::int AS anomaly_count, sum(c)::int AS confirmed_count, sum(f)::int AS failure_count, count(*)::int AS hours
    FROM (SELECT ${select}hour, sum(measurement_count) AS m, sum(ok_count) AS o, sum(anomaly_count) AS a,
        sum(confirmed_count) AS c, sum(failure_count) AS f
      FROM hourly_rollups ${cWhere.length ? `WHERE ${cWhere.join(" AND ")}` : ""}
      GROUP BY ${[...keys, "hour"].join(", ")}) AS per_hour ${group}`;

  const pp = new SqlParams();
  const pWhere = [...filterConditions(q.filters, { ...range, hasStage: false }, pp), ...hiddenConditions(q)];
  // DISTINCT (keys, probe) first (a hash aggregate), then counted per key.
  const probeSql = `SELECT ${outerSelect}count(*)::int AS probe_count
    FROM (SELECT DISTINCT ${select}probe_id
      FROM probe_hours ${pWhere.length ? `WHERE ${pWhere.join(" AND ")}` : ""}) AS probes ${group}`;

  // Histograms merge bucket by bucket with one sum() per array element: a native
  // aggregate per bucket is far cheaper than unnesting every row's arrays.
  const hp = new SqlParams();
  const hWhere = [...filterConditions(q.filters, { ...range, hasStage: true }, hp), ...hiddenConditions(q)];
  const bucketSums = HIST_SPECS.flatMap(([metric, spec]) =>
    Array.from({ length: bucketCount(spec) }, (_, b) => `sum(${spec.column}[${b + 1}])::int AS ${metric}_${b}`),
  );
  const histSql = `SELECT ${select}${bucketSums.join(", ")}
    FROM hourly_rollups ${hWhere.length ? `WHERE ${hWhere.join(" AND ")}` : ""} ${group}`;

  const query = <R>(sql: string, params: unknown[]) => store.prisma.$queryRawUnsafe<R[]>(sql, ...params);
  const [counts, probes, hists] = await Promise.all([
    query<Record<string, unknown>>(countSql, cp.values),
    probeCountAvailable(q) ? query<Record<string, unknown>>(probeSql, pp.values) : Promise.resolve(null),
    q.medians ? query<Record<string, unknown>>(histSql, hp.values) : Promise.resolve(null),
  ]);
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
      hists?.flatMap((r) =>
        Array.from({ length: MAX_BUCKETS }, (_, b): HistogramRow => ({
          keys: keysOf(r, n),
          bucket: b,
          tcp_ms: (r[`tcp_ms_${b}`] as number | null | undefined) ?? 0,
          tls_ms: (r[`tls_ms_${b}`] as number | null | undefined) ?? 0,
          throughput_kbps: (r[`throughput_kbps_${b}`] as number | null | undefined) ?? 0,
        })),
      ) ?? null,
  };
}
