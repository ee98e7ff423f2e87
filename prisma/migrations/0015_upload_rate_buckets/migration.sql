-- CreateTable
CREATE TABLE "upload_rate_buckets" (
    "probe_id" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "granted" BOOLEAN NOT NULL,

    CONSTRAINT "upload_rate_buckets_pkey" PRIMARY KEY ("probe_id")
);

-- vantage:extra-sql
-- Hand-written SQL Prisma cannot express goes below, and the same SQL into a file in
-- prisma/sql/ (the schema test rebuilds the store from schema.prisma plus prisma/sql/).
