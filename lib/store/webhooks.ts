// Webhook subscriptions and their deliveries in the store. Deliveries are queued in the
// transaction-free step after detection stores events (lib/store/detection.ts) and sent
// by lib/webhooks/dispatch.ts, which leases due rows so two server processes never send
// the same delivery at once.
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { EventRow } from "../query/events";
import { eventOpenedPayload, HISTORY_CUTOFF_MS, matchesFilter, type WebhookFilter } from "../webhooks/webhook";
import type { Store } from "./open";

export interface NewSubscription extends WebhookFilter {
  url: string;
  siteUrl: string;
}

export interface CreatedSubscription {
  id: string;
  secret: string;
  unsubscribeToken: string;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Derived from the secret, so every delivery can carry it while only its hash is looked up. */
export function unsubscribeToken(secret: string, id: string): string {
  return createHmac("sha256", secret).update(`unsubscribe:${id}`).digest("base64url");
}

export function unsubscribeUrl(siteUrl: string, token: string): string {
  return `${siteUrl}/api/v1/webhooks/unsubscribe?token=${encodeURIComponent(token)}`;
}

export async function createSubscription(store: Store, s: NewSubscription): Promise<CreatedSubscription> {
  const id = `wh_${randomBytes(9).toString("base64url")}`;
  const secret = randomBytes(32).toString("base64url");
  const token = unsubscribeToken(secret, id);
  await store.prisma.$executeRawUnsafe(
    `INSERT INTO webhook_subscriptions (id, url, service, country, asn, site_url, secret, unsubscribe_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    id,
    s.url,
    s.service,
    s.country,
    s.asn,
    s.siteUrl,
    secret,
    sha256(token),
  );
  return { id, secret, unsubscribeToken: token };
}

/** Deletes the subscription the token belongs to (and its queued deliveries); its id, or null. */
export async function deleteSubscriptionByToken(store: Store, token: string): Promise<string | null> {
  const rows = await store.prisma.$queryRawUnsafe<{ id: string }[]>(
    `DELETE FROM webhook_subscriptions WHERE unsubscribe_hash = $1 RETURNING id`,
    sha256(token),
  );
  return rows[0]?.id ?? null;
}

export async function subscriptionByToken(store: Store, token: string): Promise<(WebhookFilter & { id: string; url: string }) | null> {
  const rows = await store.prisma.$queryRawUnsafe<(WebhookFilter & { id: string; url: string })[]>(
    `SELECT id, url, service, country, asn FROM webhook_subscriptions WHERE unsubscribe_hash = $1`,
    sha256(token),
  );
  return rows[0] ?? null;
}

/**
 * Queues one delivery per (matching subscription, newly opened event). Events that started
 * long before a subscription existed are history (a backfill, an import) and are not sent;
 * a pair already queued or sent is never queued again, so detection re-runs send nothing twice.
 */
export async function queueOpenedEvents(store: Store, events: EventRow[], now: Date = new Date()): Promise<number> {
  if (events.length === 0) return 0;
  const subs = await store.prisma.$queryRawUnsafe<(WebhookFilter & { id: string; site_url: string; secret: string; created_at: Date })[]>(
    `SELECT id, service, country, asn, site_url, secret, created_at FROM webhook_subscriptions`,
  );
  const rows: { subscription_id: string; event_id: string; payload: unknown }[] = [];
  for (const sub of subs) {
    for (const e of events) {
      if (!matchesFilter(sub, e)) continue;
      if (e.started_at.getTime() < sub.created_at.getTime() - HISTORY_CUTOFF_MS) continue;
      const token = unsubscribeToken(sub.secret, sub.id);
      rows.push({
        subscription_id: sub.id,
        event_id: e.id,
        payload: eventOpenedPayload(e, { baseUrl: sub.site_url, subscriptionId: sub.id, unsubscribeUrl: unsubscribeUrl(sub.site_url, token) }),
      });
    }
  }
  if (rows.length === 0) return 0;
  const inserted = await store.prisma.$queryRawUnsafe<{ event_id: string }[]>(
    `INSERT INTO webhook_deliveries (subscription_id, event_id, payload, next_attempt_at)
     SELECT subscription_id, event_id, payload, $2::timestamptz FROM json_to_recordset($1::json) AS d(subscription_id text, event_id text, payload jsonb)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    JSON.stringify(rows),
    now.toISOString(),
  );
  return inserted.length;
}

export interface DueDelivery {
  subscription_id: string;
  event_id: string;
  url: string;
  secret: string;
  payload: unknown;
  /** Attempts including this one. */
  attempts: number;
}

/** Leases up to `limit` due deliveries for `leaseMs` (counting the attempt), oldest first. */
export async function leaseDueDeliveries(store: Store, now: Date, limit = 50, leaseMs = 120_000): Promise<DueDelivery[]> {
  return store.prisma.$queryRawUnsafe<DueDelivery[]>(
    `WITH due AS (
       SELECT subscription_id, event_id FROM webhook_deliveries
       WHERE delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= $1::timestamptz
       ORDER BY next_attempt_at LIMIT $2::int FOR UPDATE SKIP LOCKED)
     UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $3::timestamptz
     FROM due, webhook_subscriptions s
     WHERE d.subscription_id = due.subscription_id AND d.event_id = due.event_id AND s.id = d.subscription_id
     RETURNING d.subscription_id, d.event_id, s.url, s.secret, d.payload, d.attempts`,
    now.toISOString(),
    limit,
    new Date(now.getTime() + leaseMs).toISOString(),
  );
}

export async function recordDeliveryOutcome(
  store: Store,
  d: Pick<DueDelivery, "subscription_id" | "event_id">,
  outcome: { delivered: true; at: Date } | { delivered: false; error: string; retryAt: Date | null; at: Date },
): Promise<void> {
  if (outcome.delivered) {
    await store.prisma.$executeRawUnsafe(
      `UPDATE webhook_deliveries SET delivered_at = $3::timestamptz, last_error = NULL WHERE subscription_id = $1 AND event_id = $2`,
      d.subscription_id,
      d.event_id,
      outcome.at.toISOString(),
    );
  } else {
    await store.prisma.$executeRawUnsafe(
      `UPDATE webhook_deliveries SET last_error = $3, next_attempt_at = coalesce($4::timestamptz, next_attempt_at),
         given_up_at = CASE WHEN $4::timestamptz IS NULL THEN $5::timestamptz ELSE NULL END
       WHERE subscription_id = $1 AND event_id = $2`,
      d.subscription_id,
      d.event_id,
      outcome.error.slice(0, 200),
      outcome.retryAt?.toISOString() ?? null,
      outcome.at.toISOString(),
    );
  }
}

/** When the next queued delivery falls due, or null when nothing waits. */
export async function nextDueAt(store: Store): Promise<Date | null> {
  const [row] = await store.prisma.$queryRawUnsafe<{ at: Date | null }[]>(
    `SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE delivered_at IS NULL AND given_up_at IS NULL`,
  );
  return row?.at ? new Date(row.at) : null;
}
