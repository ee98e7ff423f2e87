// The address map redirects connections (by host name or by literal address, optionally
// with a port) to other ip:port pairs: the censorship lab points the real target names
// and Telegram's data-centre addresses at its stand-ins this way. Records keep the real
// target address; only the socket goes elsewhere.
import { isIp } from "../lib/net/ip";

export interface Endpoint {
  host: string;
  port: number;
}

/** Parses "1.2.3.4:80", "[::1]:443", "name:443", "1.2.3.4" or "name" (port null). */
export function parseHostPort(text: string): { host: string; port: number | null } | null {
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(text);
  if (v6) return isIp(v6[1]) ? { host: v6[1], port: v6[2] ? Number(v6[2]) : null } : null;
  if (isIp(text)) return { host: text, port: null };
  const m = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text);
  if (!m) return null;
  const port = m[2] ? Number(m[2]) : null;
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { host: m[1].toLowerCase(), port };
}

function key(host: string, port: number | null): string {
  const h = host.includes(":") ? `[${host}]` : host.toLowerCase();
  return port === null ? h : `${h}:${port}`;
}

export class AddressMap {
  private readonly entries = new Map<string, { host: string; port: number | null }>();

  constructor(map: Record<string, string>) {
    for (const [from, to] of Object.entries(map)) {
      const src = parseHostPort(from);
      const dst = parseHostPort(to);
      if (!src || !dst || !isIp(dst.host)) throw new Error(`bad address map entry ${from} -> ${to}`);
      this.entries.set(key(src.host, src.port), dst);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Where to connect for a target address. The most specific entry wins: address and
   * port, address, name and port, name. Null when nothing maps it.
   */
  lookup(ip: string, port: number, hostName: string | null): Endpoint | null {
    const keys = [key(ip, port), key(ip, null)];
    if (hostName && hostName !== ip) keys.push(key(hostName, port), key(hostName, null));
    for (const k of keys) {
      const hit = this.entries.get(k);
      if (hit) return { host: hit.host, port: hit.port ?? port };
    }
    return null;
  }
}
