-- AlterTable
ALTER TABLE "probes" ADD COLUMN     "reference" BOOLEAN NOT NULL DEFAULT false;

-- vantage:extra-sql
-- Hand-written SQL Prisma cannot express goes below, and the same SQL into a file in
-- prisma/sql/ (the schema test rebuilds the store from schema.prisma plus prisma/sql/).
