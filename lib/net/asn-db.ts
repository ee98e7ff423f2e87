// IP-to-ASN and country from an MMDB file (MaxMind's format: GeoLite2-ASN, GeoLite2-Country,
// or a combined database such as DB-IP's or IPinfo's "lite" ones), read with mmdb-lib.
// Server-only. The address given to `lookup` is used for that lookup and nothing else.
import { readFileSync } from "node:fs";
import { Reader } from "mmdb-lib";
import { formatIp, parseIp } from "./ip";

/** What a database says of an address's network; a field the database does not hold is null. */
export interface NetworkInfo {
  asn: number | null;
  country: string | null;
}

export interface AsnDatabase {
  path: string;
  databaseType: string;
  /** The network of `address`; null when the address is not in the database (or is not an address). */
  lookup(address: string): NetworkInfo | null;
}

/** Opens and checks an MMDB file; every failure is an Error naming the path. */
export function openAsnDatabase(path: string): AsnDatabase {
  const fail = (why: string) => new Error(`VANTAGE_MMDB_PATH=${path}: ${why}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw fail(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let reader: Reader<never>;
  try {
    reader = new Reader<never>(bytes);
    const m = reader.metadata;
    if (m.binaryFormatMajorVersion !== 2) throw new Error(`format version ${m.binaryFormatMajorVersion}, not 2`);
    if (m.ipVersion !== 4 && m.ipVersion !== 6) throw new Error(`ip_version ${m.ipVersion}`);
    if (!Number.isInteger(m.nodeCount) || m.nodeCount < 1 || m.searchTreeSize + 16 > bytes.length) {
      throw new Error(`a search tree of ${m.nodeCount} nodes does not fit in ${bytes.length} bytes`);
    }
    // A truncated or damaged tree shows on the first walk, not at open: walk it now.
    reader.get("0.0.0.0");
    if (reader.metadata.ipVersion === 6) reader.get("::");
  } catch (error) {
    throw fail(`not a readable MaxMind DB file (${(error as Error).message})`);
  }
  const { ipVersion, databaseType } = reader.metadata;
  return {
    path,
    databaseType: String(databaseType),
    lookup(address) {
      // IPv4-mapped IPv6 (::ffff:a.b.c.d, as a dual-stack socket reports IPv4 peers) is
      // looked up as the IPv4 address it is.
      const ip = parseIp(address);
      if (!ip || (ip.family === 6 && ipVersion === 4)) return null;
      let record: unknown;
      try {
        record = reader.get(formatIp(ip));
      } catch {
        return null; // a damaged branch of the tree: the network is unknown
      }
      if (!record || typeof record !== "object") return null;
      const info = networkInfo(record as Record<string, unknown>);
      return info.asn === null && info.country === null ? null : info;
    },
  };
}

/**
 * The fields of the common layouts: MaxMind's `autonomous_system_number` and
 * `country.iso_code` (falling back to `registered_country`), IPinfo lite's `asn` ("AS13335")
 * and `country_code`.
 */
function networkInfo(r: Record<string, unknown>): NetworkInfo {
  const asnField = r.autonomous_system_number ?? r.asn;
  let asn: number | null = null;
  if (typeof asnField === "number" && Number.isInteger(asnField)) asn = asnField;
  else if (typeof asnField === "string" && /^(AS)?\d{1,10}$/i.test(asnField)) asn = Number(asnField.replace(/^AS/i, ""));
  const iso = (o: unknown) => (o && typeof o === "object" ? (o as { iso_code?: unknown }).iso_code : undefined);
  const ccField = iso(r.country) ?? iso(r.registered_country) ?? r.country_code;
  const country = typeof ccField === "string" && /^[A-Za-z]{2}$/.test(ccField) ? ccField.toUpperCase() : null;
  return { asn, country };
}

/**
 * Flags for a batch whose connecting address the database placed in `derived` while the
 * probe is registered in `registered`: `asn_mismatch`, `country_mismatch`, or `asn_unknown`
 * when the address is not in the database at all. A field the database does not hold
 * (no ASN in a country database) is not compared.
 */
export function networkFlags(registered: { asn: number; country: string }, derived: NetworkInfo | null): string[] {
  if (!derived) return ["asn_unknown"];
  const flags: string[] = [];
  if (derived.asn !== null && derived.asn !== registered.asn) flags.push("asn_mismatch");
  if (derived.country !== null && derived.country !== registered.country.toUpperCase()) flags.push("country_mismatch");
  return flags;
}
