-- The services and targets tables were never written nor read: the target list lives in
-- lib/targets/targets.json and results carry their target ids.
-- DropForeignKey
ALTER TABLE "targets" DROP CONSTRAINT "targets_service_id_fkey";

-- DropTable
DROP TABLE "services";

-- DropTable
DROP TABLE "targets";

-- vantage:extra-sql
-- (none)
