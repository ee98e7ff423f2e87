-- The daily rollup level (docs/api.md, "Rollups"): daily_rollups keeps hourly_rollups'
-- checks plus one on its hour mask (24 bits, at least one hour set), and is read through a
-- covering index, so a day-or-coarser timeline of one service in one country reads its
-- counts and covered hours from the index alone. probe_days needs no index: its key,
-- (service, country, day, probe_id, dimensions), covers that read.
ALTER TABLE daily_rollups ADD CONSTRAINT daily_rollups_counts_check
  CHECK (measurement_count = ok_count + anomaly_count + confirmed_count + failure_count);
ALTER TABLE daily_rollups ADD CONSTRAINT daily_rollups_stage_check
  CHECK (stage IN ('', 'dns', 'tcp', 'tls', 'http', 'ws', 'throughput'));
ALTER TABLE daily_rollups ADD CONSTRAINT daily_rollups_hour_mask_check
  CHECK (hour_mask > 0 AND hour_mask < 16777216);
CREATE INDEX daily_rollups_service_country_day_cover_idx ON daily_rollups (service, country, day)
  INCLUDE (asn, region, network_type, source, stage, measurement_count, ok_count, anomaly_count, confirmed_count, failure_count, hour_mask);

-- Recomputes the daily level of every UTC day touching [from_ts, to_ts) from the hourly
-- level: daily_rollups are the hourly_rollups of the day summed per key (histograms bucket
-- by bucket), with bit h of hour_mask set when hour h has a row; probe_days are the
-- (probe, day) projection of probe_hours. rebuildRollups (lib/store/rollups.ts) calls it
-- after rebuilding the hourly rows, in the same transaction; ingestion keeps both levels
-- current with the same rules (lib/rollup/rows.ts dailyIncrements).
CREATE OR REPLACE FUNCTION vantage_rebuild_daily_rollups(from_ts timestamptz, to_ts timestamptz,
  OUT daily_rows int, OUT probe_day_rows int) AS $$
DECLARE
  d0 timestamptz := date_trunc('day', from_ts, 'UTC');
  d1 timestamptz := date_trunc('day', to_ts - interval '1 microsecond', 'UTC') + interval '1 day';
  n int[];
  hists text[];
BEGIN
  DELETE FROM daily_rollups WHERE day >= d0 AND day < d1;
  DELETE FROM probe_days WHERE day >= d0 AND day < d1;
  -- One native sum per histogram bucket (far cheaper than unnesting every row's arrays).
  SELECT ARRAY[max(array_length(tcp_ms_hist, 1)), max(array_length(tls_ms_hist, 1)), max(array_length(throughput_kbps_hist, 1))]
    INTO n FROM hourly_rollups WHERE hour >= d0 AND hour < d1;
  SELECT array_agg(format('ARRAY[%s]::int[]',
      (SELECT coalesce(string_agg(format('coalesce(sum(%I[%s]), 0)', c.col, i), ', ' ORDER BY i), '')
       FROM generate_series(1, coalesce(n[c.k], 0)) AS i)) ORDER BY c.k)
    INTO hists
    FROM unnest(ARRAY['tcp_ms_hist', 'tls_ms_hist', 'throughput_kbps_hist']) WITH ORDINALITY AS c(col, k);
  EXECUTE format($sql$
    INSERT INTO daily_rollups (day, service, stage, country, region, asn, network_type, source, measurement_count,
      ok_count, anomaly_count, confirmed_count, failure_count, hour_mask, tcp_ms_hist, tls_ms_hist, throughput_kbps_hist)
    SELECT date_trunc('day', hour, 'UTC'), service, stage, country, region, asn, network_type, source,
      sum(measurement_count), sum(ok_count), sum(anomaly_count), sum(confirmed_count), sum(failure_count),
      bit_or(1 << extract(hour FROM hour AT TIME ZONE 'UTC')::int), %s, %s, %s
    FROM hourly_rollups WHERE hour >= $1 AND hour < $2
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8$sql$, hists[1], hists[2], hists[3]) USING d0, d1;
  GET DIAGNOSTICS daily_rows = ROW_COUNT;
  INSERT INTO probe_days (service, country, day, probe_id, asn, region, network_type, source)
  SELECT DISTINCT service, country, date_trunc('day', hour, 'UTC'), probe_id, asn, region, network_type, source
  FROM probe_hours WHERE hour >= d0 AND hour < d1;
  GET DIAGNOSTICS probe_day_rows = ROW_COUNT;
END
$$ LANGUAGE plpgsql;
