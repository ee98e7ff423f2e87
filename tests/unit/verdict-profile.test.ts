// H6: responses that do not look like the service's own answer, judged against each
// target's expected response profile (lib/targets), with no fingerprint needed; and the
// body sniffing the probe and the OONI importer share.
import { describe, expect, it } from "vitest";
import type { TargetResult } from "../../lib/measurement/schema";
import { targetVerdictSchema } from "../../lib/measurement/schema";
import { findTarget } from "../../lib/targets";
import { scoreTarget } from "../../lib/verdict";
import { mediaType, profileViolation, sniffBodyKind } from "../../lib/verdict/profile";
import { dnsAnswer, http, tcp, tls } from "./fixtures/records";

const WA_IP = "157.240.20.1";
const DC = "149.154.167.51";
const dc = (h: TargetResult["stages"]["http"]): TargetResult => ({
  id: `telegram.dc.${DC}.80`, component: `dc:${DC}`, host: DC, port: 80, stages: { tcp: tcp(DC, 80), http: h },
});
const registration = (h: TargetResult["stages"]["http"]): TargetResult => ({
  id: "whatsapp.registration", component: "registration", host: "v.whatsapp.net", port: 443,
  stages: { dns: dnsAnswer([WA_IP]), tcp: tcp(WA_IP, 443), tls: tls(WA_IP, "v.whatsapp.net"), http: h },
});
const judge = (service: "telegram" | "whatsapp", t: TargetResult) => {
  const v = scoreTarget(service, t);
  expect(targetVerdictSchema.safeParse(v).success).toBe(true);
  return { verdict: v.verdict, grade: v.grade, rule: v.rule, stage: v.stage, detail: v.detail };
};
const DC_URL = `http://${DC}:80/`;
const REG_URL = "https://v.whatsapp.net/v2/register";

describe("H6: a response outside the target's profile", () => {
  it("a data centre's own short error page (OONI: 404/501, 169 bytes of text/html) is ok", () => {
    for (const status of [404, 501]) {
      expect(judge("telegram", dc(http(DC_URL, { method: "POST", status, bytes: 169, body_kind: "html" })))).toMatchObject({ verdict: "ok", rule: "H3" });
    }
  });

  it("a data centre answering a 200 page no fingerprint knows -> http_blocked, anomaly, H6 profile_status", () => {
    expect(judge("telegram", dc(http(DC_URL, { method: "POST", status: 200, bytes: 3100, body_kind: "html" })))).toEqual({
      verdict: "http_blocked", grade: "anomaly", rule: "H6", stage: "http", detail: "profile_status",
    });
    // A redirect (to a stub elsewhere) is no data centre's answer either.
    expect(judge("telegram", dc(http(DC_URL, { method: "POST", status: 302, bytes: 0 })))).toMatchObject({ rule: "H6", detail: "profile_status" });
  });

  it("an error status with a full page behind it -> H6 profile_size", () => {
    expect(judge("telegram", dc(http(DC_URL, { method: "POST", status: 403, bytes: 18_000, body_kind: "html" })))).toMatchObject({ rule: "H6", detail: "profile_size" });
  });

  it("registration answering an HTML page, 200 and login-free, instead of its JSON error -> H6 profile_body", () => {
    expect(judge("whatsapp", registration(http(REG_URL, { status: 200, bytes: 900, body_kind: "html" })))).toMatchObject({
      verdict: "http_blocked", rule: "H6", detail: "profile_body",
    });
    expect(judge("whatsapp", registration(http(REG_URL, { status: 200, bytes: 61, body_kind: "json" })))).toMatchObject({ verdict: "ok" });
  });

  it("what the record does not hold is no evidence: an older probe's record without a body kind stays ok", () => {
    expect(judge("whatsapp", registration(http(REG_URL, { status: 400, bytes: 61 })))).toMatchObject({ verdict: "ok", rule: "H3" });
  });

  it("a known block page is still H1, confirmed: the fingerprint outranks the profile", () => {
    expect(judge("telegram", dc(http(DC_URL, { method: "POST", status: 200, bytes: 3100, fingerprint: "ooni.ru_6" })))).toMatchObject({ rule: "H1", grade: "confirmed" });
  });

  it("a target without a profile is judged as before (H3 for any status)", () => {
    const web: TargetResult = {
      id: "whatsapp.web", component: "web", host: "web.whatsapp.com", port: 443,
      stages: { dns: dnsAnswer([WA_IP]), tcp: tcp(WA_IP, 443), tls: tls(WA_IP, "web.whatsapp.com"), http: http("https://web.whatsapp.com/", { status: 200, body_kind: "binary" }) },
    };
    expect(judge("whatsapp", web)).toMatchObject({ verdict: "ok" });
  });

  it("profileViolation checks the media type only where the profile names some", () => {
    const profile = { content_types: ["application/json"], note: "n" };
    const h = http(REG_URL, { status: 200, bytes: 10 });
    expect(profileViolation({ ...h, content_type: "text/html" }, profile)).toBe("profile_type");
    expect(profileViolation({ ...h, content_type: "application/json" }, profile)).toBeNull();
    expect(profileViolation({ ...h, content_type: null }, profile)).toBeNull();
    expect(profileViolation(h, findTarget("whatsapp.web")?.profile)).toBeNull();
  });
});

describe("sniffing a body (probe and importer alike)", () => {
  const b = (s: string | number[]) => (typeof s === "string" ? Buffer.from(s, "utf8") : Uint8Array.from(s));
  it.each([
    ["", 0, "empty"],
    ["<html>\r\n<head><title>404 Not Found</title></head>", 169, "html"],
    ["\uFEFF  <!DOCTYPE html><html lang=\"ru\">", 3000, "html"],
    ["<!-- stub --><p>Доступ ограничен</p>", 200, "html"],
    ['{"status":"fail","reason":"missing_param"}', 42, "json"],
    ["[1,2]", 5, "json"],
    ["Not Found", 9, "text"],
    ["<?xml version=\"1.0\"?><a/>", 30, "text"],
  ] as const)("%j -> %s", (head, total, kind) => {
    expect(sniffBodyKind(b(head), total)).toBe(kind);
  });
  it("MTProto-like bytes (NULs, control bytes) are binary", () => {
    expect(sniffBodyKind(b([0xef, 0x00, 0x00, 0x00, 0x6c, 0x29]), 6)).toBe("binary");
    expect(sniffBodyKind(b([1, 2, 3, 4, 5, 6, 65, 66, 67, 68]), 10)).toBe("binary");
  });
  it("mediaType keeps the type and drops parameters", () => {
    expect(mediaType("Text/HTML; charset=utf-8")).toBe("text/html");
    expect(mediaType("application/json")).toBe("application/json");
    expect(mediaType("application/vnd.api+json")).toBe("application/vnd.api+json");
    expect(mediaType("nonsense")).toBeNull();
    // A record keeps it: nothing a site could fill with the client's address.
    expect(mediaType("text/203.0.113.5")).toBeNull();
    expect(mediaType("x-client/whatever")).toBeNull();
    expect(mediaType(undefined)).toBeNull();
  });
});
