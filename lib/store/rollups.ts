// Writing the rollups at both levels: hourly_rollups and probe_hours, and the daily level
// daily_rollups and probe_days that day-or-coarser reads use. Additive upserts from
// ingestion, and a set-based rebuild of any range from the raw rows, in one transaction.
// The daily level is a function of the hourly one (its rows summed per UTC day and key,
// with a mask of the hours present; the (probe, day) projection of probe_hours), so both
// levels give the same answers.
import { bucketCount, histogramBounds, HISTOGRAMS, type HistogramSpec } from "../rollup/histogram";
import { dailyIncrements, type ProbeHourRow, type RollupIncrement } from "../rollup/rows";
import type { SqlExecutor, Store } from "./open";

const HIST_COLUMNS = [HISTOGRAMS.tcp_ms.column, HISTOGRAMS.tls_ms.column, HISTOGRAMS.throughput_kbps.column];
const COUNT_COLUMNS = ["measurement_count", "ok_count", "anomaly_count", "confirmed_count", "failure_count"];
/** The key of both rollup tables after their time column. */
const DIMS = "service, stage, country, region, asn, network_type, source";
const PROBE_DIMS = "country, asn, region, network_type, source";

/** Bucket-by-bucket sum of two histogram arrays of any lengths (NULL and '{}' read as zeros). */
function addHistSql(a: string, b: string): string {
  return `ARRAY(SELECT coalesce(x, 0) + coalesce(y, 0) FROM unnest(coalesce(${a}, '{}'), coalesce(${b}, '{}')) WITH ORDINALITY AS h(x, y, i) ORDER BY i)`;
}

/** Additive upsert of increments (one JSON document) into hourly_rollups or daily_rollups. */
function upsertSql(table: "hourly_rollups" | "daily_rollups"): string {
  const time = table === "hourly_rollups" ? "hour" : "day";
  const mask = table === "daily_rollups" ? ["hour_mask"] : [];
  const columns = [time, DIMS, ...COUNT_COLUMNS, ...mask, ...HIST_COLUMNS].join(", ");
  return `INSERT INTO ${table} (${columns})
    SELECT ${columns}
    FROM json_to_recordset($1::json) AS u(${time} timestamptz, service text, stage text, country text, region text,
      asn int, network_type text, source text, ${[...COUNT_COLUMNS, ...mask].map((c) => `${c} int`).join(", ")},
      ${HIST_COLUMNS.map((c) => `${c} int[]`).join(", ")})
    ON CONFLICT (${time}, ${DIMS}) DO UPDATE SET
      ${[
        ...COUNT_COLUMNS.map((c) => `${c} = ${table}.${c} + EXCLUDED.${c}`),
        ...mask.map((c) => `${c} = ${table}.${c} | EXCLUDED.${c}`),
        ...HIST_COLUMNS.map((c) => `${c} = ${addHistSql(`${table}.${c}`, `EXCLUDED.${c}`)}`),
      ].join(",\n      ")}`;
}

/**
 * Adds increments to both rollup levels and records probe hours and probe days;
 * order-independent, so late data lands correctly. Tables are written in one order
 * (hourly, daily, probe hours, probe days) and rows in key order, so concurrent writers
 * cannot deadlock.
 */
export async function addToRollups(tx: SqlExecutor, increments: RollupIncrement[], probeHours: ProbeHourRow[]): Promise<void> {
  if (increments.length > 0) {
    await tx.query(upsertSql("hourly_rollups"), [JSON.stringify(increments)]);
    await tx.query(upsertSql("daily_rollups"), [JSON.stringify(dailyIncrements(increments))]);
  }
  if (probeHours.length > 0) {
    // probe_days gets the days of the probe hours actually inserted (a probe hour already
    // stored keeps its first dimensions), so it stays the exact projection of probe_hours.
    await tx.query(
      `WITH ph AS (
         INSERT INTO probe_hours (probe_id, hour, service, ${PROBE_DIMS})
         SELECT probe_id, hour, service, ${PROBE_DIMS}
         FROM json_to_recordset($1::json) AS u(probe_id text, hour timestamptz, service text, country text, asn int,
           region text, network_type text, source text)
         ON CONFLICT DO NOTHING
         RETURNING probe_id, hour, service, ${PROBE_DIMS})
       INSERT INTO probe_days (service, country, day, probe_id, asn, region, network_type, source)
       SELECT DISTINCT service, country, date_trunc('day', hour, 'UTC'), probe_id, asn, region, network_type, source
       FROM ph ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(probeHours)],
    );
  }
}

export interface RebuildRange {
  /** Inclusive; rounded down to the hour. Absent: from the first measurement. */
  since?: Date;
  /** Exclusive; rounded up to the hour. Absent: after the last measurement. */
  until?: Date;
}

export interface RebuildResult {
  rollupRows: number;
  probeHours: number;
  measurements: number;
  /** Rows of the daily level rewritten: the whole UTC days touching the range. */
  dailyRows: number;
  probeDays: number;
}

/** SQL for the histogram array of one metric from per-bucket counts held in a jsonb object. */
function histFromCounts(spec: HistogramSpec, countsJson: string): string {
  return `ARRAY(SELECT coalesce((${countsJson} ->> g::text)::int, 0) FROM generate_series(0, ${bucketCount(spec) - 1}) AS g ORDER BY g)`;
}

/**
 * Replaces the rollups and probe hours of [since, until) by figures recomputed from the
 * measurements and target results, then the daily level of every UTC day touching the
 * range by figures recomputed from the hourly level, in one transaction: readers see the
 * old rows or the new, never a mix. Bucketing uses the same bounds as ingestion
 * (width_bucket over them).
 */
export async function rebuildRollups(store: Store, range: RebuildRange = {}): Promise<RebuildResult> {
  return store.transaction((tx) => rebuildRollupsIn(tx, range));
}

/** rebuildRollups inside a caller's transaction (with the caller's own writes to the raw rows). */
export async function rebuildRollupsIn(tx: SqlExecutor, range: RebuildRange = {}): Promise<RebuildResult> {
  const since = range.since ? new Date(Math.floor(range.since.getTime() / 3_600_000) * 3_600_000) : new Date(0);
  const until = range.until ? new Date(Math.ceil(range.until.getTime() / 3_600_000) * 3_600_000) : new Date("9999-01-01T00:00:00Z");
  const params = [
    since.toISOString(),
    until.toISOString(),
    histogramBounds(HISTOGRAMS.tcp_ms),
    histogramBounds(HISTOGRAMS.tls_ms),
    histogramBounds(HISTOGRAMS.throughput_kbps),
  ];
  const dims = `hour, ${DIMS}`;
  await tx.query("DELETE FROM hourly_rollups WHERE hour >= $1::timestamptz AND hour < $2::timestamptz", params.slice(0, 2));
  await tx.query("DELETE FROM probe_hours WHERE hour >= $1::timestamptz AND hour < $2::timestamptz", params.slice(0, 2));
  const inserted = await tx.query<{ n: number; m: number }>(
    `WITH m AS (
       SELECT id, started_at, date_trunc('hour', started_at) AS hour, service, coalesce(stage, '') AS stage,
         country, coalesce(region, '') AS region, asn, coalesce(network_type, '') AS network_type, source, class
       FROM measurements WHERE started_at >= $1::timestamptz AND started_at < $2::timestamptz),
     counts AS (
       SELECT ${dims}, count(*)::int AS measurement_count,
         count(*) FILTER (WHERE class = 'ok')::int AS ok_count,
         count(*) FILTER (WHERE class = 'anomaly')::int AS anomaly_count,
         count(*) FILTER (WHERE class = 'confirmed')::int AS confirmed_count,
         count(*) FILTER (WHERE class = 'failure')::int AS failure_count
       FROM m GROUP BY ${dims}),
     per_bucket AS (
       SELECT ${dims.split(", ").map((d) => `m.${d}`).join(", ")}, v.metric, v.bucket, count(*)::int AS n
       FROM m JOIN target_results t ON t.measurement_id = m.id AND t.started_at = m.started_at
         AND t.started_at >= $1::timestamptz AND t.started_at < $2::timestamptz
       CROSS JOIN LATERAL (VALUES
         ('tcp', CASE WHEN t.tcp_ms IS NOT NULL THEN width_bucket(t.tcp_ms, $3::float8[]) END),
         ('tls', CASE WHEN t.tls_ms IS NOT NULL THEN width_bucket(t.tls_ms, $4::float8[]) END),
         ('thr', CASE WHEN t.throughput_kbps IS NOT NULL THEN width_bucket(t.throughput_kbps, $5::float8[]) END)
       ) AS v(metric, bucket)
       WHERE v.bucket IS NOT NULL
       GROUP BY ${dims.split(", ").map((d) => `m.${d}`).join(", ")}, v.metric, v.bucket),
     hist AS (
       SELECT ${dims},
         jsonb_object_agg(bucket::text, n) FILTER (WHERE metric = 'tcp') AS tcp,
         jsonb_object_agg(bucket::text, n) FILTER (WHERE metric = 'tls') AS tls,
         jsonb_object_agg(bucket::text, n) FILTER (WHERE metric = 'thr') AS thr
       FROM per_bucket GROUP BY ${dims}),
     ins AS (
       INSERT INTO hourly_rollups (${dims}, measurement_count, ok_count, anomaly_count, confirmed_count, failure_count,
         tcp_ms_hist, tls_ms_hist, throughput_kbps_hist)
       SELECT ${dims.split(", ").map((d) => `c.${d}`).join(", ")}, c.measurement_count, c.ok_count, c.anomaly_count,
         c.confirmed_count, c.failure_count,
         ${histFromCounts(HISTOGRAMS.tcp_ms, "h.tcp")}, ${histFromCounts(HISTOGRAMS.tls_ms, "h.tls")},
         ${histFromCounts(HISTOGRAMS.throughput_kbps, "h.thr")}
       FROM counts c LEFT JOIN hist h USING (${dims})
       RETURNING measurement_count)
     SELECT count(*)::int AS n, coalesce(sum(measurement_count), 0)::int AS m FROM ins`,
    params,
  );
  const probeHours = await tx.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO probe_hours (probe_id, hour, service, country, asn, region, network_type, source)
       SELECT DISTINCT ON (probe_id, date_trunc('hour', started_at), service)
         probe_id, date_trunc('hour', started_at), service, country, asn, coalesce(region, ''), coalesce(network_type, ''), source
       FROM measurements
       WHERE probe_id IS NOT NULL AND started_at >= $1::timestamptz AND started_at < $2::timestamptz
       ORDER BY probe_id, date_trunc('hour', started_at), service, started_at
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    params.slice(0, 2),
  );
  const daily = await rebuildDaily(tx, since, until);
  return { rollupRows: inserted[0].n, measurements: inserted[0].m, probeHours: probeHours[0].n, ...daily };
}

/** Recomputes daily_rollups and probe_days of the whole UTC days touching [since, until) from the hourly level. */
async function rebuildDaily(tx: SqlExecutor, since: Date, until: Date): Promise<{ dailyRows: number; probeDays: number }> {
  // prisma/sql/005_daily_rollups.sql: the same function fills the daily level when migrating.
  const [r] = await tx.query<{ daily_rows: number; probe_day_rows: number }>(
    "SELECT daily_rows, probe_day_rows FROM vantage_rebuild_daily_rollups($1::timestamptz, $2::timestamptz)",
    [since.toISOString(), until.toISOString()],
  );
  return { dailyRows: r.daily_rows, probeDays: r.probe_day_rows };
}
