// Event webhooks end to end on a real store: a receiver on localhost subscribes through the
// route handler and confirms the subscription by echoing the verification challenge, the
// demo week is stored and detection opens events, and the receiver gets one signed delivery
// per opened event matching its filter, after a failed first attempt is retried; a
// subscription whose receiver never echoes stays pending and gets nothing; a subscription
// whose filter the events miss gets nothing; a re-run of detection sends nothing twice; the
// unsubscribe link cancels; a client over its daily window and a host over its cap get 429
// with Retry-After.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as subscribe } from "../../app/api/v1/webhooks/route";
import { GET as unsubscribePage, POST as unsubscribe } from "../../app/api/v1/webhooks/unsubscribe/route";
import { scenarioByName } from "../../bench/scenarios/catalog";
import { generateScenario } from "../../bench/scenarios/generate";
import { ingestMeasurements } from "../../lib/store/ingest";
import { runDetection } from "../../lib/store/detection";
import type { Store } from "../../lib/store/open";
import { setStoreForTests } from "../../lib/server/store";
import { deliverDue, verifyDue, wakeWebhooks } from "../../lib/webhooks/dispatch";
import { subscriptionLimits } from "../../lib/webhooks/limits";
import { createSubscription, subscriptionState } from "../../lib/store/webhooks";
import { registrationKeys } from "../../lib/volunteers/registration-limit";
import { stampPeer } from "../../lib/net/peer";
import { SIGNATURE_HEADER, verifySignature, type EventOpenedPayload } from "../../lib/webhooks/webhook";
import { scenarioRecord } from "../helpers/scenario-records";
import { storeFactories } from "../helpers/stores";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver that refuses its first `failFirst` event deliveries; `echo: false` never confirms a subscription. */
async function startReceiver(failFirst: number, echo = true): Promise<{ url: string; received: Received[]; verifications: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  const verifications: Received[] = [];
  let refused = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      if (req.headers["x-vantage-event"] === "subscription.verify") {
        verifications.push({ headers: req.headers, body });
        if (echo) res.writeHead(200, { "content-type": "text/plain" }).end(JSON.parse(body).challenge);
        else res.writeHead(204).end(); // accepts anything, confirms nothing
        return;
      }
      if (refused < failFirst) {
        refused++;
        res.writeHead(503).end();
        return;
      }
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    verifications,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

let clients = 0;
/** A subscription request as Vantage's server hands it to the route: the socket peer stamped (default: a fresh client). */
function subscribeRequest(body: unknown, from = `198.18.${clients++}.1`): Request {
  const headers = new Headers({ "x-forwarded-host": "vantage.test", "x-forwarded-proto": "http" });
  stampPeer(headers, from);
  return new Request("http://vantage.test/api/v1/webhooks", { method: "POST", headers, body: JSON.stringify(body) });
}

for (const factory of storeFactories()) {
  describe(`event webhooks on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let silent: Awaited<ReturnType<typeof startReceiver>>;
    let secret: string;
    let unsubscribeUrl: string;
    let subscriptionId: string;

    beforeAll(async () => {
      process.env.VANTAGE_WEBHOOK_ALLOW_PRIVATE = "true";
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
      receiver = await startReceiver(1);
      silent = await startReceiver(0, false);
    }, 120_000);
    afterAll(async () => {
      setStoreForTests(null);
      await receiver?.stop();
      await silent?.stop();
      await dispose?.();
      delete process.env.VANTAGE_WEBHOOK_ALLOW_PRIVATE;
    });

    it("refuses a bad subscription with the field named", async () => {
      const r = await subscribe(subscribeRequest({ url: "ftp://x", service: "icq" }));
      expect(r.status).toBe(400);
      const body = await r.json();
      expect(body.issues.map((i: { in: string; path: string }) => `${i.in}:${i.path}`).sort()).toEqual(["body:service", "body:url"]);
    });

    it("subscribes, and gets one signed delivery per opened WhatsApp event in Russia, retried after a failure", async () => {
      const r = await subscribe(subscribeRequest({ url: receiver.url, service: "whatsapp", country: "ru" }));
      expect(r.status).toBe(202);
      const created = await r.json();
      ({ secret, unsubscribe_url: unsubscribeUrl, id: subscriptionId } = created);
      expect(created.filter).toEqual({ service: "whatsapp", country: "RU", asn: null });
      expect(created.status).toBe("pending");
      // The route woke the dispatcher, which sent the verification request; the receiver echoed it.
      await wakeWebhooks(store);
      expect((await subscriptionState(store, subscriptionId))?.confirmed_at).toBeInstanceOf(Date);
      const [verify] = receiver.verifications;
      expect(verify.headers["x-vantage-event"]).toBe("subscription.verify");
      expect(JSON.parse(verify.body)).toMatchObject({ type: "subscription.verify", subscription_id: subscriptionId, filter: { service: "whatsapp", country: "RU", asn: null } });
      expect(verifySignature(secret, verify.body, String(verify.headers[SIGNATURE_HEADER]))).toBe(true);

      // A subscription whose filter no event matches (another network).
      const other = await subscribe(subscribeRequest({ url: receiver.url, asn: "AS64500" }));
      expect(other.status).toBe(202);
      await wakeWebhooks(store);

      // Someone subscribes an endpoint that never echoes the challenge (not theirs, or not a Vantage receiver): it stays pending.
      const limits = subscriptionLimits();
      const stranger = await createSubscription(
        store,
        { url: silent.url, siteUrl: "http://vantage.test", service: "whatsapp", country: "RU", asn: null },
        { keys: registrationKeys("198.18.250.1", "test", "webhook")!, limits: limits.client, perHost: 100 },
      );
      if (!stranger.ok) throw new Error(stranger.decision.reason);
      expect(await verifyDue(store)).toEqual({ confirmed: 0, unconfirmed: 1 });
      const pending = await subscriptionState(store, stranger.id);
      expect(pending).toMatchObject({ confirmed_at: null, verify_attempts: 1, verify_error: "answered 204 without echoing the challenge" });
      // The confirmed subscriptions are dated to the scenario's start (below): events long older than a subscription are history, not sent.

      // Two days of four Russian networks with WhatsApp blocked at TCP for 14 hours (known ground truth).
      const base = scenarioByName("full-block");
      const scenario = generateScenario({ ...base, days: 2, services: ["whatsapp"], effects: base.effects.map((e) => ({ ...e, from: 18, to: 32 })) }, 7);
      const records = scenario.observations.map((o) => scenarioRecord(o, o.probeId, o.owner));
      for (let i = 0; i < records.length; i += 1_000) await ingestMeasurements(store, records.slice(i, i + 1_000));
      await store.prisma.$executeRawUnsafe(`UPDATE webhook_subscriptions SET created_at = $1::timestamptz WHERE confirmed_at IS NOT NULL`, scenario.start);
      const run = await runDetection(store, { since: null, until: null });
      const events = await store.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM events WHERE service = 'whatsapp' AND country = 'RU' ORDER BY id`);
      expect(events.length).toBeGreaterThan(0);
      expect(run.queued).toBe(events.length); // the confirmed subscription's, none for the pending one
      const queued = await store.prisma.$queryRawUnsafe<{ event_id: string }[]>(`SELECT event_id FROM webhook_deliveries ORDER BY event_id`);
      expect(queued.map((q) => q.event_id)).toEqual(events.map((e) => e.id));

      // First pass: the receiver refuses the first POST; that one waits for a retry.
      const first = await deliverDue(store);
      expect(first.failed).toBe(1);
      expect(first.delivered).toBe(events.length - 1);
      const [waiting] = await store.prisma.$queryRawUnsafe<{ attempts: number; last_error: string; next_attempt_at: Date }[]>(
        `SELECT attempts, last_error, next_attempt_at FROM webhook_deliveries WHERE delivered_at IS NULL`,
      );
      expect(waiting.attempts).toBe(1);
      expect(waiting.last_error).toBe("answered 503");
      expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 20_000);
      expect((await deliverDue(store)).delivered).toBe(0); // not due yet
      const later = await deliverDue(store, () => new Date(Date.now() + 3_600_000));
      expect(later.delivered).toBe(1);

      expect(receiver.received).toHaveLength(events.length);
      const ids = new Set<string>();
      for (const d of receiver.received) {
        const header = String(d.headers[SIGNATURE_HEADER]);
        const signedAt = new Date(Number(/t=(\d+)/.exec(header)![1]) * 1000);
        expect(verifySignature(secret, d.body, header, signedAt)).toBe(true);
        expect(verifySignature("another-secret", d.body, header, signedAt)).toBe(false);
        expect(verifySignature(secret, d.body.replace("whatsapp", "telegram"), header, signedAt)).toBe(false);
        const payload = JSON.parse(d.body) as EventOpenedPayload;
        expect(payload.type).toBe("event.opened");
        expect(payload.event.service).toBe("whatsapp");
        expect(payload.event.country).toBe("RU");
        expect(payload.event.url).toBe(`http://vantage.test/events/${encodeURIComponent(payload.event.id)}`);
        expect(payload.unsubscribe_url).toBe(unsubscribeUrl);
        expect(d.headers["x-vantage-delivery"]).toBe(`${subscriptionId}/${payload.event.id}`);
        ids.add(payload.event.id);
      }
      expect([...ids].sort()).toEqual(events.map((e) => e.id));
      // The pending subscription was asked again (backoff) but got no event.
      expect(silent.received).toHaveLength(0);
      expect(silent.verifications.length).toBeGreaterThanOrEqual(2);
      expect((await subscriptionState(store, stranger.id))?.confirmed_at).toBeNull();
    });

    it("sends nothing twice when detection runs again", async () => {
      const run = await runDetection(store, { since: null, until: null });
      expect(run.queued).toBe(0);
      const again = await deliverDue(store, () => new Date(Date.now() + 86_400_000));
      expect(again).toMatchObject({ delivered: 0, failed: 0, givenUp: 0 });
    });

    it("unsubscribes through the link: GET asks, POST cancels", async () => {
      const page = await unsubscribePage(new Request(unsubscribeUrl));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(receiver.url);
      expect((await unsubscribe(new Request(unsubscribeUrl, { method: "POST" }))).status).toBe(200);
      expect((await unsubscribe(new Request(unsubscribeUrl, { method: "POST" }))).status).toBe(404);
      const left = await store.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM webhook_deliveries`);
      expect(left[0].n).toBe(0);
    });

    it("limits subscriptions per client a day and per receiver host, 429 with Retry-After", async () => {
      await store.prisma.$executeRawUnsafe(`DELETE FROM webhook_subscriptions WHERE confirmed_at IS NULL`);
      // Left on 127.0.0.1: the AS64500 subscription (the WhatsApp one was cancelled, the pending one is gone).
      process.env.VANTAGE_WEBHOOK_PER_ADDRESS = "1";
      process.env.VANTAGE_WEBHOOK_PER_HOST = "2";
      try {
        expect((await subscribe(subscribeRequest({ url: receiver.url, asn: "AS64501" }, "203.0.113.7"))).status).toBe(202);
        await wakeWebhooks(store);
        const again = await subscribe(subscribeRequest({ url: receiver.url, asn: "AS64502" }, "203.0.113.7"));
        expect(again.status).toBe(429);
        const seconds = Number(again.headers.get("retry-after"));
        expect(seconds).toBeGreaterThan(0);
        expect(seconds).toBeLessThanOrEqual(86_400);
        expect((await again.json()).error).toMatch(/at most 1 webhook subscriptions may be made from one address per day/);
        // Another client, but the receiver host already has two.
        const host = await subscribe(subscribeRequest({ url: receiver.url, asn: "AS64503" }));
        expect(host.status).toBe(429);
        expect(Number(host.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((await host.json()).error).toMatch(/at most 2 webhook subscriptions may name one receiver host \(127\.0\.0\.1\)/);
        // A request no server stamped with a peer cannot be counted: refused, not let through.
        const unstamped = await subscribe(new Request("http://vantage.test/api/v1/webhooks", { method: "POST", body: JSON.stringify({ url: receiver.url }) }));
        expect(unstamped.status).toBe(400);
      } finally {
        delete process.env.VANTAGE_WEBHOOK_PER_ADDRESS;
        delete process.env.VANTAGE_WEBHOOK_PER_HOST;
      }
    });
  });
}
