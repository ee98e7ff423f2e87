// The verdict table of the design brief, rule by rule, on single targets; the service-level
// behaviour (components, controls, classes) lives in verdict-record.test.ts.
import { describe, expect, it } from "vitest";
import type { TargetResult } from "../../lib/measurement/schema";
import { targetVerdictSchema } from "../../lib/measurement/schema";
import { scoreTarget } from "../../lib/verdict";
import { dnsAnswer, dnsFailure, http, tcp, tls, ws } from "./fixtures/records";

const WA_IP = "157.240.20.1";
const WA_IP2 = "31.13.72.9";

function target(id: string, component: string, host: string, port: number, stages: TargetResult["stages"]): TargetResult {
  return { id, component, host, port, stages };
}
const endpoint = (stages: TargetResult["stages"]) => target("whatsapp.endpoint.e1.443", "endpoint:e1", "e1.whatsapp.net", 443, stages);
const web = (stages: TargetResult["stages"]) => target("whatsapp.web", "web", "web.whatsapp.com", 443, stages);
const webOk = (extra: Partial<TargetResult["stages"]> = {}) =>
  web({ dns: dnsAnswer([WA_IP]), tcp: tcp(WA_IP, 443), tls: tls(WA_IP, "web.whatsapp.com"), http: http("https://web.whatsapp.com/"), ...extra });
const dc = (ip: string, port: number, stages: TargetResult["stages"]) => target(`telegram.dc.${ip}.${port}`, `dc:${ip}`, ip, port, stages);

function pick(v: ReturnType<typeof scoreTarget>) {
  expect(targetVerdictSchema.safeParse(v).success).toBe(true);
  return { verdict: v.verdict, grade: v.grade, rule: v.rule, stage: v.stage };
}

describe("OK", () => {
  it("every stage succeeded", () => {
    expect(pick(scoreTarget("whatsapp", webOk()))).toEqual({ verdict: "ok", grade: null, rule: "OK", stage: null });
  });
  it("a target with no stage measured is not_measured, never ok", () => {
    expect(scoreTarget("whatsapp", web({})).verdict).toBe("not_measured");
  });
});

describe("DNS rules", () => {
  it("D1: a bogon answer is a confirmed DNS block", () => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsAnswer(["10.10.34.35"], [WA_IP]), tcp: tcp("10.10.34.35", 443) }));
    expect(pick(v)).toEqual({ verdict: "dns_blocked", grade: "confirmed", rule: "D1", stage: "dns" });
    expect(v.failure).toBe("dns_bogon_error");
  });

  it("D1: a bogon hidden as IPv4-mapped IPv6, and the probe's own dns_bogon_error, both count", () => {
    expect(scoreTarget("whatsapp", endpoint({ dns: dnsAnswer(["::ffff:127.0.0.1"], [WA_IP]) })).rule).toBe("D1");
    const flagged = dnsAnswer([], [WA_IP]);
    flagged.system.failure = "dns_bogon_error";
    expect(scoreTarget("whatsapp", endpoint({ dns: flagged })).rule).toBe("D1");
  });

  it("D1 holds without a control resolver (imported data)", () => {
    expect(scoreTarget("whatsapp", endpoint({ dns: dnsAnswer(["0.0.0.0"], null) })).rule).toBe("D1");
  });

  it("a bogon answer followed by a certificate error is dns_blocked (D1), not tls_blocked: the earliest stage is the cause", () => {
    const v = scoreTarget("whatsapp", webOk({ dns: dnsAnswer(["192.168.10.1"], [WA_IP]), tcp: tcp("192.168.10.1", 443), tls: tls("192.168.10.1", "web.whatsapp.com", "ssl_unknown_authority") }));
    expect(pick(v)).toEqual({ verdict: "dns_blocked", grade: "confirmed", rule: "D1", stage: "dns" });
  });

  it.each(["dns_nxdomain_error", "dns_no_answer", "dns_servfail_error", "dns_refused_error", "generic_timeout_error"] as const)(
    "D2: system resolver %s while the control resolver answers",
    (failure) => {
      const v = scoreTarget("whatsapp", endpoint({ dns: dnsFailure(failure, [WA_IP]) }));
      expect(pick(v)).toEqual({ verdict: "dns_blocked", grade: "anomaly", rule: "D2", stage: "dns" });
      expect(v.failure).toBe(failure);
    },
  );

  it("D2 cannot fire without a control resolver: an unverifiable failure is error, not blocked and not ok", () => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsFailure("dns_nxdomain_error", null) }));
    expect(pick(v)).toEqual({ verdict: "error", grade: null, rule: null, stage: "dns" });
  });

  it("an empty system answer without a failure string counts as dns_no_answer", () => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsAnswer([], [WA_IP]) }));
    expect(v.rule).toBe("D2");
    expect(v.failure).toBe("dns_no_answer");
  });

  it("D3: an answer unlike the control's and outside the service's published networks", () => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsAnswer(["203.0.113.7"], [WA_IP]), tcp: tcp("203.0.113.7", 443) }));
    expect(pick(v)).toEqual({ verdict: "dns_blocked", grade: "anomaly", rule: "D3", stage: "dns" });
  });

  it("an answer unlike the control's but inside the published networks is ok (CDNs answer by location)", () => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsAnswer([WA_IP2], [WA_IP]), tcp: tcp(WA_IP2, 443) }));
    expect(pick(v)).toEqual({ verdict: "ok", grade: null, rule: "OK", stage: null });
  });

  it("D3 cannot fire without a control resolver", () => {
    expect(scoreTarget("whatsapp", endpoint({ dns: dnsAnswer(["203.0.113.7"], null) })).verdict).toBe("ok");
  });

  it("no IPv6 (AAAA empty) is ok: only IPv4 from the system resolver, IPv4 and IPv6 from the control", () => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsAnswer([WA_IP], [WA_IP, "2a03:2880:f12f:83:face:b00c:0:25de"]), tcp: tcp(WA_IP, 443) }));
    expect(v.verdict).toBe("ok");
  });

  it("D4: both resolvers fail -> error", () => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsFailure("generic_timeout_error", []) }));
    expect(pick(v)).toEqual({ verdict: "error", grade: null, rule: "D4", stage: "dns" });
  });
});

describe("TCP rule T1", () => {
  it.each(["connection_refused", "connection_reset", "generic_timeout_error"] as const)("%s to an address the control also returns", (failure) => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsAnswer([WA_IP]), tcp: tcp(WA_IP, 443, failure) }));
    expect(pick(v)).toEqual({ verdict: "tcp_blocked", grade: "anomaly", rule: "T1", stage: "tcp" });
  });

  it("to a literal address (no DNS stage)", () => {
    const v = scoreTarget("telegram", dc("149.154.175.50", 80, { tcp: tcp("149.154.175.50", 80, "generic_timeout_error") }));
    expect(pick(v)).toEqual({ verdict: "tcp_blocked", grade: "anomaly", rule: "T1", stage: "tcp" });
  });

  it("to an address inside the published networks, without a control resolver (imported data)", () => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsAnswer([WA_IP], null), tcp: tcp(WA_IP, 443, "connection_reset") }));
    expect(v.rule).toBe("T1");
  });

  it("not to an address nobody vouches for: the system answer may be stale or odd, so error", () => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsAnswer(["203.0.113.7"], null), tcp: tcp("203.0.113.7", 443, "connection_refused") }));
    expect(pick(v)).toEqual({ verdict: "error", grade: null, rule: null, stage: "tcp" });
    expect(v.detail).toBe("unverified_address");
  });

  it("network_unreachable is the probe's own routing (often no IPv6), not a block", () => {
    const v = scoreTarget("whatsapp", endpoint({ dns: dnsAnswer(["2a03:2880::1"]), tcp: tcp("2a03:2880::1", 443, "network_unreachable") }));
    expect(v.verdict).toBe("error");
  });
});

describe("TLS rules", () => {
  const tlsTarget = (failure: Parameters<typeof tls>[2], neutral?: Parameters<typeof tls>[3]) =>
    webOk({ tls: tls(WA_IP, "web.whatsapp.com", failure, neutral), http: undefined });

  it("S1: reset after the ClientHello while the neutral-SNI handshake succeeds -> SNI-triggered", () => {
    const v = scoreTarget("whatsapp", tlsTarget("connection_reset", null));
    expect(pick(v)).toEqual({ verdict: "tls_blocked", grade: "anomaly", rule: "S1", stage: "tls" });
    expect(v.detail).toBe("sni");
  });

  it("S2: timeout, and the neutral SNI fails too -> address block", () => {
    const v = scoreTarget("whatsapp", tlsTarget("generic_timeout_error", "generic_timeout_error"));
    expect(pick(v)).toEqual({ verdict: "tls_blocked", grade: "anomaly", rule: "S2", stage: "tls" });
    expect(v.detail).toBe("address");
  });

  it("S3: certificate of an unknown authority with clean DNS -> interception", () => {
    const v = scoreTarget("whatsapp", tlsTarget("ssl_unknown_authority"));
    expect(pick(v)).toEqual({ verdict: "tls_blocked", grade: "anomaly", rule: "S3", stage: "tls" });
    expect(v.detail).toBe("interception");
  });

  it("S4: interrupted handshake without a neutral-SNI retry (imported data) is tls_blocked, cause undetermined", () => {
    const v = scoreTarget("whatsapp", tlsTarget("eof_error", "not_measured"));
    expect(pick(v)).toEqual({ verdict: "tls_blocked", grade: "anomaly", rule: "S4", stage: "tls" });
    expect(v.detail).toBeNull();
  });
});

describe("HTTP and WebSocket rules", () => {
  it("H1: a block-page fingerprint is a confirmed HTTP block, whatever the status", () => {
    const v = scoreTarget("whatsapp", webOk({ http: http("https://web.whatsapp.com/", { status: 200, fingerprint: "ru.rkn.blockpage" }) }));
    expect(pick(v)).toEqual({ verdict: "http_blocked", grade: "confirmed", rule: "H1", stage: "http" });
  });

  it("H2: reset or EOF during the response", () => {
    for (const failure of ["connection_reset", "eof_error"] as const) {
      const v = scoreTarget("whatsapp", webOk({ http: http("https://web.whatsapp.com/", { failure }) }));
      expect(pick(v)).toEqual({ verdict: "http_blocked", grade: "anomaly", rule: "H2", stage: "http" });
    }
  });

  it("H4: no response at all after TCP and TLS succeeded", () => {
    const v = scoreTarget("whatsapp", webOk({ http: http("https://web.whatsapp.com/", { failure: "generic_timeout_error" }) }));
    expect(pick(v)).toEqual({ verdict: "http_blocked", grade: "anomaly", rule: "H4", stage: "http" });
  });

  it("H3: WhatsApp Web's 302 and 403 are ok", () => {
    for (const status of [302, 403]) {
      expect(pick(scoreTarget("whatsapp", webOk({ http: http("https://web.whatsapp.com/", { status }) })))).toEqual({ verdict: "ok", grade: null, rule: "H3", stage: null });
    }
  });

  it("H3: any 4xx from registration is ok", () => {
    for (const status of [400, 401, 403, 404, 405, 429]) {
      const reg = target("whatsapp.registration", "registration", "v.whatsapp.net", 443, {
        dns: dnsAnswer([WA_IP]), tcp: tcp(WA_IP, 443), tls: tls(WA_IP, "v.whatsapp.net"), http: http("https://v.whatsapp.net/v2/register", { status, bytes: 61, body_kind: "json" }),
      });
      expect(scoreTarget("whatsapp", reg)).toMatchObject({ verdict: "ok", rule: "H3" });
    }
  });

  it("H3: Telegram data centres' 404 and 501 are ok", () => {
    for (const status of [404, 501]) {
      const v = scoreTarget("telegram", dc("149.154.167.51", 443, { tcp: tcp("149.154.167.51", 443), http: http("http://149.154.167.51:443/", { method: "POST", status, bytes: 169 }) }));
      expect(v).toMatchObject({ verdict: "ok", rule: "H3" });
    }
  });

  it("a WebSocket upgrade reset counts as HTTP (H2 at the ws stage); a refused upgrade status alone is H3", () => {
    const base = { dns: dnsAnswer(["95.142.192.10"]), tcp: tcp("95.142.192.10", 443), tls: tls("95.142.192.10", "ws-api.oneme.ru") };
    const t = (w: TargetResult["stages"]["ws"]) => target("max.websocket", "websocket", "ws-api.oneme.ru", 443, { ...base, ws: w });
    expect(pick(scoreTarget("max", t(ws("wss://ws-api.oneme.ru/websocket", null, "connection_reset"))))).toEqual({ verdict: "http_blocked", grade: "anomaly", rule: "H2", stage: "ws" });
    expect(scoreTarget("max", t(ws("wss://ws-api.oneme.ru/websocket", 403)))).toMatchObject({ verdict: "ok", rule: "H3" });
    expect(scoreTarget("max", t(ws("wss://ws-api.oneme.ru/websocket")))).toMatchObject({ verdict: "ok", rule: "OK" });
  });
});
