// Offline notices by e-mail: with VANTAGE_SMTP_URL set, the API mails the owner's contact
// through a real SMTP conversation with a stand-in server on 127.0.0.1, once per offline
// probe and outage however many rounds of checks run, never to a contact that is not an
// e-mail address, and never with an address of the probe's in the message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../lib/store/open";
import { setStoreForTests } from "../../lib/server/store";
import { mailHeader, mailText, startSmtpStandIn, type ReceivedMail, type SmtpStandIn } from "../helpers/smtp-server";
import { storeFactories } from "../helpers/stores";
import { api } from "../helpers/volunteer-api";
import { okRecord } from "../unit/fixtures/records";

const [pglite] = storeFactories();
const OPERATOR = "operator-token-0123456789abcdef";
const CONTACT = "volunteer@example.org";
/** Where the probes' requests come from (X-Forwarded-For, as behind the site's proxy). */
const PROBE_ADDRESS = "198.51.100.77";
const IPV4 = /(^|[^0-9.])\d{1,3}(\.\d{1,3}){3}(?![0-9])/;

const subjectOf = (mail: ReceivedMail) => mailHeader(mail, "Subject");

describe("offline notices by e-mail", () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let smtp: SmtpStandIn;
  const probes: Record<string, { id: string; credential: string }> = {};
  const env = { ...process.env };

  const notify = async () => {
    const r = await api("POST", "/api/v1/probes/notify-offline", { auth: OPERATOR });
    expect(r.status).toBe(200);
    return r.body as { notified: number; sent: number; mailed: number };
  };
  const silence = (name: string, minutes: number) =>
    store.prisma.probe.update({ where: { id: probes[name].id }, data: { last_seen_at: new Date(Date.now() - minutes * 60_000) } });
  const heartbeat = (name: string) => api("POST", "/api/v1/probes/me/heartbeat", { auth: probes[name].credential, body: { queued: 0 }, from: PROBE_ADDRESS });
  /** Background checks (piggybacking on heartbeats) may still be sending: wait until quiet. */
  const settled = async () => {
    let last = -1;
    while (last !== smtp.mails.length) {
      last = smtp.mails.length;
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  beforeAll(async () => {
    ({ store, dispose } = await pglite.create());
    setStoreForTests(store);
    smtp = await startSmtpStandIn();
    process.env.VANTAGE_OPERATOR_TOKEN = OPERATOR;
    process.env.VANTAGE_SMTP_URL = smtp.url({ user: "vantage", pass: "s3cret pass" });
    process.env.VANTAGE_SMTP_FROM = "Vantage <probes@vantage.test>";
    delete process.env.VANTAGE_NOTIFY_WEBHOOK;
    delete process.env.VANTAGE_PUBLIC_URL;
    const owners = {
      mail: (await api("POST", "/api/v1/probes/accounts", { body: { contact: CONTACT } })).body.key,
      hook: (await api("POST", "/api/v1/probes/accounts", { body: { contact: "https://hooks.example.org/vantage" } })).body.key,
      none: (await api("POST", "/api/v1/probes/accounts", { body: {} })).body.key,
    };
    const specs: [string, keyof typeof owners][] = [["moscow-fixed", "mail"], ["kazan-mobile", "mail"], ["always-on", "mail"], ["hooked", "hook"], ["silent-owner", "none"]];
    for (const [i, [name, owner]] of specs.entries()) {
      const reg = await api("POST", "/api/v1/probes", { auth: owners[owner], body: { name, country: "RU", asn: 8359, network_type: "fixed" }, from: `10.9.${i}.1` });
      const enrolled = await api("POST", "/api/v1/probes/enroll", { body: { token: reg.body.enrollment_token }, from: PROBE_ADDRESS });
      probes[name] = { id: reg.body.probe_id, credential: enrolled.body.credential };
      expect((await heartbeat(name)).status).toBe(200);
    }
    const rec = okRecord("whatsapp", {}, { started_at: new Date().toISOString() });
    const up = await api("POST", "/api/v1/measurements", { auth: probes["moscow-fixed"].credential, body: { records: [rec] }, from: PROBE_ADDRESS });
    expect(up.status).toBe(200);
  });
  afterAll(async () => {
    setStoreForTests(null);
    for (const k of ["VANTAGE_OPERATOR_TOKEN", "VANTAGE_SMTP_URL", "VANTAGE_SMTP_FROM", "VANTAGE_NOTIFY_WEBHOOK", "VANTAGE_PUBLIC_URL"]) {
      if (env[k] === undefined) delete process.env[k];
      else process.env[k] = env[k];
    }
    await smtp?.close();
    await dispose?.();
  });

  it("mails one notice per offline probe, not one per round, only to e-mail contacts, with no address in it", async () => {
    for (const name of ["moscow-fixed", "kazan-mobile", "hooked", "silent-owner"]) await silence(name, 31);
    // Six rounds of checks while one probe keeps beating (its heartbeats may run a check too).
    const outcomes = [];
    for (let round = 0; round < 6; round++) {
      await heartbeat("always-on");
      outcomes.push(await notify());
    }
    await settled();
    expect(outcomes.slice(1).every((o) => o.notified === 0 && o.mailed === 0)).toBe(true);

    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails.map(subjectOf).sort()).toEqual(['Vantage: your probe "kazan-mobile" is offline', 'Vantage: your probe "moscow-fixed" is offline']);
    for (const mail of smtp.mails) {
      expect(mail.to).toEqual([CONTACT]);
      expect(mail.from).toBe("probes@vantage.test");
      expect(mail.user).toBe("vantage"); // the URL's credentials were used (AUTH PLAIN)
      const body = mailText(mail);
      const name = /"([^"]+)"/.exec(subjectOf(mail) ?? "")![1];
      expect(body).toContain(`"${name}" (${probes[name].id}) has been silent since`);
      expect(body).toMatch(/since \d{4}-\d\d-\d\dT\d\d:00:00\.000Z/); // to the hour
      // No address of the probe's, nor any other network address, in headers or body.
      const headers = mail.data.slice(0, mail.data.indexOf("\r\n\r\n"));
      for (const text of [headers, body]) {
        expect(text).not.toContain(PROBE_ADDRESS);
        expect(IPV4.exec(text)?.[0] ?? null).toBeNull();
        expect(text).not.toMatch(/\[[0-9a-f:.]+\]/i); // no address literal either
      }
    }
    // The conversation: EHLO, AUTH, then one MAIL/RCPT/DATA per notice.
    expect(smtp.commands.filter((c) => c.startsWith("MAIL FROM"))).toHaveLength(2);
    expect(smtp.commands.filter((c) => c.startsWith("RCPT TO"))).toEqual([`RCPT TO:<${CONTACT}>`, `RCPT TO:<${CONTACT}>`]);
  });

  it("mails again only after the probe came back and went silent again", async () => {
    expect((await heartbeat("moscow-fixed")).status).toBe(200); // back: re-armed
    expect(await notify()).toEqual({ notified: 0, sent: 0, mailed: 0 });
    await silence("moscow-fixed", 40);
    expect(await notify()).toEqual({ notified: 1, sent: 0, mailed: 1 });
    expect(await notify()).toEqual({ notified: 0, sent: 0, mailed: 0 });
    await settled();
    expect(smtp.mails).toHaveLength(3);
    expect(subjectOf(smtp.mails[2])).toBe('Vantage: your probe "moscow-fixed" is offline');
  });

  it("does not retry a mail the relay refused (a missed notice rather than a flood)", async () => {
    smtp.refuse.add(CONTACT);
    await heartbeat("kazan-mobile");
    await silence("kazan-mobile", 40);
    expect(await notify()).toEqual({ notified: 1, sent: 0, mailed: 0 });
    expect(await notify()).toEqual({ notified: 0, sent: 0, mailed: 0 });
    await settled();
    expect(smtp.mails).toHaveLength(3);
  });

  it("answers 409 when no channel is configured", async () => {
    delete process.env.VANTAGE_SMTP_URL;
    const r = await api("POST", "/api/v1/probes/notify-offline", { auth: OPERATOR });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatch(/VANTAGE_SMTP_URL/);
  });
});
