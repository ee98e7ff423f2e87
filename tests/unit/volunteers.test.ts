// Pure volunteer rules: secrets, the registration limit's networks and windows, the
// per-probe upload bucket, presence, the small-network privacy rule, storable text, the
// daemon's schedule and backoff, and its flags.
import { describe, expect, it } from "vitest";
import { ACCOUNT_CAPS, ACCOUNT_LIMITS, decideRegistration, networkOf, REGISTRATION_LIMITS, registrationKeys, windowStart, type WindowCounts } from "../../lib/volunteers/registration-limit";
import { ProbeRateLimiter } from "../../lib/volunteers/probe-rate";
import { isOffline, roundedToHour } from "../../lib/volunteers/presence";
import { countByNetwork, publicNetwork } from "../../lib/volunteers/privacy";
import { generateSecret, hashSecret, looksLikeSecret, secretsEqual } from "../../lib/volunteers/secrets";
import { mayHoldUnstorableText, unstorableText } from "../../lib/measurement/storable-text";
import { isMailAddress, offlineMail, offlineNotice } from "../../lib/volunteers/notice";
import { backoffMs, nextRoundAt } from "../../probes/daemon/schedule";
import { parseVolunteerArgs } from "../../probes/daemon/args";
import { installCommand, publicOrigin } from "../../app/api/v1/probes/_lib/install";

describe("secrets", () => {
  it("are 256-bit, prefixed by kind, and hashed to a stable digest", () => {
    const a = generateSecret("probeCredential");
    expect(a).toMatch(/^vpc_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(4), "base64url")).toHaveLength(32);
    expect(generateSecret("probeCredential")).not.toBe(a);
    expect(hashSecret(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(a)).toBe(hashSecret(a));
    expect(looksLikeSecret("probeCredential", a)).toBe(true);
    expect(looksLikeSecret("ownerKey", a)).toBe(false);
    expect(secretsEqual("abc", "abc")).toBe(true);
    expect(secretsEqual("abc", "abd")).toBe(false);
  });
});

describe("registration limit", () => {
  it("groups IPv4 by /24 and IPv6 by /48, IPv4-mapped IPv6 as IPv4", () => {
    expect(networkOf("198.51.100.7")).toBe("198.51.100.0/24");
    expect(networkOf("::ffff:198.51.100.9")).toBe("198.51.100.0/24");
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(networkOf("not an address")).toBeNull();
  });
  it("keys are keyed digests: same address same key, another secret another key, no address inside", () => {
    const k1 = registrationKeys("198.51.100.7", "s1")!;
    expect(registrationKeys("::ffff:198.51.100.7", "s1")).toEqual(k1);
    expect(registrationKeys("198.51.100.8", "s1")!.network).toBe(k1.network);
    expect(registrationKeys("198.51.100.8", "s1")!.address).not.toBe(k1.address);
    expect(registrationKeys("198.51.100.7", "s2")!.address).not.toBe(k1.address);
    expect(JSON.stringify(k1)).not.toContain("198.51");
  });
  it("lets a shared address through and bounds each account, saying why and when to retry", () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const account = { registered: 0, held: 0 };
    // Carrier-grade NAT: at least 20 volunteers a day behind one address, accounts and probes alike.
    expect(REGISTRATION_LIMITS.perAddress).toBeGreaterThanOrEqual(20);
    expect(ACCOUNT_LIMITS.perAddress).toBeGreaterThanOrEqual(20);
    expect(decideRegistration({ address: 20, network: 20, account }, now)).toEqual({ allowed: true });
    const cases: [WindowCounts, RegExp][] = [
      [{ address: REGISTRATION_LIMITS.perAddress, network: 0, account }, /at most 40 probes may be registered from one address per day/],
      [{ address: 0, network: REGISTRATION_LIMITS.perNetwork }, /from one network \(\/24 or \/48\) per day/],
      [{ address: 0, network: 0, account: { registered: ACCOUNT_CAPS.perWindow, held: 5 } }, /this account has registered 5 probes today/],
      [{ address: 0, network: 0, account: { registered: 0, held: ACCOUNT_CAPS.held } }, /already holds 25 probes/],
    ];
    for (const [counts, reason] of cases) {
      const d = decideRegistration(counts, now);
      expect(d).toMatchObject({ allowed: false, retryAfterS: 14 * 3600 });
      expect(d.allowed === false && d.reason).toMatch(reason);
    }
    expect(decideRegistration({ address: ACCOUNT_LIMITS.perAddress, network: 0 }, now, ACCOUNT_LIMITS)).toMatchObject({ allowed: false });
    expect(windowStart(now).toISOString()).toBe("2026-11-28T00:00:00.000Z");
  });
});

describe("per-probe upload rate", () => {
  it("allows a burst, then the refill rate, per probe", () => {
    const limiter = new ProbeRateLimiter({ burst: 3, perMinute: 6 });
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("p", t).ok)).toEqual([true, true, true]);
    expect(limiter.take("p", t)).toEqual({ ok: false, retryAfterS: 10 });
    expect(limiter.take("other", t).ok).toBe(true);
    expect(limiter.take("p", t + 10_000).ok).toBe(true);
    expect(limiter.take("p", t + 10_000).ok).toBe(false);
  });
});

describe("presence and privacy", () => {
  it("is offline after three silent intervals; last seen is rounded down to the hour", () => {
    const now = new Date("2026-11-28T12:00:00Z");
    expect(isOffline(new Date("2026-11-28T11:31:00Z"), 600, now)).toBe(false);
    expect(isOffline(new Date("2026-11-28T11:29:59Z"), 600, now)).toBe(true);
    expect(isOffline(null, 600, now)).toBe(true);
    expect(roundedToHour(new Date("2026-11-28T11:59:59.999Z"))?.toISOString()).toBe("2026-11-28T11:00:00.000Z");
  });
  it("names a network only when it hosts at least three probes", () => {
    const fleet = [
      { country: "RU", asn: 1, asn_name: "A" },
      { country: "RU", asn: 1, asn_name: "A" },
      { country: "RU", asn: 1, asn_name: "A" },
      { country: "RU", asn: 2, asn_name: "B" },
      { country: "KZ", asn: 1, asn_name: "A" },
    ];
    const counts = countByNetwork(fleet);
    expect(publicNetwork(fleet[0], counts)).toEqual({ country: "RU", asn: 1, asn_name: "A" });
    expect(publicNetwork(fleet[3], counts)).toEqual({ country: "RU", asn: null, asn_name: null });
    expect(publicNetwork(fleet[4], counts)).toEqual({ country: "KZ", asn: null, asn_name: null });
  });
  it("an offline notice names the probe and the hour, never more", () => {
    const n = offlineNotice({ probeId: "prb_1", probeName: "Pi", ownerContact: null, lastSeenAt: new Date("2026-11-28T11:47:13Z") });
    expect(n).toMatchObject({ kind: "probe_offline", probe_id: "prb_1", last_seen_hour: "2026-11-28T11:00:00.000Z", contact: null });
    expect(n.text).not.toContain("11:47");
  });
  it("an offline notice is mailed only to e-mail contacts, with a one-line subject", () => {
    expect(isMailAddress("volunteer@example.org")).toBe(true);
    for (const c of [null, "https://hooks.example.org/x", "no at sign", "a@b@c", "user@[192.0.2.1]", "a b@example.org"]) expect(isMailAddress(c)).toBe(false);
    const n = offlineNotice({ probeId: "prb 1", probeName: "Pi\r\nBcc: x@example.org", ownerContact: "v@example.org", lastSeenAt: null });
    const mail = offlineMail(n, "v@example.org", "https://vantage.example/");
    expect(mail.subject).toBe('Vantage: your probe "Pi Bcc: x@example.org" is offline');
    expect(mail.text).toContain("Its page: https://vantage.example/probes/prb%201");
    expect(offlineMail(n, "v@example.org", null).text).not.toContain("Its page");
  });
  it("the install command names the origin the volunteer reached, not the server's own idea of it", () => {
    const saved = process.env.VANTAGE_PUBLIC_URL;
    delete process.env.VANTAGE_PUBLIC_URL;
    try {
      // next start builds request.url on localhost; the Host the client used is in X-Forwarded-Host.
      const behind = (headers: Record<string, string>) => publicOrigin(new Request("http://localhost:3000/api/v1/probes", { headers }));
      expect(behind({ "x-forwarded-host": "vantage.example.org", "x-forwarded-proto": "https" })).toBe("https://vantage.example.org");
      expect(behind({ "x-forwarded-host": "127.0.0.1:8080, proxy.internal", "x-forwarded-proto": "http" })).toBe("http://127.0.0.1:8080");
      expect(behind({ "x-forwarded-host": "[::1]:3000" })).toBe("http://[::1]:3000");
      expect(behind({ "x-forwarded-host": "evil.example/'; rm -rf ~" })).toBe("http://localhost:3000");
      expect(behind({ "x-forwarded-host": "vantage.example.org", "x-forwarded-proto": "gopher" })).toBe("http://localhost:3000");
      // In production a request's Host never reaches the command: the listening address does.
      const env = { NODE_ENV: process.env.NODE_ENV, HOST: process.env.HOST, PORT: process.env.PORT };
      Object.assign(process.env, { NODE_ENV: "production", HOST: "0.0.0.0", PORT: "8080" });
      try {
        expect(behind({ "x-forwarded-host": "evil.example", host: "evil.example" })).toBe("http://localhost:8080");
      } finally {
        for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
      }
      process.env.VANTAGE_PUBLIC_URL = "https://vantage.example.net/";
      expect(behind({ "x-forwarded-host": "other.example" })).toBe("https://vantage.example.net");
      const sha = "ab".repeat(32);
      const command = installCommand("https://o.example/it's", "vet_x", sha);
      expect(command).toContain(`--server 'https://o.example/it'\\''s'`);
      expect(command).toContain(`'https://o.example/it'\\''s/api/v1/probes/bundle?sha256=${sha}'`);
      expect(command).toContain(`echo "${sha}  $HOME/vantage-probe.tar.gz" | sha256sum -c -`);
      expect(() => installCommand("https://o.example", "vet_x", "not-a-hash; rm -rf ~")).toThrow(/not a SHA-256/);
    } finally {
      if (saved === undefined) delete process.env.VANTAGE_PUBLIC_URL;
      else process.env.VANTAGE_PUBLIC_URL = saved;
    }
  });
});

describe("storable text", () => {
  it("names strings and keys PostgreSQL cannot hold", () => {
    expect(unstorableText({ a: ["ok", "x\u0000y"], ["k\ud800"]: 1, b: "😀 \u202e fine" }, ["records"])).toEqual([
      { path: "records.a.1", message: expect.stringMatching(/NUL/) },
      { path: "records.k\ud800", message: expect.stringMatching(/^key: .*surrogate/) },
    ]);
    expect(unstorableText([{ s: "\udc00" }])[0].path).toBe("0.s");
  });

  it("is pre-screened on the serialised record without missing anything", () => {
    // JSON.stringify escapes exactly the unstorable characters; paired surrogates stay raw.
    for (const bad of ["x\u0000y", "\ud800", "a\udfffb", "\udbff\u0000"]) expect(mayHoldUnstorableText(JSON.stringify({ s: bad }))).toBe(true);
    for (const fine of ["😀", "plain", "\u202e", "\\u0001"]) expect(mayHoldUnstorableText(JSON.stringify({ s: fine }))).toBe(false);
    // A literal backslash-u0000 is a false alarm that the exact walk then clears.
    expect(mayHoldUnstorableText(JSON.stringify({ s: "\\u0000" }))).toBe(true);
    expect(unstorableText({ s: "\\u0000" })).toEqual([]);
  });
});

describe("daemon schedule and flags", () => {
  it("jitters rounds within ±jitter of the interval and backs off exponentially to a cap", () => {
    expect(nextRoundAt(0, 600, 0.1, 0)).toBe(540_000);
    expect(nextRoundAt(0, 600, 0.1, 0.5)).toBe(600_000);
    expect(nextRoundAt(0, 600, 0.1, 0.999999)).toBeLessThan(660_000);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30, 1)).toBe(300_000);
    expect(backoffMs(3, 0)).toBe(2000);
  });
  it("parses flags and names the bad one", () => {
    const ok = parseVolunteerArgs(["daemon", "--state-dir", "/s", "--interval", "5", "--ids-log", "/l"]);
    expect(ok).toMatchObject({ ok: true, options: { command: "daemon", stateDir: "/s", intervalS: 5, idsLog: "/l", batchRecords: 200 } });
    expect(parseVolunteerArgs(["daemon", "--interval", "0"])).toEqual({ ok: false, error: `--interval: expected a positive whole number, got "0"` });
    expect(parseVolunteerArgs(["enroll", "--token", "t"])).toEqual({ ok: false, error: "enroll: --server URL is required" });
    expect(parseVolunteerArgs(["enroll", "--server", "ftp://x", "--token", "t"])).toMatchObject({ ok: false });
    expect(parseVolunteerArgs(["status", "--config", "x"])).toEqual({ ok: false, error: `status: unknown flag "--config"` });
  });
});
