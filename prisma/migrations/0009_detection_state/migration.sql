-- CreateTable
CREATE TABLE "detection_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "covered_before" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "detection_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "measurement_ids_received_at_idx" ON "measurement_ids" USING BRIN ("received_at");

-- vantage:extra-sql
-- Hand-written SQL Prisma cannot express goes below, and the same SQL into a file in
-- prisma/sql/ (the schema test rebuilds the store from schema.prisma plus prisma/sql/).
-- One row: the state of the store's detection, not a log.
ALTER TABLE detection_state ADD CONSTRAINT detection_state_one_row CHECK (id = 1);
