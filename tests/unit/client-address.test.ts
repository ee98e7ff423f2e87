// The one client-address rule: the socket peer unless it is a trusted proxy; the peer stamp
// that carries it from Vantage's HTTP server to route handlers; security headers.
import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "../../lib/net/client-address";
import { PEER_HEADER, PEER_PROOF_HEADER, peerAddress, requestClientAddress, stampPeer } from "../../lib/net/peer";
import { contentSecurityPolicy, isEmbeddable, securityHeaders } from "../../lib/security/headers";

describe("client address", () => {
  const trusted = parseTrustedProxies("10.0.0.0/8, 192.0.2.1 ::1");

  it("is the socket peer when the peer is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", [])).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", "1.2.3.4, 10.0.0.1", trusted)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", null, trusted)).toBe("203.0.113.9");
    expect(clientAddress(null, "1.2.3.4", trusted)).toBeNull();
  });

  it("behind trusted proxies, is the first untrusted hop from the right", () => {
    expect(clientAddress("10.1.2.3", "198.51.100.4", trusted)).toBe("198.51.100.4");
    // A client-written first entry is skipped: only hops appended by trusted proxies count.
    expect(clientAddress("10.1.2.3", "6.6.6.6, 198.51.100.4, 10.9.9.9", trusted)).toBe("198.51.100.4");
    expect(clientAddress("::1", "2001:db8::5", trusted)).toBe("2001:db8::5");
    // A trusted proxy that forwarded nothing, or garbage: the last address it vouched for.
    expect(clientAddress("192.0.2.1", null, trusted)).toBe("192.0.2.1");
    expect(clientAddress("192.0.2.1", "nonsense", trusted)).toBe("192.0.2.1");
    expect(clientAddress("10.1.2.3", "nonsense, 198.51.100.4", trusted)).toBe("198.51.100.4");
  });

  it("refuses a malformed VANTAGE_TRUSTED_PROXIES naming the entry", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8, proxy.local")).toThrow(/VANTAGE_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR/);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/VANTAGE_TRUSTED_PROXIES: invalid CIDR "10.0.0.0\/33"/);
    expect(parseTrustedProxies("")).toEqual([]);
  });
});

describe("peer stamp", () => {
  it("believes only a stamp written in this process, never a client's header", () => {
    const forged = new Request("http://x/", { headers: { [PEER_HEADER]: "1.2.3.4", [PEER_PROOF_HEADER]: "guess", "x-forwarded-for": "5.6.7.8" } });
    expect(peerAddress(forged)).toBeNull();
    expect(requestClientAddress(forged)).toBeNull();
    const headers = new Headers(forged.headers);
    stampPeer(headers, "203.0.113.7");
    const stamped = new Request("http://x/", { headers });
    expect(peerAddress(stamped)).toBe("203.0.113.7");
    expect(requestClientAddress(stamped)).toBe("203.0.113.7");
  });
});

describe("security headers", () => {
  it("forbids framing except for embeds and chart images", () => {
    expect(["/embed/whatsapp", "/embed", "/api/v1/events/chart.png", "/x/chart.svg"].every(isEmbeddable)).toBe(true);
    expect(["/", "/probes/new", "/embedded", "/api/v1/chart.pngx", "/chart.png/x"].some(isEmbeddable)).toBe(false);
    expect(contentSecurityPolicy("/")).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy("/embed/x")).toContain("frame-ancestors *");
    expect(securityHeaders("/")).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "strict-origin-when-cross-origin" });
    expect(securityHeaders("/embed/x")["x-frame-options"]).toBeUndefined();
    expect(contentSecurityPolicy("/")).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("/", true)).toContain("unsafe-eval");
  });
});
