// OONI failure strings -> Vantage failure tokens. Strings already in Vantage's vocabulary
// (df-007, legacy ones included) are kept as they are; every other string becomes its
// nearest token or "unknown_failure". Free-form error text never passes through: it can
// carry addresses or personal data (see DESIGN, "Volunteers and probes").
import { FAILURES, type Failure } from "../measurement/vocabulary";

const KNOWN: ReadonlySet<string> = new Set(FAILURES);

/** Older or product-specific df-007 strings (ooni/probe-legacy, Measurement Kit, probe-cli). */
const ALIASES: Readonly<Record<string, Failure>> = {
  // probe-legacy (Twisted) names
  connection_refused_error: "connection_refused",
  connection_lost_error: "connection_reset",
  connection_done: "eof_error",
  response_never_received: "eof_error",
  deferred_timeout_error: "generic_timeout_error",
  tcp_timed_out_error: "generic_timeout_error",
  task_timed_out: "generic_timeout_error",
  dns_name_error: "dns_nxdomain_error",
  dns_name_failure: "dns_servfail_error",
  socks_connection_refused: "connection_refused",
  socks_host_unreachable: "host_unreachable",
  socks_network_unreachable: "network_unreachable",
  socks_ttl_expired: "generic_timeout_error",
  // df-007 spells it this way; probe-cli emits ssl_unknown_authority
  ssl_unknown_autority: "ssl_unknown_authority",
  // probe-cli / Measurement Kit names outside Vantage's list
  timed_out: "generic_timeout_error",
  connection_already_closed: "eof_error",
  dns_server_misbehaving: "dns_servfail_error",
  dns_non_recursive_no_answer: "dns_no_answer",
  dns_reply_with_wrong_query_id: "dns_lookup_error",
  android_dns_cache_no_data: "dns_lookup_error",
  dns_temporary_failure: "dns_lookup_error",
  network_down: "network_unreachable",
  ssl_error: "ssl_failed_handshake",
  ssl_handshake_error: "ssl_failed_handshake",
  ssl_failed_handshake: "ssl_failed_handshake",
};

/** Phrases of Go / OpenSSL / Twisted error texts, checked in order; the first that matches wins. */
const PHRASES: ReadonlyArray<readonly [RegExp, Failure]> = [
  [/no such host|nxdomain|name (?:or service )?not known/i, "dns_nxdomain_error"],
  [/servfail|server misbehaving/i, "dns_servfail_error"],
  [/no answer from dns|dns_no_answer/i, "dns_no_answer"],
  [/refused/i, "connection_refused"],
  [/reset by peer|connection reset|econnreset/i, "connection_reset"],
  [/timed? ?out|timeout|deadline exceeded/i, "generic_timeout_error"],
  [/no route to host|host (?:is )?unreachable/i, "host_unreachable"],
  [/network (?:is )?unreachable|network is down/i, "network_unreachable"],
  [/unknown authority|self[- ]signed/i, "ssl_unknown_authority"],
  [/certificate is (?:valid for|not valid for)|hostname mismatch|doesn't match/i, "ssl_invalid_hostname"],
  [/certificate|x509/i, "ssl_invalid_certificate"],
  [/handshake|tls|ssl/i, "ssl_failed_handshake"],
  [/\beof\b|connection closed|use of closed network connection/i, "eof_error"],
  [/operation was canceled|interrupted|context canceled/i, "interrupted"],
];

/** Maps one OONI `failure` value to a Vantage token; null when there was no failure. */
export function normalizeFailure(value: unknown): Failure | null {
  if (value === null || value === undefined || value === false || value === "") return null;
  if (typeof value !== "string") return "unknown_failure";
  const raw = value.trim();
  if (raw === "") return null;
  const lower = raw.toLowerCase();
  if (KNOWN.has(lower)) return lower as Failure;
  const alias = ALIASES[lower];
  if (alias) return alias;
  // "unknown_failure: some text" and "<token>: detail" forms: try the leading token, then the text.
  const token = /^([a-z0-9_]+)(?:[:\s]|$)/.exec(lower)?.[1];
  if (token && token !== "unknown_failure") {
    if (KNOWN.has(token)) return token as Failure;
    if (ALIASES[token]) return ALIASES[token];
  }
  const text = token === "unknown_failure" ? lower.slice(token.length) : lower;
  for (const [pattern, failure] of PHRASES) if (pattern.test(text)) return failure;
  return "unknown_failure";
}

const DNS_FAILURES: ReadonlySet<Failure> = new Set([
  "dns_nxdomain_error", "dns_no_answer", "dns_servfail_error", "dns_refused_error", "dns_bogon_error", "dns_lookup_error",
]);
const CONNECT_FAILURES: ReadonlySet<Failure> = new Set([
  "connection_refused", "host_unreachable", "network_unreachable", "connect_error",
]);
const TLS_FAILURES: ReadonlySet<Failure> = new Set([
  "ssl_invalid_hostname", "ssl_unknown_authority", "ssl_invalid_certificate", "ssl_failed_handshake",
]);

/**
 * The stage a failure can only have happened at, when a measurement records the failure
 * of a whole transaction without the per-operation evidence (older probes): null when the
 * failure could belong to several stages (timeouts, resets, EOF).
 */
export function stageOfFailure(failure: Failure): "dns" | "tcp" | "tls" | null {
  if (DNS_FAILURES.has(failure)) return "dns";
  if (CONNECT_FAILURES.has(failure)) return "tcp";
  if (TLS_FAILURES.has(failure)) return "tls";
  return null;
}
