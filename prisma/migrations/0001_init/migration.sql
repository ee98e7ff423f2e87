-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "owners" (
    "id" TEXT NOT NULL,
    "key_hash" TEXT,
    "contact" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "owners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "probes" (
    "id" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "region" TEXT,
    "asn" INTEGER NOT NULL,
    "asn_name" TEXT,
    "network_type" TEXT NOT NULL,
    "software_version" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3),

    CONSTRAINT "probes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "services" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "services_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "targets" (
    "id" TEXT NOT NULL,
    "service_id" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "host" TEXT,
    "port" INTEGER,
    "targets_version" TEXT NOT NULL,

    CONSTRAINT "targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "measurement_ids" (
    "id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "content_hash" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "measurement_ids_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "measurements" (
    "id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "probe_id" TEXT,
    "owner_id" TEXT,
    "round_id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "asn" INTEGER NOT NULL,
    "region" TEXT,
    "network_type" TEXT,
    "status" TEXT NOT NULL,
    "class" TEXT NOT NULL,
    "technique" TEXT,
    "rule" TEXT,
    "allowlist" BOOLEAN NOT NULL,
    "rules_version" TEXT NOT NULL,
    "targets_version" TEXT NOT NULL,
    "software_name" TEXT NOT NULL,
    "software_version" TEXT NOT NULL,
    "runtime_ms" DOUBLE PRECISION NOT NULL,
    "flags" TEXT[],
    "record" JSONB NOT NULL,
    "verdict" JSONB NOT NULL,

    CONSTRAINT "measurements_pkey" PRIMARY KEY ("id","started_at")
) PARTITION BY RANGE ("started_at");

-- CreateTable
CREATE TABLE "target_results" (
    "measurement_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "target_id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "host" TEXT,
    "ip" TEXT,
    "port" INTEGER,
    "verdict" TEXT NOT NULL,
    "grade" TEXT,
    "rule" TEXT,
    "stage" TEXT,
    "failure" TEXT,
    "dns_ms" DOUBLE PRECISION,
    "tcp_ms" DOUBLE PRECISION,
    "tls_ms" DOUBLE PRECISION,
    "ttfb_ms" DOUBLE PRECISION,
    "http_status" INTEGER,
    "throughput_kbps" DOUBLE PRECISION,

    CONSTRAINT "target_results_pkey" PRIMARY KEY ("measurement_id","started_at","target_id")
) PARTITION BY RANGE ("started_at");

-- CreateTable
CREATE TABLE "hourly_rollups" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "service" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "region" TEXT NOT NULL,
    "asn" INTEGER NOT NULL,
    "network_type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "measurement_count" INTEGER NOT NULL,
    "ok_count" INTEGER NOT NULL,
    "anomaly_count" INTEGER NOT NULL,
    "confirmed_count" INTEGER NOT NULL,
    "failure_count" INTEGER NOT NULL,

    CONSTRAINT "hourly_rollups_pkey" PRIMARY KEY ("hour","service","country","region","asn","network_type","source")
);

-- CreateTable
CREATE TABLE "probe_hours" (
    "probe_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "service" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "asn" INTEGER NOT NULL,
    "region" TEXT NOT NULL,
    "network_type" TEXT NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "probe_hours_pkey" PRIMARY KEY ("probe_id","hour","service")
);

-- CreateTable
CREATE TABLE "events" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "kind" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "asns" INTEGER[],
    "regions" TEXT[],
    "technique" TEXT,
    "severity" DOUBLE PRECISION NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "onset_from" TIMESTAMPTZ(3) NOT NULL,
    "onset_to" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "evidence" JSONB NOT NULL,
    "measurement_ids" TEXT[],
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "annotations" (
    "id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "end_date" DATE,
    "title" TEXT NOT NULL,
    "body" TEXT,
    "outlet" TEXT NOT NULL,
    "source_date" DATE NOT NULL,
    "url" TEXT,
    "services" TEXT[],
    "country" CHAR(2) NOT NULL,
    "not_measured" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "annotations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "owners_key_hash_key" ON "owners"("key_hash");

-- CreateIndex
CREATE INDEX "probes_country_asn_idx" ON "probes"("country", "asn");

-- CreateIndex
CREATE INDEX "targets_service_id_idx" ON "targets"("service_id");

-- CreateIndex
CREATE INDEX "measurements_service_country_started_at_idx" ON "measurements"("service", "country", "started_at");

-- CreateIndex
CREATE INDEX "measurements_service_asn_started_at_idx" ON "measurements"("service", "asn", "started_at");

-- CreateIndex
CREATE INDEX "measurements_probe_id_started_at_idx" ON "measurements"("probe_id", "started_at");

-- CreateIndex
CREATE INDEX "target_results_service_target_id_started_at_idx" ON "target_results"("service", "target_id", "started_at");

-- CreateIndex
CREATE INDEX "target_results_service_ip_started_at_idx" ON "target_results"("service", "ip", "started_at");

-- CreateIndex
CREATE INDEX "hourly_rollups_service_country_hour_idx" ON "hourly_rollups"("service", "country", "hour");

-- CreateIndex
CREATE INDEX "probe_hours_service_country_hour_idx" ON "probe_hours"("service", "country", "hour");

-- CreateIndex
CREATE INDEX "events_service_country_started_at_idx" ON "events"("service", "country", "started_at");

-- CreateIndex
CREATE INDEX "annotations_country_date_idx" ON "annotations"("country", "date");

-- AddForeignKey
ALTER TABLE "probes" ADD CONSTRAINT "probes_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "owners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "targets" ADD CONSTRAINT "targets_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- vantage:extra-sql
-- Hand-written SQL Prisma cannot express goes below, and the same SQL into a file in
-- prisma/sql/ (the schema test rebuilds the store from schema.prisma plus prisma/sql/).
-- Monthly partitions of the time-partitioned tables (see prisma/README.md).
-- vantage_ensure_month_partitions creates, for every month touching [from_ts, to_ts],
-- the partitions of measurements and target_results; ingestion calls it for the months
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
    FOREACH parent IN ARRAY ARRAY['measurements', 'target_results'] LOOP
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
    WHERE p.relname IN ('measurements', 'target_results')
      AND c.relname ~ '_[0-9]{4}m[0-9]{2}$'
      AND (to_date(right(c.relname, 7), 'YYYY"m"MM') + interval '1 month') <= (cutoff AT TIME ZONE 'UTC')
  LOOP
    EXECUTE format('DROP TABLE %I', part.relname);
    RETURN NEXT part.relname;
  END LOOP;
END
$$ LANGUAGE plpgsql;

-- Vocabulary checks Prisma cannot declare: the store refuses values outside the design
-- brief's verdict vocabulary (lib/measurement/vocabulary.ts).
ALTER TABLE measurements ADD CONSTRAINT measurements_class_check
  CHECK (class IN ('ok', 'anomaly', 'confirmed', 'failure'));
ALTER TABLE measurements ADD CONSTRAINT measurements_status_check
  CHECK (status IN ('ok', 'blocked', 'partial', 'throttled', 'inconclusive', 'error'));
ALTER TABLE measurements ADD CONSTRAINT measurements_source_check
  CHECK (source IN ('vantage', 'ooni', 'simulated'));
ALTER TABLE probes ADD CONSTRAINT probes_network_type_check
  CHECK (network_type IN ('fixed', 'mobile'));
ALTER TABLE probes ADD CONSTRAINT probes_status_check
  CHECK (status IN ('active', 'paused', 'revoked'));
ALTER TABLE hourly_rollups ADD CONSTRAINT hourly_rollups_counts_check
  CHECK (measurement_count = ok_count + anomaly_count + confirmed_count + failure_count);
