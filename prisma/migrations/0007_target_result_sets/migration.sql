-- The old one-row-per-target table is kept until its rows are folded into the new one.
ALTER TABLE "target_results" RENAME TO "target_results_before_0007";

-- CreateTable
CREATE TABLE "target_result_sets" (
    "measurement_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "service" TEXT NOT NULL,
    "target_ids" TEXT[],
    "components" TEXT[],
    "hosts" TEXT[],
    "ips" TEXT[],
    "ports" INTEGER[],
    "verdicts" TEXT[],
    "grades" TEXT[],
    "rules" TEXT[],
    "stages" TEXT[],
    "failures" TEXT[],
    "details" TEXT[],
    "dns_ms" DOUBLE PRECISION[],
    "tcp_ms" DOUBLE PRECISION[],
    "tls_ms" DOUBLE PRECISION[],
    "ttfb_ms" DOUBLE PRECISION[],
    "http_status" INTEGER[],
    "throughput_kbps" DOUBLE PRECISION[],

    CONSTRAINT "target_result_sets_pkey" PRIMARY KEY ("measurement_id","started_at")
) PARTITION BY RANGE ("started_at");

-- vantage:extra-sql
-- Hand-written SQL Prisma cannot express goes below, and the same SQL into a file in
-- prisma/sql/ (the schema test rebuilds the store from schema.prisma plus prisma/sql/).
-- Monthly partitions of the time-partitioned tables (see prisma/README.md).
-- vantage_ensure_month_partitions creates, for every month touching [from_ts, to_ts],
-- the partitions of measurements and target_result_sets; ingestion calls it for the months
-- of each batch. The advisory lock serialises concurrent creators.
CREATE OR REPLACE FUNCTION vantage_ensure_month_partitions(from_ts timestamptz, to_ts timestamptz)
RETURNS void AS $$
DECLARE
  m date;
  parent text;
BEGIN
  PERFORM pg_advisory_xact_lock(72534002);
  m := date_trunc('month', from_ts AT TIME ZONE 'UTC')::date;
  WHILE m <= (to_ts AT TIME ZONE 'UTC')::date LOOP
    FOREACH parent IN ARRAY ARRAY['measurements', 'target_result_sets'] LOOP
      EXECUTE format(
        'CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        parent || '_' || to_char(m, 'YYYY"m"MM'),
        parent,
        m::timestamp AT TIME ZONE 'UTC',
        (m + interval '1 month')::timestamp AT TIME ZONE 'UTC'
      );
    END LOOP;
    m := (m + interval '1 month')::date;
  END LOOP;
END
$$ LANGUAGE plpgsql;

-- Retention: drops whole monthly partitions that end at or before cutoff; returns their names.
CREATE OR REPLACE FUNCTION vantage_drop_partitions_before(cutoff timestamptz)
RETURNS SETOF text AS $$
DECLARE
  part record;
BEGIN
  FOR part IN
    SELECT c.relname, p.relname AS parent
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname IN ('measurements', 'target_result_sets')
      AND c.relname ~ '_[0-9]{4}m[0-9]{2}$'
      AND (to_date(right(c.relname, 7), 'YYYY"m"MM') + interval '1 month') <= (cutoff AT TIME ZONE 'UTC')
  LOOP
    EXECUTE format('DROP TABLE %I', part.relname);
    RETURN NEXT part.relname;
  END LOOP;
END
$$ LANGUAGE plpgsql;

-- Existing per-target rows become one array row per measurement, in record order (the
-- position of the target id in the record); each target's verdict detail comes from the
-- stored verdict, whose per-target list is then dropped (it is joined back on read).
DO $$
DECLARE
  lo timestamptz;
  hi timestamptz;
BEGIN
  SELECT min(started_at), max(started_at) INTO lo, hi FROM measurements;
  IF lo IS NOT NULL THEN
    PERFORM vantage_ensure_month_partitions(lo, hi);
  END IF;
END
$$;

INSERT INTO target_result_sets (measurement_id, started_at, service, target_ids, components, hosts, ips, ports, verdicts,
  grades, rules, stages, failures, details, dns_ms, tcp_ms, tls_ms, ttfb_ms, http_status, throughput_kbps)
SELECT m.id, m.started_at, m.service,
  array_agg(t.target_id ORDER BY p.position), array_agg(t.component ORDER BY p.position),
  array_agg(t.host ORDER BY p.position), array_agg(t.ip ORDER BY p.position), array_agg(t.port ORDER BY p.position),
  array_agg(t.verdict ORDER BY p.position), array_agg(t.grade ORDER BY p.position), array_agg(t.rule ORDER BY p.position),
  array_agg(t.stage ORDER BY p.position), array_agg(t.failure ORDER BY p.position), array_agg(v.detail ORDER BY p.position),
  array_agg(t.dns_ms ORDER BY p.position), array_agg(t.tcp_ms ORDER BY p.position), array_agg(t.tls_ms ORDER BY p.position),
  array_agg(t.ttfb_ms ORDER BY p.position), array_agg(t.http_status ORDER BY p.position),
  array_agg(t.throughput_kbps ORDER BY p.position)
FROM measurements m
CROSS JOIN LATERAL json_array_elements(m.record -> 'targets') WITH ORDINALITY AS p(target, position)
JOIN target_results_before_0007 t
  ON t.measurement_id = m.id AND t.started_at = m.started_at AND t.target_id = p.target ->> 'id'
LEFT JOIN LATERAL (
  SELECT e ->> 'detail' AS detail FROM json_array_elements(m.verdict -> 'targets') AS e
  WHERE e ->> 'target' = t.target_id LIMIT 1) v ON true
GROUP BY m.id, m.started_at, m.service;

UPDATE measurements SET verdict = (verdict::jsonb - 'targets')::json WHERE (verdict::jsonb) ? 'targets';

DROP TABLE "target_results_before_0007";

-- One row per target, unnested from target_result_sets (one row per measurement, parallel
-- arrays in record order). Readers query this view; only ingestion writes the arrays.
-- `position` is the target's 1-based place in the record.
CREATE OR REPLACE VIEW target_results AS
SELECT s.measurement_id, s.started_at, t.position::int AS position, t.target_id, s.service, t.component, t.host, t.ip,
  t.port, t.verdict, t.grade, t.rule, t.stage, t.failure, t.detail, t.dns_ms, t.tcp_ms, t.tls_ms, t.ttfb_ms,
  t.http_status, t.throughput_kbps
FROM target_result_sets s
CROSS JOIN LATERAL unnest(s.target_ids, s.components, s.hosts, s.ips, s.ports, s.verdicts, s.grades, s.rules, s.stages,
  s.failures, s.details, s.dns_ms, s.tcp_ms, s.tls_ms, s.ttfb_ms, s.http_status, s.throughput_kbps)
  WITH ORDINALITY AS t(target_id, component, host, ip, port, verdict, grade, rule, stage, failure, detail, dns_ms, tcp_ms,
    tls_ms, ttfb_ms, http_status, throughput_kbps, position);
