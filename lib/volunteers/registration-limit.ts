// Registration limits. Per connecting address and per /24 (IPv6: /48) within a window, with
// a burst a carrier-grade NAT address lives with: on Russian mobile networks thousands of
// subscribers share one address, so at least 20 volunteers a day must get through behind
// one. Abuse is bounded per account instead (registrations a day, probes held), and by the
// detector's quorum of distinct owners and by revocation. The address itself is never kept:
// it is reduced to two keyed HMACs (of the address, of its network) under a server secret,
// and the rows holding those digests are deleted when their window ends.
import { createHmac } from "node:crypto";
import { parseIp } from "../net/ip";

export interface RegistrationLimits {
  /** Registrations from one address per window. */
  perAddress: number;
  /** Registrations from one /24 or /48 per window. */
  perNetwork: number;
  /** Registrations by one account per window. */
  perAccountPerWindow: number;
  /** Probes one account may hold (revoked ones do not count). */
  perAccount: number;
  windowMs: number;
}

export const REGISTRATION_LIMITS: RegistrationLimits = {
  perAddress: 40,
  perNetwork: 160,
  perAccountPerWindow: 5,
  perAccount: 25,
  windowMs: 24 * 3600_000,
};

/** The /24 (IPv4) or /48 (IPv6) an address belongs to, as text; null when not an address. */
export function networkOf(address: string): string | null {
  const ip = parseIp(address);
  if (!ip) return null;
  if (ip.family === 4) return `${ip.bytes[0]}.${ip.bytes[1]}.${ip.bytes[2]}.0/24`;
  const g = (i: number) => ((ip.bytes[i] << 8) | ip.bytes[i + 1]).toString(16);
  return `${g(0)}:${g(2)}:${g(4)}::/48`;
}

export interface RegistrationKeys {
  address: string;
  network: string;
}

/** The window counter of one account's registrations (an account id, not an address). */
export function accountWindowKey(ownerId: string): string {
  return `o:${ownerId}`;
}

/** Keyed digests of an address and its network; without the secret they cannot be reversed by enumeration. */
export function registrationKeys(address: string, secret: string): RegistrationKeys | null {
  const ip = parseIp(address);
  const network = networkOf(address);
  if (!ip || !network) return null;
  const mac = (text: string) => createHmac("sha256", secret).update(text).digest("base64url");
  return { address: `a:${mac(Array.from(ip.bytes).join("."))}`, network: `n:${mac(network)}` };
}

/** Start of the fixed window `now` falls in. */
export function windowStart(now: Date, windowMs: number = REGISTRATION_LIMITS.windowMs): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

export type RegistrationDecision = { allowed: true } | { allowed: false; reason: string; retryAfterS: number };

export interface RegistrationCounts {
  address: number;
  network: number;
  /** This account's registrations in the window. */
  account: number;
  /** Probes this account holds now. */
  accountProbes: number;
}

/** Decides on one more registration given the counts already in the current window. */
export function decideRegistration(counts: RegistrationCounts, now: Date, limits: RegistrationLimits = REGISTRATION_LIMITS): RegistrationDecision {
  const retryAfterS = Math.ceil((windowStart(now, limits.windowMs).getTime() + limits.windowMs - now.getTime()) / 1000);
  if (counts.accountProbes >= limits.perAccount) {
    // Waiting does not help here: only removing a probe does. A day is still the honest retry.
    return { allowed: false, reason: `this account already holds ${limits.perAccount} probes, the most one account may hold; remove one to register another`, retryAfterS };
  }
  if (counts.account >= limits.perAccountPerWindow) {
    return { allowed: false, reason: `this account has registered ${limits.perAccountPerWindow} probes today, the most one account may register in a day`, retryAfterS };
  }
  if (counts.address >= limits.perAddress) {
    return { allowed: false, reason: `${limits.perAddress} probes were registered from your address today, the most one address may register in a day`, retryAfterS };
  }
  if (counts.network >= limits.perNetwork) {
    return { allowed: false, reason: `${limits.perNetwork} probes were registered from your network (/24 or /48) today, the most one network may register in a day`, retryAfterS };
  }
  return { allowed: true };
}
