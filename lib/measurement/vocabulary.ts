// The shared vocabulary of Vantage: services, stages, failure strings, verdicts and
// aggregation classes. Everything that produces or reads a measurement imports these,
// so the probe, the server, the importer and the charts speak one language.

export const SERVICES = ["whatsapp", "telegram", "max", "signal"] as const;
export type ServiceId = (typeof SERVICES)[number];

export const STAGES = ["dns", "tcp", "tls", "http", "ws", "throughput"] as const;
export type StageName = (typeof STAGES)[number];

/**
 * OONI df-007 failure strings that Vantage's own probe emits, plus legacy strings that
 * imported OONI data carries. A failure is always one lowercase token, never free-form
 * error text (which could leak addresses or personal data).
 */
export const FAILURES = [
  // dns
  "dns_nxdomain_error",
  "dns_no_answer",
  "dns_servfail_error",
  "dns_refused_error",
  "dns_bogon_error",
  "dns_lookup_error",
  // tcp
  "connection_refused",
  "connection_reset",
  "host_unreachable",
  "network_unreachable",
  // tls
  "eof_error",
  "ssl_invalid_hostname",
  "ssl_unknown_authority",
  "ssl_invalid_certificate",
  "ssl_failed_handshake",
  // http / ws
  "http_request_failed",
  // shared
  "generic_timeout_error",
  "interrupted",
  "unknown_failure",
  // legacy OONI strings (imported data only)
  "connect_error",
  "connection_aborted",
  "json_parse_error",
] as const;
export type Failure = (typeof FAILURES)[number];

/** Per-target verdicts (the design brief's verdict table, "target verdict" column). */
export const TARGET_VERDICTS = [
  "ok",
  "dns_blocked",
  "tcp_blocked",
  "tls_blocked",
  "http_blocked",
  "stalled",
  "throttled",
  "error",
  "not_measured",
] as const;
export type TargetVerdictName = (typeof TARGET_VERDICTS)[number];

export const GRADES = ["confirmed", "anomaly"] as const;
export type Grade = (typeof GRADES)[number];

/**
 * Rule ids of the verdict table, exactly those some rule emits; OK when every stage
 * succeeded. A rule id names a rule, not a stage: H2 and H4 fire at the http, ws and
 * throughput stages alike, and the stage travels with the finding (`stage`).
 */
export const RULE_IDS = [
  "D1", "D2", "D3", "D4",
  "T1",
  "S1", "S2", "S3", "S4",
  "H1", "H2", "H3", "H4", "H5", "H6",
  "P1", "P2", "P3",
  "OK",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * What a response body looks like from its first bytes (lib/verdict/profile.ts sniffs it):
 * the only thing about a body a record keeps besides its size.
 */
export const BODY_KINDS = ["empty", "html", "json", "text", "binary"] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

/** Per-service, per-round status. */
export const SERVICE_STATUSES = ["ok", "blocked", "partial", "throttled", "inconclusive", "error"] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** OONI-compatible aggregation classes: disjoint, summing to the total. */
export const VERDICT_CLASSES = ["ok", "anomaly", "confirmed", "failure"] as const;
export type VerdictClass = (typeof VERDICT_CLASSES)[number];

/** Blocking techniques an event or a round can be attributed to. */
export const TECHNIQUES = ["dns", "tcp", "tls", "http", "throttling", "stall", "allowlist"] as const;
export type Technique = (typeof TECHNIQUES)[number];

export const NETWORK_TYPES = ["fixed", "mobile"] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

/** Where a measurement came from. `simulated` is demo data and is always labelled so. */
export const SOURCES = ["vantage", "ooni", "simulated"] as const;
export type Source = (typeof SOURCES)[number];
