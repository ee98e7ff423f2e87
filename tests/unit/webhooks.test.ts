// Webhook logic without I/O: filters, signatures, retry timing, refused destinations, body errors.
import { describe, expect, it } from "vitest";
import { parseWebhookBody } from "../../lib/api/webhook-schema";
import { webhookUrlProblem } from "../../lib/webhooks/destination";
import { echoesChallenge, matchesFilter, MAX_ATTEMPTS, retryDelayMs, sign, urlHost, verificationChallenge, verificationPayload, verifySignature } from "../../lib/webhooks/webhook";

describe("webhooks", () => {
  it("matches events to filters; null matches anything", () => {
    const e = { service: "whatsapp", country: "RU", asns: [12389, 8359] };
    expect(matchesFilter({ service: null, country: null, asn: null }, e)).toBe(true);
    expect(matchesFilter({ service: "whatsapp", country: "RU", asn: 8359 }, e)).toBe(true);
    expect(matchesFilter({ service: "telegram", country: null, asn: null }, e)).toBe(false);
    expect(matchesFilter({ service: null, country: "BY", asn: null }, e)).toBe(false);
    expect(matchesFilter({ service: null, country: null, asn: 3216 }, e)).toBe(false);
  });

  it("signs so that only the secret's holder verifies, within the tolerance", () => {
    const at = new Date("2026-12-02T10:00:00Z");
    const header = sign("s3cret", '{"a":1}', at);
    expect(header).toMatch(/^t=1796205600,v1=[0-9a-f]{64}$/);
    expect(verifySignature("s3cret", '{"a":1}', header, at)).toBe(true);
    expect(verifySignature("s3cret", '{"a":2}', header, at)).toBe(false);
    expect(verifySignature("other", '{"a":1}', header, at)).toBe(false);
    expect(verifySignature("s3cret", '{"a":1}', header, new Date(at.getTime() + 301_000))).toBe(false); // a replay
    expect(verifySignature("s3cret", '{"a":1}', "garbage", at)).toBe(false);
  });

  it("backs off from 30 s, doubling, capped at 6 h", () => {
    const none = () => 0;
    expect(retryDelayMs(1, none)).toBe(30_000);
    expect(retryDelayMs(2, none)).toBe(60_000);
    expect(retryDelayMs(MAX_ATTEMPTS - 1, none)).toBe(30_000 * 2 ** (MAX_ATTEMPTS - 2));
    expect(retryDelayMs(40, none)).toBe(6 * 3_600_000);
    expect(retryDelayMs(1, () => 1)).toBe(33_000);
  });

  it("refuses URLs that are not http(s), carry credentials or point inside unless allowed", () => {
    expect(webhookUrlProblem("https://hooks.example.org/v", false)).toBeNull();
    expect(webhookUrlProblem("ftp://x.org/", false)).toMatch(/http/);
    expect(webhookUrlProblem("https://u:p@x.org/", false)).toMatch(/password/);
    expect(webhookUrlProblem("http://127.0.0.1:9/", false)).toMatch(/private/);
    expect(webhookUrlProblem("http://[::1]:9/", false)).toMatch(/private/);
    expect(webhookUrlProblem("http://10.1.2.3/", false)).toMatch(/private/);
    expect(webhookUrlProblem("http://localhost/", false)).toMatch(/private/);
    expect(webhookUrlProblem("http://127.0.0.1:9/", true)).toBeNull();
    expect(webhookUrlProblem("not a url", true)).toMatch(/absolute/);
  });

  it("parses a subscription body and names each bad field", () => {
    expect(parseWebhookBody({ url: "https://x.org/h", service: "telegram", country: "ru", asn: 12389 }, false)).toEqual({
      ok: true,
      value: { url: "https://x.org/h", service: "telegram", country: "RU", asn: 12389 },
    });
    expect(parseWebhookBody({ url: "https://x.org/h", asn: "AS8359" }, false)).toMatchObject({ ok: true, value: { asn: 8359, service: null } });
    const bad = parseWebhookBody({ url: 5, country: "Russia", extra: 1 }, false);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.parameter).sort()).toEqual(["body", "body.country", "body.url"]);
  });

  it("asks a receiver for an unguessable challenge and accepts only its echo", () => {
    const sub = { id: "wh_a", secret: "s3cret", service: "whatsapp", country: "RU", asn: null };
    const p = verificationPayload(sub, "http://vantage.test/api/v1/webhooks/unsubscribe?token=x");
    expect(p.type).toBe("subscription.verify");
    expect(p.challenge).toBe(verificationChallenge("s3cret", "wh_a"));
    expect(p.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Another secret or id: another challenge (the registrant never sees the secret-derived value before the receiver does).
    expect(verificationChallenge("other", "wh_a")).not.toBe(p.challenge);
    expect(verificationChallenge("s3cret", "wh_b")).not.toBe(p.challenge);
    expect(p.filter).toEqual({ service: "whatsapp", country: "RU", asn: null });
    expect(echoesChallenge(p.challenge, p.challenge)).toBe(true);
    expect(echoesChallenge(`  ${p.challenge}\n`, p.challenge)).toBe(true);
    expect(echoesChallenge(JSON.stringify({ challenge: p.challenge }), p.challenge)).toBe(true);
    // A generic endpoint's answer confirms nothing.
    for (const body of ["", "ok", "{}", JSON.stringify({ challenge: "x" }), JSON.stringify({ ok: true, echo: p.challenge }), `<p>${p.challenge}</p>`, "null"]) {
      expect(echoesChallenge(body, p.challenge), body).toBe(false);
    }
  });

  it("counts subscriptions by the receiver's lower-case host", () => {
    expect(urlHost("https://Hooks.Example.org:8443/in?x=1")).toBe("hooks.example.org");
    expect(urlHost("http://[2001:DB8::1]/h")).toBe("[2001:db8::1]");
    expect(urlHost("http://127.0.0.1:9/")).toBe("127.0.0.1");
  });
});
