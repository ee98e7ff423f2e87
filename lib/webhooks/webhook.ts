// Event webhooks (pure): which subscriptions an event concerns, the payload, its
// signature, and when a failed delivery is tried again.
//
// Signature: `X-Vantage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
// The timestamp inside the signed text lets a receiver refuse replays of old deliveries.
import { createHmac, timingSafeEqual } from "node:crypto";
import { eventView } from "../api/event-view";
import type { EventRow } from "../query/events";

export interface WebhookFilter {
  service: string | null;
  country: string | null;
  asn: number | null;
}

export function matchesFilter(f: WebhookFilter, e: Pick<EventRow, "service" | "country" | "asns">): boolean {
  return (f.service === null || f.service === e.service) && (f.country === null || f.country === e.country) && (f.asn === null || e.asns.includes(f.asn));
}

/** The event as GET /api/v1/events shows it, without the evidence and measurement ids (a link gives those). */
export type EventOpenedPayload = {
  type: "event.opened";
  event: Omit<ReturnType<typeof eventView>, "evidence" | "measurement_ids"> & { url: string; api_url: string };
  subscription_id: string;
  unsubscribe_url: string;
};

export function eventOpenedPayload(e: EventRow, o: { baseUrl: string; subscriptionId: string; unsubscribeUrl: string }): EventOpenedPayload {
  const { evidence: _evidence, measurement_ids: _ids, ...event } = eventView(e);
  return {
    type: "event.opened",
    event: {
      ...event,
      url: `${o.baseUrl}/events/${encodeURIComponent(e.id)}`,
      api_url: `${o.baseUrl}/api/v1/events?test_name=${e.service}&probe_cc=${e.country}`,
    },
    subscription_id: o.subscriptionId,
    unsubscribe_url: o.unsubscribeUrl,
  };
}

export const SIGNATURE_HEADER = "x-vantage-signature";
export const SIGNATURE_FORMAT = 'X-Vantage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>';

export function sign(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

/** What a receiver does: true when `header` signs `body` with `secret` within `toleranceS` of `now`. */
export function verifySignature(secret: string, body: string, header: string, now: Date = new Date(), toleranceS = 300): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(now.getTime() / 1000 - t) > toleranceS) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(m[2], "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Attempts in all (the first and the retries); after the last failure a delivery is given up. */
export const MAX_ATTEMPTS = 8;

/** Wait before attempt n+1 after n failed attempts: 30 s doubling, capped at 6 h, with up to 10 % jitter. */
export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  const base = Math.min(6 * 3_600_000, 30_000 * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(base * (1 + 0.1 * random()));
}

/** When to try again after `failedAttempts` failed attempts, or null when that was the last (MAX_ATTEMPTS). */
export function nextAttemptAt(failedAttempts: number, now: Date, random: () => number = Math.random): Date | null {
  return failedAttempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + retryDelayMs(failedAttempts, random));
}

/** Events that started this long before a subscription was made are history, not news: not sent. */
export const HISTORY_CUTOFF_MS = 48 * 3_600_000;

// The confirmation handshake. A subscription names any URL, so whoever registers it might
// not own it. Like WebSub's intent verification and Slack's url_verification, the server
// first POSTs a verification request carrying a random challenge to the URL; the
// subscription stays pending (nothing is delivered to it) until the receiver answers 2xx
// with the challenge echoed, as the whole body or as {"challenge": "..."}. The request is
// signed like every delivery, so a receiver that already has the secret can check it.

/** A pending subscription the receiver has not confirmed within this long is deleted. */
export const PENDING_TTL_MS = 24 * 3_600_000;

/** Derived from the secret and id like the unsubscribe token: nothing more to store, unguessable without the secret. */
export function verificationChallenge(secret: string, id: string): string {
  return createHmac("sha256", secret).update(`verify:${id}`).digest("base64url");
}

export type VerificationPayload = {
  type: "subscription.verify";
  subscription_id: string;
  challenge: string;
  filter: WebhookFilter;
  /** What to echo, for whoever reads the request by hand. */
  answer: string;
  unsubscribe_url: string;
};

export function verificationPayload(s: WebhookFilter & { id: string; secret: string }, unsubscribeUrl: string): VerificationPayload {
  return {
    type: "subscription.verify",
    subscription_id: s.id,
    challenge: verificationChallenge(s.secret, s.id),
    filter: { service: s.service, country: s.country, asn: s.asn },
    answer: 'to confirm this subscription, answer 2xx with the challenge as the body (text/plain) or as {"challenge": "<challenge>"}; anything else leaves it unconfirmed',
    unsubscribe_url: unsubscribeUrl,
  };
}

/** True when a receiver's answer body echoes the challenge (the status is checked by the caller). */
export function echoesChallenge(body: string, challenge: string): boolean {
  const text = body.trim();
  if (text === challenge) return true;
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === "object" && parsed !== null && (parsed as { challenge?: unknown }).challenge === challenge;
  } catch {
    return false;
  }
}

/** The receiver host a subscription counts against (lower case; IPv6 in brackets, as SQL's backfill writes it). */
export function urlHost(url: string): string {
  return new URL(url).hostname.toLowerCase();
}
