// Pure IP address helpers: parsing, CIDR containment, bogon checks. Addresses are kept as
// byte arrays so IPv4 and IPv6 share one containment routine; IPv4-mapped IPv6 addresses
// (::ffff:a.b.c.d) are folded to IPv4, because a resolver can hide a bogon behind them.

export interface ParsedIp {
  family: 4 | 6;
  bytes: Uint8Array;
}

export interface Cidr {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

function parseIpv4(text: string): Uint8Array | null {
  // Hand-rolled: this runs for every address of every record the server scores.
  const out = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // a virtual "." ends the last part
    if (c === 46) {
      if (digits === 0 || part > 3) return null;
      out[part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      // Decimal only, no leading zeros: "010" is octal to some parsers, so refuse it.
      if (digits === 1 && value === 0) return null;
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return null;
    } else {
      return null;
    }
  }
  return part === 4 ? out : null;
}

function parseIpv6(text: string): Uint8Array | null {
  // Zone ids (fe80::1%eth0) name a local interface; they never appear in answers we score.
  if (text.includes("%")) return null;
  let head = text;
  let v4tail: Uint8Array | null = null;
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.slice(lastColon + 1).includes(".")) {
    v4tail = parseIpv4(text.slice(lastColon + 1));
    if (!v4tail) return null;
    head = text.slice(0, lastColon + 1) + "0:0"; // placeholder groups, replaced below
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const toGroups = (s: string): number[] | null => {
    if (s === "") return [];
    const groups = s.split(":");
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = toGroups(halves[0]);
  const right = halves.length === 2 ? toGroups(halves[1]) : [];
  if (!left || !right) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - left.length - right.length;
    if (missing < 1) return null;
    groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  } else {
    groups = left;
  }
  if (groups.length !== 8) return null;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (v4tail) out.set(v4tail, 12);
  return out;
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * Results per address text. Scoring asks about the same few hundred service addresses for
 * every target of every record, so ingestion spent a third of its scoring time re-parsing
 * them. Bounded: cleared when full, so hostile input cannot grow it.
 */
class TextMemo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit = 20_000) {}
  get(key: string, compute: (key: string) => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined || this.map.has(key)) return hit as V;
    const value = compute(key);
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}

const parsedMemo = new TextMemo<ParsedIp | null>();

/**
 * Parses an IPv4 or IPv6 literal; IPv4-mapped IPv6 comes back as IPv4. Null if not an
 * address. The result is shared between callers (memoised): treat it as read-only.
 */
export function parseIp(text: string): ParsedIp | null {
  return parsedMemo.get(text, parseIpText);
}

function parseIpText(text: string): ParsedIp | null {
  const s = text.trim();
  if (s.includes(":")) {
    const bytes = parseIpv6(s.startsWith("[") && s.endsWith("]") ? s.slice(1, -1) : s);
    if (!bytes) return null;
    if (V4_MAPPED_PREFIX.every((b, i) => bytes[i] === b)) return { family: 4, bytes: bytes.slice(12) };
    return { family: 6, bytes };
  }
  const bytes = parseIpv4(s);
  return bytes ? { family: 4, bytes } : null;
}

export function isIp(text: string): boolean {
  return parseIp(text) !== null;
}

/** Canonical text form (IPv6 compressed per RFC 5952), for comparing answers. */
export function formatIp(ip: ParsedIp): string {
  if (ip.family === 4) return `${ip.bytes[0]}.${ip.bytes[1]}.${ip.bytes[2]}.${ip.bytes[3]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i] << 8) | ip.bytes[i + 1]);
  // Longest run of zero groups (length >= 2) becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** Canonical form of an address literal, or null when it is not one. */
export function canonicalIp(text: string): string | null {
  return canonicalMemo.get(text, (t) => {
    const ip = parseIp(t);
    return ip ? formatIp(ip) : null;
  });
}

const canonicalMemo = new TextMemo<string | null>();

/** Parses "a.b.c.d/n" or "x::/n"; throws with the offending text when malformed. */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf("/");
  if (slash < 0) throw new Error(`invalid CIDR "${text}": missing "/prefix"`);
  const ip = parseIp(text.slice(0, slash));
  if (!ip) throw new Error(`invalid CIDR "${text}": "${text.slice(0, slash)}" is not an IP address`);
  const prefixText = text.slice(slash + 1);
  const max = text.slice(0, slash).includes(":") ? 128 : 32;
  if (!/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    throw new Error(`invalid CIDR "${text}": prefix must be 0..${max}`);
  }
  // A mapped-IPv4 network (::ffff:0:0/96 and longer) is folded to IPv4 like its addresses.
  let prefix = Number(prefixText);
  if (ip.family === 4 && text.includes(":")) {
    if (prefix < 96) throw new Error(`invalid CIDR "${text}": IPv4-mapped prefix shorter than /96`);
    prefix -= 96;
  }
  return { family: ip.family, bytes: ip.bytes, prefix };
}

function contains(net: Cidr, ip: ParsedIp): boolean {
  if (net.family !== ip.family) return false;
  const full = net.prefix >> 3;
  for (let i = 0; i < full; i++) if (net.bytes[i] !== ip.bytes[i]) return false;
  const rest = net.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (net.bytes[full] & mask) === (ip.bytes[full] & mask);
}

/** True when `ip` lies inside `cidr`. False (not an error) for an unparsable address. */
export function cidrContains(cidr: string | Cidr, ip: string): boolean {
  const net = typeof cidr === "string" ? parseCidr(cidr) : cidr;
  const parsed = parseIp(ip);
  return parsed !== null && contains(net, parsed);
}

/** True when `ip` lies inside any of the prefixes. */
export function inNetworks(ip: string, prefixes: readonly (string | Cidr)[]): boolean {
  let memo = networkMemos.get(prefixes);
  if (!memo) {
    memo = new TextMemo<boolean>();
    networkMemos.set(prefixes, memo);
  }
  return memo.get(ip, (text) => {
    const parsed = parseIp(text);
    if (!parsed) return false;
    return prefixes.some((p) => contains(typeof p === "string" ? parseCidr(p) : p, parsed));
  });
}

/** Membership answers per prefix list (lists are long-lived: a service's networks, the bogons). */
const networkMemos = new WeakMap<readonly (string | Cidr)[], TextMemo<boolean>>();

/**
 * Addresses a resolver must never give for a public service: the design brief's list plus
 * the unspecified addresses (0.0.0.0 is already in 0/8; "::" is added), which injectors use too.
 */
export const BOGON_PREFIXES: readonly Cidr[] = [
  "0.0.0.0/8",
  "127.0.0.0/8",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "169.254.0.0/16",
  "::/128",
  "::1/128",
  "fc00::/7",
].map(parseCidr);

/** True for a bogon address. An unparsable string is not a bogon (the schema rejects it earlier). */
export function isBogon(ip: string): boolean {
  return inNetworks(ip, BOGON_PREFIXES);
}
