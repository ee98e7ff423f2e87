// Writing the hourly rollups and probe hours: additive upserts from ingestion, and a
// set-based rebuild of any hour range from the raw rows (one transaction).
import { bucketCount, histogramBounds, HISTOGRAMS, type HistogramSpec } from "../rollup/histogram";
import type { ProbeHourRow, RollupIncrement } from "../rollup/rows";
import { causeStageSql } from "../rollup/stage";
import type { SqlExecutor, Store } from "./open";

const HIST_COLUMNS = ["tcp_ms_hist", "tls_ms_hist", "throughput_kbps_hist"] as const;

/** Bucket-by-bucket sum of two histogram arrays of any lengths (NULL and '{}' read as zeros). */
function addHistSql(a: string, b: string): string {
  return `ARRAY(SELECT coalesce(x, 0) + coalesce(y, 0) FROM unnest(coalesce(${a}, '{}'), coalesce(${b}, '{}')) WITH ORDINALITY AS h(x, y, i) ORDER BY i)`;
}

/** Adds increments to the rollups and records probe hours; order-independent, so late data lands correctly. */
export async function addToRollups(tx: SqlExecutor, increments: RollupIncrement[], probeHours: ProbeHourRow[]): Promise<void> {
  if (increments.length > 0) {
    await tx.query(
      `INSERT INTO hourly_rollups (hour, service, stage, country, region, asn, network_type, source,
         measurement_count, ok_count, anomaly_count, confirmed_count, failure_count, ${HIST_COLUMNS.join(", ")})
       SELECT hour, service, stage, country, region, asn, network_type, source,
         measurement_count, ok_count, anomaly_count, confirmed_count, failure_count, ${HIST_COLUMNS.join(", ")}
       FROM json_to_recordset($1::json) AS u(hour timestamptz, service text, stage text, country text, region text,
         asn int, network_type text, source text, measurement_count int, ok_count int, anomaly_count int,
         confirmed_count int, failure_count int, tcp_ms_hist int[], tls_ms_hist int[], throughput_kbps_hist int[])
       ON CONFLICT (hour, service, stage, country, region, asn, network_type, source) DO UPDATE SET
         measurement_count = hourly_rollups.measurement_count + EXCLUDED.measurement_count,
         ok_count = hourly_rollups.ok_count + EXCLUDED.ok_count,
         anomaly_count = hourly_rollups.anomaly_count + EXCLUDED.anomaly_count,
         confirmed_count = hourly_rollups.confirmed_count + EXCLUDED.confirmed_count,
         failure_count = hourly_rollups.failure_count + EXCLUDED.failure_count,
         ${HIST_COLUMNS.map((c) => `${c} = ${addHistSql(`hourly_rollups.${c}`, `EXCLUDED.${c}`)}`).join(",\n         ")}`,
      [JSON.stringify(increments)],
    );
  }
  if (probeHours.length > 0) {
    await tx.query(
      `INSERT INTO probe_hours (probe_id, hour, service, country, asn, region, network_type, source)
       SELECT probe_id, hour, service, country, asn, region, network_type, source
       FROM json_to_recordset($1::json) AS u(probe_id text, hour timestamptz, service text, country text, asn int,
         region text, network_type text, source text)
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
}

/** SQL for the histogram array of one metric from per-bucket counts held in a jsonb object. */
function histFromCounts(spec: HistogramSpec, countsJson: string): string {
  return `ARRAY(SELECT coalesce((${countsJson} ->> g::text)::int, 0) FROM generate_series(0, ${bucketCount(spec) - 1}) AS g ORDER BY g)`;
}

/**
 * Replaces the rollups and probe hours of [since, until) by figures recomputed from the
 * measurements and target results, in one transaction: readers see the old rows or the
 * new, never a mix. Bucketing uses the same bounds as ingestion (width_bucket over them).
 */
export async function rebuildRollups(store: Store, range: RebuildRange = {}): Promise<RebuildResult> {
  const since = range.since ? new Date(Math.floor(range.since.getTime() / 3_600_000) * 3_600_000) : new Date(0);
  const until = range.until ? new Date(Math.ceil(range.until.getTime() / 3_600_000) * 3_600_000) : new Date("9999-01-01T00:00:00Z");
  const params = [
    since.toISOString(),
    until.toISOString(),
    histogramBounds(HISTOGRAMS.tcp_ms),
    histogramBounds(HISTOGRAMS.tls_ms),
    histogramBounds(HISTOGRAMS.throughput_kbps),
  ];
  const dims = "hour, service, stage, country, region, asn, network_type, source";
  return store.transaction(async (tx) => {
    await tx.query("DELETE FROM hourly_rollups WHERE hour >= $1::timestamptz AND hour < $2::timestamptz", params.slice(0, 2));
    await tx.query("DELETE FROM probe_hours WHERE hour >= $1::timestamptz AND hour < $2::timestamptz", params.slice(0, 2));
    const inserted = await tx.query<{ n: number; m: number }>(
      `WITH m AS (
         SELECT id, started_at, date_trunc('hour', started_at) AS hour, service, ${causeStageSql("rule")} AS stage,
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
    return { rollupRows: inserted[0].n, measurements: inserted[0].m, probeHours: probeHours[0].n };
  });
}
