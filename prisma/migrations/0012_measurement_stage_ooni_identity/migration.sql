-- AlterTable
ALTER TABLE "measurements" ADD COLUMN     "ooni_url" TEXT,
ADD COLUMN     "stage" TEXT;

-- vantage:extra-sql
-- Hand-written SQL Prisma cannot express goes below, and the same SQL into a file in
-- prisma/sql/ (the schema test rebuilds the store from schema.prisma plus prisma/sql/).
-- (Nothing structural here: what follows moves data, so prisma/sql/ has no counterpart.)

-- 1. The stage of each stored verdict's cause, from the per-target findings stored beside
-- it: among the targets whose rule decided the round, the earliest stage (the order the
-- verdict module ranks causes in). Rounds with no cause (ok, inconclusive) keep null.
-- Rows re-scored later (npm run import:ooni -- --rescore) get the stage from the rules.
UPDATE measurements m SET stage = (
  SELECT t.stage
  FROM target_result_sets s, unnest(s.rules, s.stages) AS t(rule, stage)
  WHERE s.measurement_id = m.id AND s.started_at = m.started_at AND t.rule = m.rule AND t.stage IS NOT NULL
  ORDER BY array_position(ARRAY['dns', 'tcp', 'tls', 'http', 'ws', 'throughput'], t.stage)
  LIMIT 1)
WHERE m.rule IS NOT NULL AND m.rule <> 'OK' AND m.status <> 'inconclusive';

-- 2. OONI Explorer links of imported measurements (lib/ooni/envelope.ts explorerUrl):
-- by measurement_uid, else by report id (and input, percent-encoded as encodeURIComponent).
CREATE FUNCTION pg_temp.vantage_uri_component(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(string_agg(
    CASE WHEN chr(b) ~ '^[A-Za-z0-9_.!~*''()-]$' THEN chr(b) ELSE '%' || lpad(upper(to_hex(b)), 2, '0') END,
    '' ORDER BY i), '')
  FROM (SELECT i, get_byte(convert_to(t, 'UTF8'), i) AS b
        FROM generate_series(0, octet_length(convert_to(t, 'UTF8')) - 1) AS i) AS bytes
$$;
UPDATE measurements SET ooni_url = CASE
    WHEN nullif(record->'ooni'->>'measurement_uid', '') IS NOT NULL
      THEN 'https://explorer.ooni.org/m/' || pg_temp.vantage_uri_component(record->'ooni'->>'measurement_uid')
    WHEN nullif(record->'ooni'->>'report_id', '') IS NOT NULL
      THEN 'https://explorer.ooni.org/measurement/' || pg_temp.vantage_uri_component(record->'ooni'->>'report_id')
        || CASE WHEN nullif(record->'ooni'->>'input', '') IS NOT NULL
             THEN '?input=' || pg_temp.vantage_uri_component(record->'ooni'->>'input') ELSE '' END
  END
WHERE source = 'ooni';

-- 3. One OONI measurement, one row. Ids were derived from measurement_uid where a form
-- carried one, so the same measurement read from a bucket file and from the API was stored
-- twice. The id is now a v3 (MD5) name-based UUID of report id, input, start time and
-- nettest (lib/ooni/map.ts ooniRecordId, same namespace and name): computed here for every
-- stored OONI row; of rows sharing one identity the first received stays, re-keyed, and
-- the others go. Rollups of the hours involved are rebuilt by `npm run db:rebuild-rollups`
-- (docs/ooni-import.md).
CREATE TEMPORARY TABLE ooni_identity ON COMMIT DROP AS
SELECT id AS old_id, started_at, new_id,
       row_number() OVER (PARTITION BY new_id ORDER BY received_at, id) AS n
FROM (
  SELECT id, started_at, received_at, (
    substr(h, 1, 12) || '3' || substr(h, 14, 3)
    || to_hex((('x' || substr(h, 17, 1))::bit(4)::int & 3) | 8) || substr(h, 18, 15))::uuid AS new_id
  FROM (
    SELECT id, started_at, received_at,
      md5(decode('66dea863b3d7465fb3c36f75c1ba89df', 'hex') || convert_to(
        'ooni:' || coalesce(record->'ooni'->>'report_id', '') || E'\n' || coalesce(record->'ooni'->>'input', '') || E'\n'
        || to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || E'\n'
        || coalesce(record->'ooni'->>'test_name', ''), 'UTF8')) AS h
    FROM measurements WHERE source = 'ooni'
  ) AS hashed
) AS keyed;

DELETE FROM target_result_sets t USING ooni_identity o
  WHERE o.n > 1 AND t.measurement_id = o.old_id AND t.started_at = o.started_at;
DELETE FROM measurements m USING ooni_identity o
  WHERE o.n > 1 AND m.id = o.old_id AND m.started_at = o.started_at;
DELETE FROM measurement_ids i USING ooni_identity o WHERE o.n > 1 AND i.id = o.old_id;

DELETE FROM ooni_identity WHERE n > 1 OR new_id = old_id;
UPDATE measurement_ids i SET id = o.new_id FROM ooni_identity o WHERE i.id = o.old_id;
UPDATE target_result_sets t SET measurement_id = o.new_id
  FROM ooni_identity o WHERE t.measurement_id = o.old_id AND t.started_at = o.started_at;
UPDATE measurements m SET id = o.new_id, record = jsonb_set(m.record::jsonb, '{id}', to_jsonb(o.new_id::text))::json
  FROM ooni_identity o WHERE m.id = o.old_id AND m.started_at = o.started_at;
UPDATE events e SET measurement_ids = (
    SELECT array_agg(coalesce(o.new_id::text, u.x) ORDER BY u.ord)
    FROM unnest(e.measurement_ids) WITH ORDINALITY AS u(x, ord) LEFT JOIN ooni_identity o ON o.old_id::text = u.x)
  WHERE e.measurement_ids && (SELECT coalesce(array_agg(old_id::text), '{}') FROM ooni_identity);
