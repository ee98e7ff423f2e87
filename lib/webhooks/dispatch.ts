// Sends verification requests to pending subscriptions (the confirmation handshake) and
// queued webhook deliveries: signed POSTs through the notification sender the probe
// notices use (lib/notify/post-json.ts), retried with backoff (lib/webhooks/webhook.ts)
// until delivered or given up. One dispatcher per process: it runs when detection queues
// something and when the next retry falls due, never twice at once, and never keeps the
// process alive.
import { postJson } from "../notify/post-json";
import type { Store } from "../store/open";
import { leaseDueDeliveries, leaseDueVerifications, nextDueAt, recordDeliveryOutcome, recordVerificationOutcome, unsubscribeToken, unsubscribeUrl } from "../store/webhooks";
import { destinationProblem } from "./destination";
import { echoesChallenge, MAX_ATTEMPTS, nextAttemptAt, sign, SIGNATURE_HEADER, verificationPayload } from "./webhook";

export interface DispatchOutcome {
  delivered: number;
  failed: number;
  givenUp: number;
}

export interface VerifyOutcome {
  confirmed: number;
  unconfirmed: number;
}

/**
 * One pass over every due verification request: a signed POST carrying the challenge; the
 * subscription is confirmed when the receiver answers 2xx echoing it, otherwise asked again
 * with the deliveries' backoff until it expires pending (lib/webhooks/webhook.ts).
 */
export async function verifyDue(store: Store, now: () => Date = () => new Date()): Promise<VerifyOutcome> {
  const outcome: VerifyOutcome = { confirmed: 0, unconfirmed: 0 };
  for (;;) {
    const due = await leaseDueVerifications(store, now());
    if (due.length === 0) return outcome;
    for (const v of due) {
      const payload = verificationPayload(v, unsubscribeUrl(v.site_url, unsubscribeToken(v.secret, v.id)));
      const body = JSON.stringify(payload);
      const problem = await destinationProblem(v.url);
      const r = problem
        ? { ok: false, status: null, error: `destination ${problem}`, body: undefined }
        : await postJson(v.url, body, { headers: headers(v.secret, body, now(), "subscription.verify", `${v.id}/verify`), followRedirects: false, readBody: 4096 });
      if (r.ok && echoesChallenge(r.body ?? "", payload.challenge)) {
        outcome.confirmed++;
        await recordVerificationOutcome(store, v.id, { confirmed: true, at: now() });
      } else {
        outcome.unconfirmed++;
        const error = r.ok ? `answered ${r.status ?? 200} without echoing the challenge` : (r.error ?? "failed");
        const retryAt = nextAttemptAt(v.verify_attempts, now());
        await recordVerificationOutcome(store, v.id, { confirmed: false, error, retryAt });
      }
    }
  }
}

function headers(secret: string, body: string, at: Date, kind: string, delivery: string): Record<string, string> {
  return {
    [SIGNATURE_HEADER]: sign(secret, body, at),
    "x-vantage-event": kind,
    "x-vantage-delivery": delivery,
    "user-agent": "Vantage-Webhooks/1",
  };
}

/** One pass over every due delivery (in leased batches), after the due verification requests. */
export async function deliverDue(store: Store, now: () => Date = () => new Date()): Promise<DispatchOutcome & VerifyOutcome> {
  const outcome: DispatchOutcome & VerifyOutcome = { delivered: 0, failed: 0, givenUp: 0, ...(await verifyDue(store, now)) };
  for (;;) {
    const due = await leaseDueDeliveries(store, now());
    if (due.length === 0) return outcome;
    for (const d of due) {
      const body = JSON.stringify(d.payload);
      const at = now();
      const problem = await destinationProblem(d.url);
      const r = problem
        ? { ok: false, error: `destination ${problem}` }
        : await postJson(d.url, body, { headers: headers(d.secret, body, at, "event.opened", `${d.subscription_id}/${d.event_id}`), followRedirects: false });
      if (r.ok) {
        outcome.delivered++;
        await recordDeliveryOutcome(store, d, { delivered: true, at: now() });
      } else {
        const last = d.attempts >= MAX_ATTEMPTS;
        if (last) outcome.givenUp++;
        else outcome.failed++;
        const retryAt = nextAttemptAt(d.attempts, now());
        await recordDeliveryOutcome(store, d, { delivered: false, error: r.error ?? "failed", retryAt, at: now() });
      }
    }
  }
}

const key = Symbol.for("vantage.webhook-dispatcher");
const g = globalThis as unknown as Record<symbol, WebhookDispatcher | undefined>;

class WebhookDispatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly store: Store) {}

  /** Sends what is due now, then sleeps until the next retry falls due. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          const o = await deliverDue(this.store);
          if (o.failed || o.givenUp) console.error(`webhooks: ${o.delivered} delivered, ${o.failed} to retry, ${o.givenUp} given up`);
          if (o.unconfirmed) console.error(`webhooks: ${o.confirmed} subscriptions confirmed, ${o.unconfirmed} not (yet)`);
        } catch (e) {
          console.error(`webhooks: ${(e as Error).message}`);
        }
      } while (this.again);
      await this.schedule().catch((e) => console.error(`webhooks: ${(e as Error).message}`));
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async schedule(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = await nextDueAt(this.store);
    if (!next) return;
    const wait = Math.min(Math.max(0, next.getTime() - Date.now()) + 50, 2_147_000_000);
    this.timer = setTimeout(() => void this.kick(), wait);
    this.timer.unref();
  }
}

/** The process's dispatcher for `store`, woken: call after queueing deliveries, and at start. */
export function wakeWebhooks(store: Store): Promise<void> {
  let d = g[key];
  if (!d || (d as unknown as { store: Store }).store !== store) g[key] = d = new WebhookDispatcher(store);
  return d.kick();
}
