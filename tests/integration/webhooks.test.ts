// Event webhooks end to end on a real store: a receiver on localhost subscribes through the
// route handler, the demo week is stored and detection opens events, and the receiver gets
// one signed delivery per opened event matching its filter, after a failed first attempt is
// retried; a subscription whose filter the events miss gets nothing; a re-run of detection sends nothing twice; the unsubscribe link cancels.
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
import { deliverDue } from "../../lib/webhooks/dispatch";
import { SIGNATURE_HEADER, verifySignature, type EventOpenedPayload } from "../../lib/webhooks/webhook";
import { scenarioRecord } from "../helpers/scenario-records";
import { storeFactories } from "../helpers/stores";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function startReceiver(failFirst: number): Promise<{ url: string; received: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  let refused = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
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
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

for (const factory of storeFactories()) {
  describe(`event webhooks on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let secret: string;
    let unsubscribeUrl: string;
    let subscriptionId: string;

    beforeAll(async () => {
      process.env.VANTAGE_WEBHOOK_ALLOW_PRIVATE = "true";
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
      receiver = await startReceiver(1);
    }, 120_000);
    afterAll(async () => {
      setStoreForTests(null);
      await receiver?.stop();
      await dispose?.();
      delete process.env.VANTAGE_WEBHOOK_ALLOW_PRIVATE;
    });

    it("refuses a bad subscription with the field named", async () => {
      const r = await subscribe(new Request("http://vantage.test/api/v1/webhooks", { method: "POST", body: JSON.stringify({ url: "ftp://x", service: "icq" }) }));
      expect(r.status).toBe(400);
      const body = await r.json();
      expect(body.issues.map((i: { in: string; path: string }) => `${i.in}:${i.path}`).sort()).toEqual(["body:service", "body:url"]);
    });

    it("subscribes, and gets one signed delivery per opened WhatsApp event in Russia, retried after a failure", async () => {
      const r = await subscribe(
        new Request("http://vantage.test/api/v1/webhooks", {
          method: "POST",
          headers: { "x-forwarded-host": "vantage.test", "x-forwarded-proto": "http" },
          body: JSON.stringify({ url: receiver.url, service: "whatsapp", country: "ru" }),
        }),
      );
      expect(r.status).toBe(201);
      const created = await r.json();
      ({ secret, unsubscribe_url: unsubscribeUrl, id: subscriptionId } = created);
      expect(created.filter).toEqual({ service: "whatsapp", country: "RU", asn: null });
      // Both subscriptions are dated to the scenario's start (below): events long older than a subscription are history, not sent.

      // A subscription whose filter no event matches (another network).
      const other = await subscribe(new Request("http://vantage.test/api/v1/webhooks", { method: "POST", body: JSON.stringify({ url: receiver.url, asn: "AS64500" }) }));
      expect(other.status).toBe(201);

      // Two days of four Russian networks with WhatsApp blocked at TCP for 14 hours (known ground truth).
      const base = scenarioByName("full-block");
      const scenario = generateScenario({ ...base, days: 2, services: ["whatsapp"], effects: base.effects.map((e) => ({ ...e, from: 18, to: 32 })) }, 7);
      const records = scenario.observations.map((o) => scenarioRecord(o, o.probeId, o.owner));
      for (let i = 0; i < records.length; i += 1_000) await ingestMeasurements(store, records.slice(i, i + 1_000));
      await store.prisma.$executeRawUnsafe(`UPDATE webhook_subscriptions SET created_at = $1::timestamptz`, scenario.start);
      const run = await runDetection(store, { since: null, until: null });
      const events = await store.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM events WHERE service = 'whatsapp' AND country = 'RU' ORDER BY id`);
      expect(events.length).toBeGreaterThan(0);
      expect(run.queued).toBe(events.length);
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
    });

    it("sends nothing twice when detection runs again", async () => {
      const run = await runDetection(store, { since: null, until: null });
      expect(run.queued).toBe(0);
      const again = await deliverDue(store, () => new Date(Date.now() + 86_400_000));
      expect(again).toEqual({ delivered: 0, failed: 0, givenUp: 0 });
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
  });
}
