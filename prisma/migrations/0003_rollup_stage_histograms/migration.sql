-- AlterTable
ALTER TABLE "hourly_rollups" DROP CONSTRAINT "hourly_rollups_pkey",
ADD COLUMN     "stage" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "tcp_ms_hist" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "throughput_kbps_hist" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "tls_ms_hist" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD CONSTRAINT "hourly_rollups_pkey" PRIMARY KEY ("hour", "service", "stage", "country", "region", "asn", "network_type", "source");

-- vantage:extra-sql
-- Hand-written SQL Prisma cannot express goes below, and the same SQL into a file in
-- prisma/sql/ (the schema test rebuilds the store from schema.prisma plus prisma/sql/).
-- The rollups' cause stage is one of lib/measurement/vocabulary.ts's stages, or '' when
-- no stage explains the verdict (ok, inconclusive); see lib/rollup/stage.ts.
ALTER TABLE hourly_rollups ADD CONSTRAINT hourly_rollups_stage_check
  CHECK (stage IN ('', 'dns', 'tcp', 'tls', 'http', 'ws', 'throughput'));
