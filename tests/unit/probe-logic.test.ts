// Pure parts of the probe: failure classification, block-page fingerprints, the address
// map, config validation, sample bookkeeping, the byte budget and the CLI flags.
import { describe, expect, it } from "vitest";
import { AddressMap, parseHostPort } from "../../probes/address-map";
import { parseArgs } from "../../probes/args";
import { addSpent, fitsBudget, spentToday } from "../../probes/budget";
import { ConfigError, parseProbeConfig } from "../../probes/config";
import { classifyDnsError, classifyDnsRcode, classifyNetworkError, classifyTlsFailure, STAGE_EOF, STAGE_TIMEOUT, stageError } from "../../probes/failures";
import { matchBlockPage } from "../../probes/fingerprints";
import { mergeAnswers } from "../../probes/stages/dns";
import { expectedAccept } from "../../probes/stages/ws";
import { pickAddress } from "../../probes/target-run";
import { TransferSamples } from "../../probes/transfer-samples";

const err = (code: string, syscall?: string) => Object.assign(new Error("x"), { code, ...(syscall ? { syscall } : {}) });

describe("failure classification", () => {
  it("maps socket errors to OONI tokens", () => {
    expect(classifyNetworkError(err("ECONNREFUSED"))).toBe("connection_refused");
    expect(classifyNetworkError(err("ECONNRESET"))).toBe("connection_reset");
    expect(classifyNetworkError(err("EPIPE"))).toBe("connection_reset");
    expect(classifyNetworkError(err("EHOSTUNREACH"))).toBe("host_unreachable");
    expect(classifyNetworkError(err("ENETUNREACH"))).toBe("network_unreachable");
    expect(classifyNetworkError(stageError(STAGE_TIMEOUT))).toBe("generic_timeout_error");
    expect(classifyNetworkError(stageError(STAGE_EOF))).toBe("eof_error");
    expect(classifyNetworkError(new Error("no code"))).toBe("unknown_failure");
  });

  it("tells certificate problems, resets and early closes apart in TLS", () => {
    expect(classifyTlsFailure(err("ERR_TLS_CERT_ALTNAME_INVALID"))).toBe("ssl_invalid_hostname");
    expect(classifyTlsFailure(err("UNABLE_TO_VERIFY_LEAF_SIGNATURE"))).toBe("ssl_unknown_authority");
    expect(classifyTlsFailure(err("SELF_SIGNED_CERT_IN_CHAIN"))).toBe("ssl_unknown_authority");
    expect(classifyTlsFailure(err("CERT_HAS_EXPIRED"))).toBe("ssl_invalid_certificate");
    // A real RST fails a read; "disconnected before secure TLS connection" has no syscall: a FIN.
    expect(classifyTlsFailure(err("ECONNRESET", "read"))).toBe("connection_reset");
    expect(classifyTlsFailure(err("ECONNRESET"))).toBe("eof_error");
    expect(classifyTlsFailure(err("ERR_SSL_WRONG_VERSION_NUMBER"))).toBe("ssl_failed_handshake");
    expect(classifyTlsFailure(stageError(STAGE_TIMEOUT))).toBe("generic_timeout_error");
  });

  it("maps resolver outcomes", () => {
    expect(classifyDnsError(err("ENOTFOUND"))).toBe("dns_nxdomain_error");
    expect(classifyDnsError(err("ENODATA"))).toBe("dns_no_answer");
    expect(classifyDnsError(err("ESERVFAIL"))).toBe("dns_servfail_error");
    expect(classifyDnsError(err("EREFUSED"))).toBe("dns_refused_error");
    expect(classifyDnsError(err("ETIMEOUT"))).toBe("generic_timeout_error");
    expect(classifyDnsRcode("NXDOMAIN", 0)).toBe("dns_nxdomain_error");
    expect(classifyDnsRcode("NOERROR", 0)).toBe("dns_no_answer");
    expect(classifyDnsRcode("NOERROR", 2)).toBeNull();
    expect(classifyDnsRcode("SERVFAIL", 0)).toBe("dns_servfail_error");
  });

  it("merges A and AAAA: any address wins, else the A failure", () => {
    expect(mergeAnswers({ addrs: ["1.2.3.4"], failure: null }, { addrs: [], failure: "dns_no_answer" })).toEqual({ addrs: ["1.2.3.4"], failure: null });
    expect(mergeAnswers({ addrs: [], failure: "dns_nxdomain_error" }, { addrs: [], failure: "dns_nxdomain_error" }).failure).toBe("dns_nxdomain_error");
    expect(pickAddress(["2a03::1", "1.2.3.4"])).toBe("1.2.3.4");
    expect(pickAddress(["2a03::1"])).toBe("2a03::1");
    expect(pickAddress([])).toBeNull();
  });
});

describe("block-page fingerprints (the maintained set of lib/fingerprints)", () => {
  it("matches known stubs by body or by a header and keeps only the id", () => {
    expect(matchBlockPage({ body: '<a href="http://eais.rkn.gov.ru/">реестр</a>' })).toBe("ooni.ru_5");
    expect(matchBlockPage({ body: "", headers: { location: "http://warning.rt.ru/?id=1" } })).toBe("ooni.ru_6");
    // One the probe's old hand-written list never had.
    expect(matchBlockPage({ body: "<title>Орион телеком :: ДОСТУП ЗАПРЕЩЕН</title>" })).toBe("ooni.ru_8");
  });
  it("does not match an ordinary page, nor vague words the set leaves out", () => {
    expect(matchBlockPage({ body: "<html><title>WhatsApp Web</title></html>", headers: { location: "https://web.whatsapp.com/browsers" } })).toBeNull();
    expect(matchBlockPage({ body: "Проверьте сайт в Едином реестре" })).toBeNull();
  });
});

describe("address map", () => {
  it("parses host:port forms", () => {
    expect(parseHostPort("149.154.175.50:80")).toEqual({ host: "149.154.175.50", port: 80 });
    expect(parseHostPort("[::1]:443")).toEqual({ host: "::1", port: 443 });
    expect(parseHostPort("E1.WhatsApp.net")).toEqual({ host: "e1.whatsapp.net", port: null });
    expect(parseHostPort("bad host")).toBeNull();
    expect(parseHostPort("x:99999")).toBeNull();
  });
  it("prefers address+port, then address, then name+port, then name", () => {
    const map = new AddressMap({
      "149.154.175.50:80": "127.0.0.2:8080",
      "149.154.175.50": "127.0.0.3",
      "web.max.ru:443": "127.0.0.4:9443",
      "web.max.ru": "127.0.0.5:1",
    });
    expect(map.lookup("149.154.175.50", 80, null)).toEqual({ host: "127.0.0.2", port: 8080 });
    expect(map.lookup("149.154.175.50", 443, null)).toEqual({ host: "127.0.0.3", port: 443 });
    expect(map.lookup("87.240.128.11", 443, "web.max.ru")).toEqual({ host: "127.0.0.4", port: 9443 });
    expect(map.lookup("87.240.128.11", 80, "web.max.ru")).toEqual({ host: "127.0.0.5", port: 1 });
    expect(map.lookup("1.1.1.1", 443, "other.example")).toBeNull();
  });
});

describe("config", () => {
  it("fills every default from an empty file", () => {
    const c = parseProbeConfig({});
    expect(c.timeouts.tcp_ms).toBe(3000);
    expect(c.concurrency).toBe(24);
    expect(c.throughput.enabled).toBe(true);
    expect(c.throughput.max_bytes).toBe(262_144);
  });
  it("names every bad field by its path", () => {
    try {
      parseProbeConfig({ timeouts: { tcp_ms: 0 }, resolvers: { control: "dns.google" }, throughput: { max_bytes: 10_000_000 }, probe: { cc: "ru" }, extra: 1 });
      throw new Error("accepted a bad config");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const issues = (e as ConfigError).issues;
      expect(issues).toContain("config.timeouts.tcp_ms: expected a positive number");
      expect(issues.some((i) => i.startsWith("config.resolvers.control:"))).toBe(true);
      expect(issues.some((i) => i.startsWith("config.throughput.max_bytes: at most 262144"))).toBe(true);
      expect(issues.some((i) => i.startsWith("config.probe.cc:"))).toBe(true);
      expect(issues.some((i) => i.includes('"extra"'))).toBe(true);
    }
  });
});

describe("transfer samples", () => {
  it("keeps the point where bytes stopped, even when it came right after the previous one", () => {
    const s = new TransferSamples(10_000);
    s.add(0, 0);
    s.add(2, 16_384); // within the spacing: pending
    const out = s.finish(6_500, 16_384);
    expect(out).toEqual([[0, 0], [2, 16_384], [6_500, 16_384]]);
  });
  it("stays within the record's sample limit", () => {
    const s = new TransferSamples(10_000);
    for (let t = 0; t <= 10_000; t += 1) s.add(t, t * 10);
    expect(s.finish(10_000, 100_000).length).toBeLessThanOrEqual(512);
  });
});

describe("daily byte budget", () => {
  const day = new Date("2026-11-28T12:00:00Z");
  it("counts per UTC day and resets the next", () => {
    const state = addSpent(null, day, 1000);
    expect(spentToday(state, day)).toBe(1000);
    expect(spentToday(state, new Date("2026-11-29T00:00:01Z"))).toBe(0);
    // The next hour's first throughput round is held to the day's total only.
    const nextHour = new Date("2026-11-28T13:00:00Z");
    expect(fitsBudget(state, nextHour, 500, 1500)).toBe(true);
    expect(fitsBudget(state, nextHour, 501, 1500)).toBe(false);
    // Within the hour already measured, the pace holds: 13/24 of 1500 by the end of 12:xx.
    expect(fitsBudget(state, day, 500, 1500)).toBe(false);
  });
});

describe("CLI flags", () => {
  it("accepts the documented form", () => {
    const r = parseArgs(["run", "--once", "--config", "c.json", "--services", "whatsapp,max", "--output", "o.jsonl"]);
    expect(r).toEqual({ ok: true, options: { command: "run", once: true, config: "c.json", services: ["whatsapp", "max"], output: "o.jsonl", stats: false } });
  });
  it("names the bad flag", () => {
    expect(parseArgs(["run", "--once", "--config"])).toEqual({ ok: false, error: "--config: expected a file name" });
    expect(parseArgs(["run", "--once", "--bogus"])).toEqual({ ok: false, error: 'unknown flag "--bogus"' });
    expect(parseArgs(["go"])).toMatchObject({ ok: false });
    expect(parseArgs(["run", "--once", "--services", "signal"])).toMatchObject({ ok: false, error: expect.stringContaining('"signal"') });
  });
});

describe("websocket handshake", () => {
  it("computes the RFC 6455 accept value", () => {
    expect(expectedAccept("dGhlIHNhbXBsZSBub25jZQ==")).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  });
});
