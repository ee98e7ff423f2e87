// The probe pages rendered from a real store: privacy rules (small networks as country
// only, last seen to the hour, no address), hostile names escaped, online/offline, and one
// offline notice per probe through a webhook on 127.0.0.1.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ProbesPage from "../../app/(site)/probes/page";
import ProbePage from "../../app/(site)/probes/[id]/page";
import type { Store } from "../../lib/store/open";
import { setStoreForTests } from "../../lib/server/store";
import { storeFactories } from "../helpers/stores";
import { api } from "../helpers/volunteer-api";
import { okRecord } from "../unit/fixtures/records";

const [pglite] = storeFactories();
const HOSTILE = `<script>alert("x")</script>' OR 1=1; --`;

describe("probe pages", () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const probes: { id: string; credential: string; key: string }[] = [];
  beforeAll(async () => {
    ({ store, dispose } = await pglite.create());
    setStoreForTests(store);
    process.env.VANTAGE_OPERATOR_TOKEN = "operator-token-0123456789abcdef";
    const { body: account } = await api("POST", "/api/v1/probes/accounts", { body: { contact: "volunteer@example.org" } });
    // Three probes in AS 8359 (named), one in AS 12389 (too few: country only).
    const specs = [
      { name: HOSTILE, asn: 8359, asn_name: "MTS" },
      { name: "b", asn: 8359, asn_name: "MTS" },
      { name: "c", asn: 8359, asn_name: "MTS" },
      { name: "lonely", asn: 12389, asn_name: "Rostelecom" },
    ];
    for (const [i, s] of specs.entries()) {
      const reg = await api("POST", "/api/v1/probes", { auth: account.key, body: { ...s, country: "RU", network_type: "mobile" }, from: `10.9.${i}.1` });
      const enrolled = await api("POST", "/api/v1/probes/enroll", { body: { token: reg.body.enrollment_token } });
      probes.push({ id: reg.body.probe_id, credential: enrolled.body.credential, key: account.key });
    }
  });
  afterAll(async () => {
    setStoreForTests(null);
    await dispose?.();
  });

  it("lists probes without addresses, small networks as their country, hostile names escaped", async () => {
    const rec = okRecord("whatsapp", {}, { started_at: new Date().toISOString() });
    expect((await api("POST", "/api/v1/measurements", { auth: probes[0].credential, body: { records: [rec] } })).status).toBe(200);
    await api("POST", "/api/v1/probes/me/heartbeat", { auth: probes[1].credential, body: { queued: 0 } });
    const html = renderToStaticMarkup(await ProbesPage());
    expect(html).toContain("AS8359 MTS (mobile)");
    expect(html).not.toContain("12389");
    expect(html).not.toContain("Rostelecom");
    expect(html).toMatch(/lonely<\/a><\/td><td>RU<\/td><td>RU \(mobile\)<\/td>/);
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    for (const address of ["10.9."]) expect(html).not.toContain(address);
    expect(html).toMatch(/>online<\/td><td>1<\/td><td>\d{4}-\d\d-\d\d \d\d:00<\/td>/); // measured, seen, minutes hidden
    expect(html).toMatch(/>offline<\/td><td>0<\/td><td>never<\/td>/);

    const detail = renderToStaticMarkup(await ProbePage({ params: Promise.resolve({ id: probes[0].id }) }));
    expect(detail).toContain('data-testid="probe-total">1<');
    expect(detail).toContain(new Date().toISOString().slice(0, 10));
    expect(detail).not.toContain("<script>alert");
    // Activity: one round in one upload, in both windows; the network has one owner of the three a quorum needs.
    expect(detail).toMatch(/Rounds<\/th><td class="num">1<\/td><td class="num">1<\/td>/);
    expect(detail).toMatch(/Uploads<\/th><td class="num">1<\/td><td class="num">1<\/td>/);
    expect(detail).toContain('data-testid="probe-days">1<');
    expect(detail).toContain('data-testid="probe-quorum">1 of the 3 volunteers needed before events can be detected in this network<');
    expect(detail).toContain('data-testid="probe-notices">0<');
    // Version and backlog come from the heartbeat.
    await api("POST", "/api/v1/probes/me/heartbeat", { auth: probes[0].credential, body: { queued: 7, software_version: "0.2.0" } });
    const after = renderToStaticMarkup(await ProbePage({ params: Promise.resolve({ id: probes[0].id }) }));
    expect(after).toContain('data-testid="probe-version">0.2.0<');
    expect(after).toContain('data-testid="probe-backlog">7 measurement(s) waiting to upload<');
    // In Russian through the one translation mechanism.
    const ru = renderToStaticMarkup(await ProbePage({ params: Promise.resolve({ id: probes[0].id }), searchParams: Promise.resolve({ lang: "ru" }) }));
    expect(ru).toContain("Активность");
    expect(ru).toContain('data-testid="probe-backlog">7 измерений ждут отправки<');
  });

  it("sends one offline notice per probe per outage to the webhook", async () => {
    const received: any[] = [];
    const hook = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.end("ok");
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    process.env.VANTAGE_NOTIFY_WEBHOOK = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    try {
      // Probe 2 was heard from 31 minutes ago: more than three 10-minute intervals.
      await store.prisma.probe.update({ where: { id: probes[2].id }, data: { last_seen_at: new Date(Date.now() - 31 * 60_000) } });
      const op = { auth: "operator-token-0123456789abcdef" };
      expect((await api("POST", "/api/v1/probes/notify-offline", op)).body).toEqual({ notified: 1, sent: 1, mailed: 0 });
      expect((await api("POST", "/api/v1/probes/notify-offline", op)).body).toEqual({ notified: 0, sent: 0, mailed: 0 });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ kind: "probe_offline", probe_id: probes[2].id, contact: "volunteer@example.org" });
      expect(received[0].last_seen_hour).toMatch(/:00:00\.000Z$/);
      // Heard again, then silent again: a new outage, a new notice.
      await api("POST", "/api/v1/probes/me/heartbeat", { auth: probes[2].credential, body: {} });
      await store.prisma.probe.update({ where: { id: probes[2].id }, data: { last_seen_at: new Date(Date.now() - 40 * 60_000) } });
      // The heartbeat may also have triggered a background check: either way exactly one new notice.
      await api("POST", "/api/v1/probes/notify-offline", op);
      for (let i = 0; i < 50 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect((await api("POST", "/api/v1/probes/notify-offline", op)).body).toEqual({ notified: 0, sent: 0, mailed: 0 });
      expect(received).toHaveLength(2);
      expect(received[1].probe_id).toBe(probes[2].id);
      const page = renderToStaticMarkup(await ProbePage({ params: Promise.resolve({ id: probes[2].id }) }));
      expect(page).toContain('data-testid="probe-notices">2<');
      expect(page).toMatch(/data-testid="probe-state"[^>]*>offline/);
    } finally {
      delete process.env.VANTAGE_NOTIFY_WEBHOOK;
      hook.close();
    }
  });
});
