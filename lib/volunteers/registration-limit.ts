// Registration rate limit per connecting address: at most 2 probes per address and 4 per
// /24 (IPv6: /48) within a window, as RIPE Atlas does. The address itself is never kept:
// it is reduced to two keyed HMACs (of the address, of its network) under a server secret,
// and the rows holding those digests are deleted when their window ends.
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
  perAddress: 2,
  perNetwork: 4,
  windowMs: 24 * 3600_000,
  what: "probes may be registered",
};

/** Volunteer accounts per client address and network, the same way (digests, fixed windows). */
export const ACCOUNT_LIMITS: WindowLimits = {
  perAddress: 3,
  perNetwork: 10,
  windowMs: 24 * 3600_000,
  what: "volunteer accounts may be created",
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

/** Keyed digests of an address and its network; without the secret they cannot be reversed by enumeration. */
export function registrationKeys(address: string, secret: string, kind: "probe" | "account" = "probe"): RegistrationKeys | null {
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

/** Decides on one more registration given the counts already in the current window. */
export function decideRegistration(
  counts: { address: number; network: number },
  now: Date,
  limits: WindowLimits = REGISTRATION_LIMITS,
): RegistrationDecision {
  const retryAfterS = Math.ceil((windowStart(now, limits.windowMs).getTime() + limits.windowMs - now.getTime()) / 1000);
  if (counts.address >= limits.perAddress) {
    return { allowed: false, reason: `at most ${limits.perAddress} ${limits.what} from one address per day`, retryAfterS };
  }
  if (counts.network >= limits.perNetwork) {
    return { allowed: false, reason: `at most ${limits.perNetwork} ${limits.what} from one network (/24 or /48) per day`, retryAfterS };
  }
  return { allowed: true };
}
