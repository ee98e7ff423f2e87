import { describe, expect, it } from "vitest";
import { canonicalIp, cidrContains, inNetworks, isBogon, isIp, parseCidr, parseIp } from "../../lib/net/ip";

describe("parseIp", () => {
  it("parses IPv4 and refuses malformed or octal-looking text", () => {
    expect(parseIp("149.154.175.50")).toEqual({ family: 4, bytes: new Uint8Array([149, 154, 175, 50]) });
    for (const bad of ["256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "a.b.c.d", "", "1.2.3.-4"]) expect(parseIp(bad)).toBeNull();
  });

  it("parses IPv6 in full, compressed and dotted-tail forms", () => {
    expect(canonicalIp("2001:0db8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    expect(canonicalIp("::")).toBe("::");
    expect(canonicalIp("::1")).toBe("::1");
    expect(canonicalIp("2a03:2880:f12f:83:face:b00c:0:25de")).toBe("2a03:2880:f12f:83:face:b00c:0:25de");
    expect(canonicalIp("64:ff9b::192.0.2.33")).toBe("64:ff9b::c000:221");
    for (const bad of ["1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "gggg::", ":::"]) expect(parseIp(bad)).toBeNull();
  });

  it("folds IPv4-mapped IPv6 to IPv4", () => {
    expect(canonicalIp("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(canonicalIp("::ffff:a01:203")).toBe("10.1.2.3");
    expect(isIp("[2001:db8::1]")).toBe(true);
  });
});

describe("CIDR containment", () => {
  it("matches on the prefix bits only, across byte boundaries", () => {
    expect(cidrContains("149.154.160.0/20", "149.154.175.50")).toBe(true);
    expect(cidrContains("149.154.160.0/20", "149.154.176.1")).toBe(false);
    expect(cidrContains("100.64.0.0/10", "100.127.255.255")).toBe(true);
    expect(cidrContains("100.64.0.0/10", "100.128.0.0")).toBe(false);
    expect(cidrContains("0.0.0.0/0", "8.8.8.8")).toBe(true);
    expect(cidrContains("2a03:2880::/32", "2a03:2880:f12f::1")).toBe(true);
    expect(cidrContains("2a03:2880::/32", "2a03:2881::1")).toBe(false);
  });

  it("never matches across families, and treats mapped IPv4 as IPv4", () => {
    expect(cidrContains("10.0.0.0/8", "::a00:1")).toBe(false);
    expect(cidrContains("10.0.0.0/8", "::ffff:10.0.0.1")).toBe(true);
    expect(cidrContains("::ffff:10.0.0.0/104", "10.9.9.9")).toBe(true);
  });

  it("names the bad part of a malformed prefix", () => {
    expect(() => parseCidr("10.0.0.0")).toThrow(/missing "\/prefix"/);
    expect(() => parseCidr("10.0.0/8")).toThrow(/"10.0.0" is not an IP address/);
    expect(() => parseCidr("10.0.0.0/33")).toThrow(/prefix must be 0..32/);
    expect(() => parseCidr("::/129")).toThrow(/prefix must be 0..128/);
  });

  it("inNetworks checks a list and is false for non-addresses", () => {
    const nets = ["91.108.4.0/22", "2001:b28:f23d::/48"];
    expect(inNetworks("91.108.7.255", nets)).toBe(true);
    expect(inNetworks("2001:b28:f23d:f001::a", nets)).toBe(true);
    expect(inNetworks("91.108.8.0", nets)).toBe(false);
    expect(inNetworks("not-an-ip", nets)).toBe(false);
    expect(inNetworks("91.108.4.1", [])).toBe(false);
  });
});

describe("isBogon", () => {
  it("flags every listed range, both edges", () => {
    const bogons = [
      "0.0.0.0", "0.255.255.255", "127.0.0.1", "127.255.255.255", "10.0.0.0", "10.255.255.255",
      "172.16.0.0", "172.31.255.255", "192.168.0.1", "192.168.255.255", "100.64.0.0", "100.127.255.255",
      "169.254.0.1", "169.254.255.255", "::1", "::", "fc00::1", "fdff:ffff::1",
      "::ffff:127.0.0.1", "::ffff:192.168.1.1",
    ];
    for (const ip of bogons) expect(isBogon(ip), ip).toBe(true);
  });

  it("passes public addresses next to the ranges", () => {
    const publics = ["1.0.0.1", "11.0.0.0", "172.15.255.255", "172.32.0.0", "192.169.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255", "157.240.1.1", "::2", "fe00::1", "2a03:2880::1", "::ffff:8.8.8.8"];
    for (const ip of publics) expect(isBogon(ip), ip).toBe(false);
  });
});

describe("memoised answers", () => {
  it("stay correct when asked again and after the memo fills and is cleared", () => {
    const nets = [parseCidr("157.240.0.0/16")];
    for (let round = 0; round < 2; round++) {
      // 25,600 distinct addresses: more than the memo holds, so it is cleared mid-way.
      for (let a = 0; a < 100; a++) {
        for (let b = 0; b < 256; b++) {
          const ip = `157.${239 + (a % 2)}.${a}.${b}`;
          expect(inNetworks(ip, nets)).toBe(a % 2 === 1);
          expect(canonicalIp(ip)).toBe(ip);
        }
      }
      expect(isBogon("10.1.2.3")).toBe(true);
      expect(canonicalIp("::ffff:10.1.2.3")).toBe("10.1.2.3");
      expect(parseIp("not an address")).toBeNull();
    }
  });
});
