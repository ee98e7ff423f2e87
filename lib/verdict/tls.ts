// TLS stage rules S1-S3 (and S4 where the neutral-SNI handshake was not measured).
import type { Failure } from "../measurement/vocabulary";
import type { Stages } from "../measurement/schema";
import { failed, passed, unattributable, type StageJudgement } from "./finding";

type TlsStage = NonNullable<Stages["tls"]>;

/** Handshakes cut short after the ClientHello: the signature of SNI filtering or an address block. */
const INTERRUPTED: ReadonlySet<Failure> = new Set<Failure>([
  "connection_reset",
  "eof_error",
  "generic_timeout_error",
  "ssl_failed_handshake", // an injected alert ends the handshake the same way
  "connection_aborted",
]);

/** A certificate the client cannot accept: a middlebox presenting its own. */
const CERTIFICATE: ReadonlySet<Failure> = new Set<Failure>(["ssl_invalid_hostname", "ssl_unknown_authority", "ssl_invalid_certificate"]);

/** Judges the handshake. Runs only after DNS passed, so "DNS clean" (S3) holds by construction. */
export function judgeTls(tls: TlsStage): StageJudgement {
  if (tls.failure === null) return passed();
  if (INTERRUPTED.has(tls.failure)) {
    const base = { verdict: "tls_blocked", grade: "anomaly", stage: "tls", failure: tls.failure } as const;
    if (tls.neutral === null) return failed({ ...base, rule: "S4", detail: null });
    if (tls.neutral.failure === null) return failed({ ...base, rule: "S1", detail: "sni" });
    return failed({ ...base, rule: "S2", detail: "address" });
  }
  if (CERTIFICATE.has(tls.failure)) {
    return failed({ verdict: "tls_blocked", grade: "anomaly", rule: "S3", stage: "tls", failure: tls.failure, detail: "interception" });
  }
  return unattributable("tls", tls.failure, "not_a_block_failure");
}
