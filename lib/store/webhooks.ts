// Webhook subscriptions, their confirmation and their deliveries in the store. A
// subscription is created pending, admitted against the client's daily windows and a cap
// per receiver host, and gets deliveries only once its receiver confirmed it. Deliveries are queued in the
// transaction-free step after detection stores events (lib/store/detection.ts) and sent
// by lib/webhooks/dispatch.ts, which leases due rows so two server processes never send
// the same delivery at once.
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { EventRow } from "../query/events";
import type { RegistrationKeys, WindowLimits } from "../volunteers/registration-limit";
import { eventOpenedPayload, HISTORY_CUTOFF_MS, matchesFilter, PENDING_TTL_MS, urlHost, type WebhookFilter } from "../webhooks/webhook";
import type { Store } from "./open";
import { takeWindowSlot, type WindowRefusal } from "./volunteers";

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

/** What one more subscription is admitted against: the client's daily windows and the per-host cap. */
export interface SubscriptionAdmission {
  /** The client's window digests (registrationKeys(address, secret, "webhook")). */
  keys: RegistrationKeys;
  limits: WindowLimits;
  /** Subscriptions, pending or confirmed, one receiver host may have. */
  perHost: number;
  now?: Date;
}

export type CreateOutcome = ({ ok: true } & CreatedSubscription & { expiresAt: Date }) | { ok: false; decision: WindowRefusal };

/**
 * Creates a pending subscription in one transaction, if the client's windows and the
 * receiver host's cap allow it: expired pending subscriptions are deleted first (so they
 * stop counting), then the client's window slot is taken, then the host's subscriptions
 * are counted. Its verification request is due at once (deliverDue sends it).
 */
export async function createSubscription(store: Store, s: NewSubscription, admission: SubscriptionAdmission): Promise<CreateOutcome> {
  const now = admission.now ?? new Date();
  const id = `wh_${randomBytes(9).toString("base64url")}`;
  const secret = randomBytes(32).toString("base64url");
  const token = unsubscribeToken(secret, id);
  const host = urlHost(s.url);
  return store.transaction(async (tx) => {
    await tx.query(`DELETE FROM webhook_subscriptions WHERE confirmed_at IS NULL AND created_at < $1::timestamptz`, [new Date(now.getTime() - PENDING_TTL_MS).toISOString()]);
    const slot = await takeWindowSlot(tx, admission.keys, admission.limits, now);
    if (!slot.allowed) return { ok: false as const, decision: slot };
    // Serialise subscriptions to one host, so two at once cannot both slip under the cap.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('webhook-host:' || $1))`, [host]);
    const [held] = await tx.query<{ n: number; oldest_pending: Date | null }>(
      `SELECT count(*)::int AS n, min(created_at) FILTER (WHERE confirmed_at IS NULL) AS oldest_pending FROM webhook_subscriptions WHERE url_host = $1`,
      [host],
    );
    if (held.n >= admission.perHost) {
      // Waiting helps only if a pending one expires; otherwise unsubscribing one does, and a day is the honest hint.
      const until = held.oldest_pending ? new Date(held.oldest_pending).getTime() + PENDING_TTL_MS : now.getTime() + PENDING_TTL_MS;
      const retryAfterS = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
      return { ok: false as const, decision: { allowed: false as const, reason: `at most ${admission.perHost} webhook subscriptions may name one receiver host (${host}); unsubscribe one, or wait for an unconfirmed one to expire`, retryAfterS } };
    }
    await tx.query(
      `INSERT INTO webhook_subscriptions (id, url, url_host, service, country, asn, site_url, secret, unsubscribe_hash, created_at, verify_next_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::timestamptz, $10::timestamptz)`,
      [id, s.url, host, s.service, s.country, s.asn, s.siteUrl, secret, sha256(token), now.toISOString()],
    );
    return { ok: true as const, id, secret, unsubscribeToken: token, expiresAt: new Date(now.getTime() + PENDING_TTL_MS) };
  });
}

export interface DueVerification extends WebhookFilter {
  id: string;
  url: string;
  secret: string;
  site_url: string;
  /** Attempts including this one. */
  verify_attempts: number;
}

/** Leases up to `limit` pending subscriptions whose verification request is due (counting the attempt). */
export async function leaseDueVerifications(store: Store, now: Date, limit = 50, leaseMs = 120_000): Promise<DueVerification[]> {
  return store.prisma.$queryRawUnsafe<DueVerification[]>(
    `WITH due AS (
       SELECT id FROM webhook_subscriptions
       WHERE confirmed_at IS NULL AND verify_next_at <= $1::timestamptz AND created_at > $4::timestamptz
       ORDER BY verify_next_at LIMIT $2::int FOR UPDATE SKIP LOCKED)
     UPDATE webhook_subscriptions s SET verify_attempts = s.verify_attempts + 1, verify_next_at = $3::timestamptz
     FROM due WHERE s.id = due.id
     RETURNING s.id, s.url, s.secret, s.site_url, s.service, s.country, s.asn, s.verify_attempts`,
    now.toISOString(),
    limit,
    new Date(now.getTime() + leaseMs).toISOString(),
    new Date(now.getTime() - PENDING_TTL_MS).toISOString(),
  );
}

/** Confirmed: deliveries may flow. Failed: the next request at `retryAt` (null: no more; it expires pending). */
export async function recordVerificationOutcome(
  store: Store,
  id: string,
  outcome: { confirmed: true; at: Date } | { confirmed: false; error: string; retryAt: Date | null },
): Promise<void> {
  if (outcome.confirmed) {
    await store.prisma.$executeRawUnsafe(
      `UPDATE webhook_subscriptions SET confirmed_at = $2::timestamptz, verify_next_at = NULL, verify_error = NULL WHERE id = $1 AND confirmed_at IS NULL`,
      id,
      outcome.at.toISOString(),
    );
  } else {
    await store.prisma.$executeRawUnsafe(
      `UPDATE webhook_subscriptions SET verify_error = $2, verify_next_at = $3::timestamptz WHERE id = $1 AND confirmed_at IS NULL`,
      id,
      outcome.error.slice(0, 200),
      outcome.retryAt?.toISOString() ?? null,
    );
  }
}

/** A subscription's state, for the status answer of the API and for tests. */
export async function subscriptionState(store: Store, id: string): Promise<{ confirmed_at: Date | null; verify_attempts: number; verify_error: string | null } | null> {
  const rows = await store.prisma.$queryRawUnsafe<{ confirmed_at: Date | null; verify_attempts: number; verify_error: string | null }[]>(
    `SELECT confirmed_at, verify_attempts, verify_error FROM webhook_subscriptions WHERE id = $1`,
    id,
  );
  return rows[0] ?? null;
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
    `SELECT id, service, country, asn, site_url, secret, created_at FROM webhook_subscriptions WHERE confirmed_at IS NOT NULL`,
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
     WHERE d.subscription_id = due.subscription_id AND d.event_id = due.event_id AND s.id = d.subscription_id AND s.confirmed_at IS NOT NULL
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

/** When the next queued delivery or verification request falls due, or null when nothing waits. */
export async function nextDueAt(store: Store): Promise<Date | null> {
  const [row] = await store.prisma.$queryRawUnsafe<{ at: Date | null }[]>(
    `SELECT least(
       (SELECT min(next_attempt_at) FROM webhook_deliveries WHERE delivered_at IS NULL AND given_up_at IS NULL),
       (SELECT min(verify_next_at) FROM webhook_subscriptions WHERE confirmed_at IS NULL)) AS at`,
  );
  return row?.at ? new Date(row.at) : null;
}
