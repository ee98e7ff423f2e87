// DNS stage rules D1-D4. The control resolver is what makes a system-resolver failure or an
// odd answer mean something; without one (imported data) only a bogon (D1) can be judged.
import type { Failure } from "../measurement/vocabulary";
import type { Stages } from "../measurement/schema";
import { type Cidr, canonicalIp, inNetworks, isBogon } from "../net/ip";
import { failed, passed, unattributable, type StageJudgement } from "./finding";

type DnsStage = NonNullable<Stages["dns"]>;

/** System-resolver failures that D2 reads as blocking when the control resolver answers. */
const D2_FAILURES: ReadonlySet<Failure> = new Set<Failure>([
  "dns_nxdomain_error",
  "dns_no_answer",
  "dns_servfail_error",
  "dns_refused_error",
  "generic_timeout_error",
  "dns_lookup_error", // OONI's legacy catch-all for the same outcomes
]);

function canonicalAll(addrs: readonly string[]): string[] {
  return addrs.map((a) => canonicalIp(a)).filter((a): a is string => a !== null);
}

/** Addresses the control resolver vouches for (canonical form); empty when it did not answer cleanly. */
export function controlAddresses(dns: DnsStage | undefined): Set<string> {
  const control = dns?.control;
  if (!control || control.failure !== null) return new Set();
  const addrs = canonicalAll(control.addrs);
  // A control answer containing a bogon is itself tampered with: it vouches for nothing.
  if (addrs.some(isBogon)) return new Set();
  return new Set(addrs);
}

export function judgeDns(dns: DnsStage, networks: readonly Cidr[]): StageJudgement {
  const system = dns.system;
  const systemAddrs = canonicalAll(system.addrs);
  if (system.failure === "dns_bogon_error" || systemAddrs.some(isBogon)) {
    return failed({ verdict: "dns_blocked", grade: "confirmed", rule: "D1", stage: "dns", failure: "dns_bogon_error", detail: null });
  }
  // An address a maintained fingerprint set knows as a censor's injected answer.
  if (system.fingerprint) {
    return failed({ verdict: "dns_blocked", grade: "confirmed", rule: "D1", stage: "dns", failure: null, detail: "fingerprint" });
  }

  const vouched = controlAddresses(dns);
  const controlAnswered = vouched.size > 0;
  const systemFailure: Failure | null = system.failure ?? (systemAddrs.length === 0 ? "dns_no_answer" : null);

  if (systemFailure !== null) {
    if (dns.control === null) return unattributable("dns", systemFailure, "no_control_resolver");
    if (!controlAnswered) {
      return failed({ verdict: "error", grade: null, rule: "D4", stage: "dns", failure: systemFailure, detail: null });
    }
    if (D2_FAILURES.has(systemFailure)) {
      return failed({ verdict: "dns_blocked", grade: "anomaly", rule: "D2", stage: "dns", failure: systemFailure, detail: null });
    }
    return unattributable("dns", systemFailure, "resolver_failure");
  }

  // The system resolver answered. Without a usable control answer there is nothing to compare.
  if (!controlAnswered) return passed();
  // D3 needs the whole answer unvouched: one address the control also returns, or one inside
  // the service's published networks, makes the answer genuine (CDNs answer differently by
  // resolver location, so a mere difference is not tampering).
  const genuine = systemAddrs.some((a) => vouched.has(a) || inNetworks(a, networks));
  if (genuine) return passed();
  return failed({ verdict: "dns_blocked", grade: "anomaly", rule: "D3", stage: "dns", failure: null, detail: null });
}
