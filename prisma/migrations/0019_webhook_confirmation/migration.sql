-- Webhook subscriptions are confirmed by their receiver before anything is delivered
-- (a verification request whose challenge the receiver echoes), and capped per receiver
-- host. Subscriptions made before this migration were never verified: they start pending
-- and are sent a verification request at once (verify_next_at = now); until the receiver
-- echoes it they get no events, and unconfirmed they expire like any pending one.

-- AlterTable
ALTER TABLE "webhook_subscriptions" ADD COLUMN     "confirmed_at" TIMESTAMPTZ(3),
ADD COLUMN     "url_host" TEXT,
ADD COLUMN     "verify_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "verify_error" TEXT,
ADD COLUMN     "verify_next_at" TIMESTAMPTZ(3);

UPDATE "webhook_subscriptions"
SET "url_host" = lower(substring("url" from '^[A-Za-z][A-Za-z0-9+.-]*://(\[[^]]*\]|[^/:?#]*)')),
    "verify_next_at" = CURRENT_TIMESTAMP,
    "created_at" = CURRENT_TIMESTAMP;

ALTER TABLE "webhook_subscriptions" ALTER COLUMN "url_host" SET NOT NULL;

-- CreateIndex
CREATE INDEX "webhook_subscriptions_url_host_idx" ON "webhook_subscriptions"("url_host");

-- CreateIndex
CREATE INDEX "webhook_subscriptions_verify_next_at_idx" ON "webhook_subscriptions"("verify_next_at");
