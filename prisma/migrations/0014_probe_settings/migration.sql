-- AlterTable
ALTER TABLE "probes" ADD COLUMN     "daily_budget_bytes" INTEGER,
ADD COLUMN     "last_queued" INTEGER,
ADD COLUMN     "offline_notices" INTEGER NOT NULL DEFAULT 0;

-- vantage:extra-sql
-- Hand-written SQL Prisma cannot express goes below, and the same SQL into a file in
-- prisma/sql/ (the schema test rebuilds the store from schema.prisma plus prisma/sql/).
