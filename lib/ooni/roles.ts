// The role each host plays in an OONI nettest, from each test's specification: an
// endpoint the client connects to (its DNS answer is an address, judged by the endpoint
// rules D1-D4, T1, ...), or a DNS-only lookup whose answer is a status signal, not a
// server address. A signal lookup is never scored: a loopback answer there is how the
// service reports its state, not a bogon injected by a censor.
// Checked against real measurement files in tests/unit/ooni-roles.test.ts.

export type EvidenceRole = "endpoint" | "dns_signal";

export interface RoleEntry {
  nettest: string;
  host: string;
  role: EvidenceRole;
  /** Where the role is stated. */
  source: string;
}

/** Hosts that are not endpoints. Every other host a nettest touches is an endpoint. */
export const SIGNAL_LOOKUPS: readonly RoleEntry[] = [
  {
    nettest: "signal",
    host: "uptime.signal.org",
    role: "dns_signal",
    source:
      "ooni/spec nettests/ts-029-signal.md: \"a DNS query to uptime.signal.org, which is used to inform us if the signal backend services should be down. The test logic ignores the result\"; ooni/probe-cli internal/experiment/signal/signal.go (dnslookup://uptime.signal.org, result ignored)",
  },
  {
    nettest: "facebook_messenger",
    host: "stun.fbsbx.com",
    role: "dns_signal",
    source: "ooni/spec nettests/ts-019-facebook-messenger.md: stun.fbsbx.com is only resolved (dnslookup://stun.fbsbx.com); not imported by Vantage",
  },
];

const normal = (host: string) => host.trim().toLowerCase().replace(/\.$/, "");
const signalHosts = new Map<string, Set<string>>();
for (const e of SIGNAL_LOOKUPS) {
  const set = signalHosts.get(e.nettest) ?? new Set<string>();
  set.add(normal(e.host));
  signalHosts.set(e.nettest, set);
}

/** The role of `host` in `nettest`: `dns_signal` where the table says so, else `endpoint`. */
export function roleOf(nettest: string, host: string): EvidenceRole {
  return signalHosts.get(nettest)?.has(normal(host)) ? "dns_signal" : "endpoint";
}
