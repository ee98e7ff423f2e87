import { describe, expect, it } from "vitest";
import { FAILURES } from "../../lib/measurement/vocabulary";
import { normalizeFailure, stageOfFailure } from "../../lib/ooni/failure";

describe("normalizeFailure", () => {
  it("keeps every failure string of Vantage's vocabulary as it is, legacy ones included", () => {
    for (const f of FAILURES) expect(normalizeFailure(f)).toBe(f);
    expect(normalizeFailure("connect_error")).toBe("connect_error");
    expect(normalizeFailure("connection_aborted")).toBe("connection_aborted");
  });

  it("treats null, an empty string and a missing value as no failure", () => {
    expect(normalizeFailure(null)).toBeNull();
    expect(normalizeFailure(undefined)).toBeNull();
    expect(normalizeFailure("")).toBeNull();
  });

  it("maps df-007's other strings (probe-legacy, Measurement Kit, probe-cli) to their nearest token", () => {
    expect(normalizeFailure("connection_refused_error")).toBe("connection_refused");
    expect(normalizeFailure("connection_lost_error")).toBe("connection_reset");
    expect(normalizeFailure("connection_done")).toBe("eof_error");
    expect(normalizeFailure("response_never_received")).toBe("eof_error");
    expect(normalizeFailure("deferred_timeout_error")).toBe("generic_timeout_error");
    expect(normalizeFailure("tcp_timed_out_error")).toBe("generic_timeout_error");
    expect(normalizeFailure("task_timed_out")).toBe("generic_timeout_error");
    expect(normalizeFailure("dns_name_error")).toBe("dns_nxdomain_error");
    expect(normalizeFailure("dns_name_failure")).toBe("dns_servfail_error");
    expect(normalizeFailure("ssl_unknown_autority")).toBe("ssl_unknown_authority");
    expect(normalizeFailure("connection_already_closed")).toBe("eof_error");
    expect(normalizeFailure("dns_server_misbehaving")).toBe("dns_servfail_error");
    expect(normalizeFailure("android_dns_cache_no_data")).toBe("dns_lookup_error");
    expect(normalizeFailure("socks_host_unreachable")).toBe("host_unreachable");
    expect(normalizeFailure("address_family_not_supported_error")).toBe("unknown_failure");
  });

  it("reads 'unknown_failure: text' and free-form error text into a token, never keeping the text", () => {
    expect(normalizeFailure("unknown_failure: read tcp 10.0.0.2:52144->31.13.73.53:443: read: connection reset by peer")).toBe(
      "connection_reset",
    );
    expect(normalizeFailure('Get "https://web.whatsapp.com/": net/http: TLS handshake timeout')).toBe("generic_timeout_error");
    expect(normalizeFailure("unknown_failure: x509: certificate signed by unknown authority")).toBe("ssl_unknown_authority");
    expect(normalizeFailure("unknown_failure: lookup web.whatsapp.com: no such host")).toBe("dns_nxdomain_error");
    expect(normalizeFailure("unknown_failure: something nobody anticipated")).toBe("unknown_failure");
    expect(normalizeFailure("Ошибка: что-то пошло не так")).toBe("unknown_failure");
    expect(normalizeFailure("generic_timeout_error: after 10 s")).toBe("generic_timeout_error");
    expect(normalizeFailure("CONNECTION_RESET")).toBe("connection_reset");
  });

  it("never returns anything outside the vocabulary, whatever it is given", () => {
    const inputs: unknown[] = ["", "a b c", "1.2.3.4:443 refused", 42, true, {}, [], "unknown_failure", "unknown_failure:", "eof_error; more"];
    for (const input of inputs) {
      const out = normalizeFailure(input);
      if (out !== null) expect(FAILURES).toContain(out);
    }
    expect(normalizeFailure(42)).toBe("unknown_failure");
  });
});

describe("stageOfFailure", () => {
  it("names the one stage a failure can only come from, and null for ambiguous ones", () => {
    expect(stageOfFailure("dns_nxdomain_error")).toBe("dns");
    expect(stageOfFailure("connect_error")).toBe("tcp");
    expect(stageOfFailure("connection_refused")).toBe("tcp");
    expect(stageOfFailure("ssl_invalid_hostname")).toBe("tls");
    expect(stageOfFailure("connection_reset")).toBeNull();
    expect(stageOfFailure("generic_timeout_error")).toBeNull();
  });
});
