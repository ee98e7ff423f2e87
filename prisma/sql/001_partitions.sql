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
