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

/** Events that started this long before a subscription was made are history, not news: not sent. */
export const HISTORY_CUTOFF_MS = 48 * 3_600_000;
