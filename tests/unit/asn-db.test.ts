// IP-to-ASN lookups through mmdb-lib against MMDB files written by tests/helpers/mmdb-writer.ts
// (every record size, IPv4, IPv6, IPv4-mapped IPv6, the common field layouts), the flags an
// upload gets, and the errors a missing or damaged file gives.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { networkFlags, openAsnDatabase } from "../../lib/net/asn-db";
import { writeMmdb, type MmdbNetwork } from "../helpers/mmdb-writer";

const dir = mkdtempSync(path.join(tmpdir(), "vantage-mmdb-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer | string): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** A combined ASN + country layout, as in GeoLite2's two databases merged. */
const geo = (asn: number, cc: string) => ({
  autonomous_system_number: asn,
  autonomous_system_organization: `Network ${asn}`,
  country: { iso_code: cc, names: { en: cc } },
});

const NETWORKS: MmdbNetwork[] = [
  { cidr: "10.0.0.0/8", data: geo(64500, "DE") }, // broader first: the /16 below splits it
  { cidr: "10.1.0.0/16", data: geo(12389, "RU") },
  { cidr: "203.0.113.7/32", data: geo(8402, "RU") },
  { cidr: "2001:db8::/32", data: geo(31213, "RU") },
  { cidr: "2001:db8:ff::/48", data: geo(3320, "DE") },
];

describe("MMDB lookups", () => {
  for (const recordSize of [24, 28, 32] as const) {
    it(`finds IPv4, IPv6 and IPv4-mapped addresses with ${recordSize}-bit records`, () => {
      const db = openAsnDatabase(file(`geo-${recordSize}.mmdb`, writeMmdb(NETWORKS, { recordSize })));
      expect(db.lookup("10.1.2.3")).toEqual({ asn: 12389, country: "RU" });
      expect(db.lookup("10.200.0.1")).toEqual({ asn: 64500, country: "DE" });
      expect(db.lookup("10.0.255.255")).toEqual({ asn: 64500, country: "DE" });
      expect(db.lookup("203.0.113.7")).toEqual({ asn: 8402, country: "RU" });
      expect(db.lookup("203.0.113.8")).toBeNull();
      expect(db.lookup("2001:db8:1::5")).toEqual({ asn: 31213, country: "RU" });
      expect(db.lookup("2001:DB8:FF::1")).toEqual({ asn: 3320, country: "DE" });
      expect(db.lookup("2001:db9::1")).toBeNull();
      // What a dual-stack socket reports for an IPv4 peer, in both spellings.
      expect(db.lookup("::ffff:10.1.2.3")).toEqual({ asn: 12389, country: "RU" });
      expect(db.lookup("::ffff:a01:203")).toEqual({ asn: 12389, country: "RU" });
      expect(db.lookup("not an address")).toBeNull();
      expect(db.lookup("")).toBeNull();
    });
  }

  it("reads the ASN database, the country database and IPinfo's lite layout", () => {
    const asnOnly = openAsnDatabase(
      file("asn.mmdb", writeMmdb([{ cidr: "198.51.100.0/24", data: { autonomous_system_number: 12389, autonomous_system_organization: "Rostelecom" } }], { databaseType: "GeoLite2-ASN" })),
    );
    expect(asnOnly.databaseType).toBe("GeoLite2-ASN");
    expect(asnOnly.lookup("198.51.100.9")).toEqual({ asn: 12389, country: null });

    const countryOnly = openAsnDatabase(
      file("country.mmdb", writeMmdb([{ cidr: "198.51.100.0/24", data: { registered_country: { iso_code: "ru", geoname_id: 2017370 } } }], { databaseType: "GeoLite2-Country" })),
    );
    expect(countryOnly.lookup("198.51.100.9")).toEqual({ asn: null, country: "RU" });

    const ipinfo = openAsnDatabase(
      file("ipinfo.mmdb", writeMmdb([{ cidr: "2a02:6b8::/32", data: { asn: "AS13238", as_name: "YANDEX LLC", country_code: "RU", continent_code: "EU" } }])),
    );
    expect(ipinfo.lookup("2a02:6b8::feed")).toEqual({ asn: 13238, country: "RU" });

    const v4only = openAsnDatabase(file("v4.mmdb", writeMmdb([{ cidr: "192.0.2.0/24", data: geo(64496, "NL") }], { ipVersion: 4 })));
    expect(v4only.lookup("192.0.2.1")).toEqual({ asn: 64496, country: "NL" });
    expect(v4only.lookup("::ffff:192.0.2.1")).toEqual({ asn: 64496, country: "NL" });
    expect(v4only.lookup("2001:db8::1")).toBeNull();
  });

  it("names the path when the file is missing, empty or damaged", () => {
    const missing = path.join(dir, "nope.mmdb");
    expect(() => openAsnDatabase(missing)).toThrow(`VANTAGE_MMDB_PATH=${missing}: cannot read the file (ENOENT)`);
    const empty = file("empty.mmdb", "");
    expect(() => openAsnDatabase(empty)).toThrow(`VANTAGE_MMDB_PATH=${empty}: not a readable MaxMind DB file`);
    const text = file("text.mmdb", "this is not a database\n".repeat(100));
    expect(() => openAsnDatabase(text)).toThrow(`VANTAGE_MMDB_PATH=${text}: not a readable MaxMind DB file`);
    const good = writeMmdb(NETWORKS);
    // Cut short (the metadata at the end is gone), and the tree cut out from under the metadata.
    const truncated = file("truncated.mmdb", good.subarray(0, Math.floor(good.length / 2)));
    expect(() => openAsnDatabase(truncated)).toThrow(`VANTAGE_MMDB_PATH=${truncated}: not a readable MaxMind DB file`);
    const marker = good.lastIndexOf(Buffer.from("abcdef4d61784d696e642e636f6d", "hex"));
    const headless = file("headless.mmdb", good.subarray(marker - 40));
    expect(() => openAsnDatabase(headless)).toThrow(`VANTAGE_MMDB_PATH=${headless}: not a readable MaxMind DB file`);
    expect(() => openAsnDatabase(dir)).toThrow(`VANTAGE_MMDB_PATH=${dir}: cannot read the file (EISDIR)`);
  });
});

describe("network flags", () => {
  const probe = { asn: 12389, country: "RU" };
  it("flags what differs and only what the database holds", () => {
    expect(networkFlags(probe, { asn: 12389, country: "RU" })).toEqual([]);
    expect(networkFlags({ asn: 12389, country: "ru" }, { asn: 12389, country: "RU" })).toEqual([]);
    expect(networkFlags(probe, { asn: 3320, country: "RU" })).toEqual(["asn_mismatch"]);
    expect(networkFlags(probe, { asn: 3320, country: "DE" })).toEqual(["asn_mismatch", "country_mismatch"]);
    expect(networkFlags(probe, { asn: null, country: "DE" })).toEqual(["country_mismatch"]);
    expect(networkFlags(probe, { asn: 12389, country: null })).toEqual([]);
    expect(networkFlags(probe, null)).toEqual(["asn_unknown"]);
  });
});
