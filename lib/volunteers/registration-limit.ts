// Registration limits. Per connecting address and per /24 (IPv6: /48) within a window, with
// a burst a carrier-grade NAT address lives with: on Russian mobile networks thousands of
// subscribers share one address, so at least 20 volunteers a day must get through behind
// one (accounts and probes alike). Abuse is bounded per account instead (registrations a
// day, probes held), and by the detector's quorum of distinct owners and by revocation.
// The address itself is never kept: it is reduced to two keyed HMACs (of the address, of its
// network) under a server secret, and the rows holding those digests are deleted when their
// window ends.
import { createHmac } from "node:crypto";
import { parseIp } from "../net/ip";

export interface WindowLimits {
  perAddress: number;
  perNetwork: number;
  windowMs: number;
  /** What is counted, for the refusal ("probes may be registered"). */
  what: string;
}

export const REGISTRATION_LIMITS: WindowLimits = {
  perAddress: 40,
  perNetwork: 160,
  windowMs: 24 * 3600_000,
  what: "probes may be registered",
};

/** Volunteer accounts per client address and network, the same way (digests, fixed windows). */
export const ACCOUNT_LIMITS: WindowLimits = {
  perAddress: 40,
  perNetwork: 160,
  windowMs: 24 * 3600_000,
  what: "volunteer accounts may be created",
};

/** What one account may do, wherever it connects from. */
export interface AccountCaps {
  /** Probe registrations per window. */
  perWindow: number;
  /** Probes held (revoked ones do not count). */
  held: number;
}

export const ACCOUNT_CAPS: AccountCaps = { perWindow: 5, held: 25 };

/** The window counter of one account's registrations (an account id, not an address). */
export function accountWindowKey(ownerId: string): string {
  return `o:${ownerId}`;
}

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

/** Keyed digests of an address and its network; without the secret they cannot be reversed by enumeration. */
export function registrationKeys(address: string, secret: string, kind: "probe" | "account" | "webhook" = "probe"): RegistrationKeys | null {
  const ip = parseIp(address);
  const network = networkOf(address);
  if (!ip || !network) return null;
  const mac = (text: string) => createHmac("sha256", secret).update(text).digest("base64url");
  // Probe registrations keep their original key prefixes; accounts count in windows of their own.
  const prefix = kind === "probe" ? "" : `${kind}-`;
  return { address: `${prefix}a:${mac(Array.from(ip.bytes).join("."))}`, network: `${prefix}n:${mac(network)}` };
}

/** Start of the fixed window `now` falls in. */
export function windowStart(now: Date, windowMs: number = REGISTRATION_LIMITS.windowMs): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

export type RegistrationDecision = { allowed: true } | { allowed: false; reason: string; retryAfterS: number };

export interface WindowCounts {
  address: number;
  network: number;
  /** For probe registrations: this account's in the window, and the probes it holds. */
  account?: { registered: number; held: number };
}

/** Decides on one more action given the counts already in the current window. */
export function decideRegistration(
  counts: WindowCounts,
  now: Date,
  limits: WindowLimits = REGISTRATION_LIMITS,
  caps: AccountCaps = ACCOUNT_CAPS,
): RegistrationDecision {
  const retryAfterS = Math.ceil((windowStart(now, limits.windowMs).getTime() + limits.windowMs - now.getTime()) / 1000);
  if (counts.account && counts.account.held >= caps.held) {
    // Waiting does not help here, removing a probe does; a day is still the honest retry.
    return { allowed: false, reason: `this account already holds ${caps.held} probes, the most one account may hold; remove one to register another`, retryAfterS };
  }
  if (counts.account && counts.account.registered >= caps.perWindow) {
    return { allowed: false, reason: `this account has registered ${caps.perWindow} probes today, the most one account may register in a day`, retryAfterS };
  }
  if (counts.address >= limits.perAddress) {
    return { allowed: false, reason: `at most ${limits.perAddress} ${limits.what} from one address per day`, retryAfterS };
  }
  if (counts.network >= limits.perNetwork) {
    return { allowed: false, reason: `at most ${limits.perNetwork} ${limits.what} from one network (/24 or /48) per day`, retryAfterS };
  }
  return { allowed: true };
}
