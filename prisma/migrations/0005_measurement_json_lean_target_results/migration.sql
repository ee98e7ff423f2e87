-- DropIndex
DROP INDEX "target_results_service_target_id_started_at_idx";

-- DropIndex
DROP INDEX "target_results_service_ip_started_at_idx";

-- AlterTable
ALTER TABLE "measurements" ALTER COLUMN "record" SET DATA TYPE JSON,
ALTER COLUMN "verdict" SET DATA TYPE JSON;

-- vantage:extra-sql
-- Hand-written SQL Prisma cannot express goes below, and the same SQL into a file in
-- prisma/sql/ (the schema test rebuilds the store from schema.prisma plus prisma/sql/).
