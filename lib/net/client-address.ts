// Who the client is, for every per-client limit (registration, account creation, public
// read rate): the address of the socket's peer, unless that peer is a configured trusted
// proxy (VANTAGE_TRUSTED_PROXIES), in which case X-Forwarded-For is read from the right,
// skipping trusted hops, and the first untrusted hop is the client. A client can write
// anything into X-Forwarded-For, so the header is only believed as far as trusted proxies
// appended to it. Pure: the peer address comes from lib/net/peer.ts.
import { canonicalIp, type Cidr, inNetworks, parseCidr, parseIp } from "./ip";

/** Parses a comma- or space-separated CIDR list; a bare address means /32 or /128. */
export function parseTrustedProxies(text: string | undefined, name = "VANTAGE_TRUSTED_PROXIES"): Cidr[] {
  const entries = (text ?? "").split(/[\s,]+/).filter(Boolean);
  return entries.map((entry) => {
    try {
      if (entry.includes("/")) return parseCidr(entry);
      const ip = parseIp(entry);
      if (!ip) throw new Error(`"${entry}" is not an IP address or CIDR`);
      return { family: ip.family, bytes: ip.bytes, prefix: ip.family === 4 ? 32 : 128 };
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    }
  });
}

/**
 * The client's address in canonical form, or null when the peer is unknown. `forwardedFor`
 * is every X-Forwarded-For value joined (proxies may send several header lines).
 */
export function clientAddress(peer: string | null, forwardedFor: string | null, trusted: readonly Cidr[]): string | null {
  const socket = peer === null ? null : canonicalIp(peer);
  if (socket === null) return null;
  if (!inNetworks(socket, trusted)) return socket;
  const hops = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  let client = socket;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalIp(hops[i]);
    // A hop that is not an address was written by someone we do not trust: stop at the
    // last address a trusted proxy vouched for.
    if (hop === null) break;
    client = hop;
    if (!inNetworks(hop, trusted)) break;
  }
  return client;
}
