// Maps Node's error codes to OONI df-007 failure tokens. Only the token is ever stored:
// error messages can carry addresses or other text we must not keep.
import type { Failure } from "../lib/measurement/vocabulary";

/** The code a stage throws for its own deadline, so timeouts classify the same everywhere. */
export const STAGE_TIMEOUT = "VANTAGE_STAGE_TIMEOUT";
/** The peer closed the connection cleanly (FIN) before the stage was done. */
export const STAGE_EOF = "VANTAGE_STAGE_EOF";

export interface ErrorLike {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
}

function codeOf(err: unknown): string {
  if (err && typeof err === "object" && typeof (err as ErrorLike).code === "string") return (err as ErrorLike).code as string;
  return "";
}

/** Socket-level errors (connect, read, write). */
export function classifyNetworkError(err: unknown): Failure {
  const code = codeOf(err);
  switch (code) {
    case "ECONNREFUSED":
      return "connection_refused";
    case "ECONNRESET":
    case "EPIPE":
    case "ECONNABORTED":
      return "connection_reset";
    case STAGE_TIMEOUT:
    case "ETIMEDOUT":
    case "ETIMEOUT":
    case "ERR_SOCKET_CONNECTION_TIMEOUT":
      return "generic_timeout_error";
    case "EHOSTUNREACH":
    case "EHOSTDOWN":
      return "host_unreachable";
    case "ENETUNREACH":
    case "ENETDOWN":
      return "network_unreachable";
    case STAGE_EOF:
    case "ERR_STREAM_PREMATURE_CLOSE":
      return "eof_error";
    case "ABORT_ERR":
      return "interrupted";
    default:
      return "unknown_failure";
  }
}

// OpenSSL verification codes as Node reports them (err.code).
const UNKNOWN_AUTHORITY = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_UNTRUSTED",
  "CERT_CHAIN_TOO_LONG",
]);
const INVALID_CERTIFICATE = new Set([
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_SIGNATURE_FAILURE",
  "INVALID_CA",
  "INVALID_PURPOSE",
  "PATH_LENGTH_EXCEEDED",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "HOSTNAME_MISMATCH",
]);

/**
 * TLS handshake errors. Node reports a connection closed before the handshake finished as
 * ECONNRESET without a syscall ("socket disconnected before secure TLS connection"): that
 * is a FIN, an EOF, while a real RST arrives as a failed `read` syscall.
 */
export function classifyTlsFailure(err: unknown): Failure {
  const code = codeOf(err);
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return "ssl_invalid_hostname";
  if (UNKNOWN_AUTHORITY.has(code)) return "ssl_unknown_authority";
  if (INVALID_CERTIFICATE.has(code)) return "ssl_invalid_certificate";
  if (code === "ECONNRESET") {
    const syscall = (err as ErrorLike).syscall;
    return typeof syscall === "string" ? "connection_reset" : "eof_error";
  }
  if (code.startsWith("ERR_SSL_") || code === "EPROTO" || code.startsWith("ERR_TLS_")) return "ssl_failed_handshake";
  return classifyNetworkError(err);
}

/** c-ares resolver errors (node:dns). */
export function classifyDnsError(err: unknown): Failure {
  switch (codeOf(err)) {
    case "ENOTFOUND":
      return "dns_nxdomain_error";
    case "ENODATA":
      return "dns_no_answer";
    case "ESERVFAIL":
      return "dns_servfail_error";
    case "EREFUSED":
      return "dns_refused_error";
    case "ETIMEOUT":
    case STAGE_TIMEOUT:
      return "generic_timeout_error";
    case "ECONNREFUSED":
      return "connection_refused";
    default:
      return "dns_lookup_error";
  }
}

/** A DNS response code (from a DoH answer) to a failure; null for NOERROR. */
export function classifyDnsRcode(rcode: string | undefined, answers: number): Failure | null {
  switch (rcode) {
    case "NOERROR":
    case undefined:
      return answers > 0 ? null : "dns_no_answer";
    case "NXDOMAIN":
      return "dns_nxdomain_error";
    case "SERVFAIL":
      return "dns_servfail_error";
    case "REFUSED":
      return "dns_refused_error";
    default:
      return "dns_lookup_error";
  }
}

/** An error carrying one of the stage codes above. */
export function stageError(code: typeof STAGE_TIMEOUT | typeof STAGE_EOF): Error {
  return Object.assign(new Error(code), { code });
}
