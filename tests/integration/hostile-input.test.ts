// The hostile-input suite (issue 13), on both stores, through the real route handlers: what
// one enrolled probe or one anonymous reader could do to stop the server, forge provenance
// or get around a limit. Each case states the attack and checks that it is refused with a
// 4xx naming what is wrong, that nothing is stored, and that the server keeps working.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeCursor } from "../../lib/api/cursor";
import { resetReadLimitsForTests } from "../../lib/api/read-guard";
import { ACCOUNT_LIMITS } from "../../lib/volunteers/registration-limit";
import { renderMetrics } from "../../lib/metrics";
import { embedGet } from "../../app/embed/embed-handler";
import { parseView } from "../../lib/explorer/view";
import { loadViewData } from "../../lib/explorer/view-data";
import { shareLinks } from "../../lib/exports/share";
import { resetSnapshotLimitForTests, snapshotGuard } from "../../lib/exports/snapshot-limit";
import { pinnedPath } from "../../lib/exports/view-request";
import { dataVersion } from "../../lib/exports/view-export";
import { translator } from "../../lib/i18n";
import { stampPeer } from "../../lib/net/peer";
import { DetectionScheduler } from "../../lib/server/detection-scheduler";
import { setStoreForTests } from "../../lib/server/store";
import { runDetectionSince } from "../../lib/store/detection";
import { lockDataDir, lockText, StoreBusyError } from "../../lib/store/lock";
import type { Store } from "../../lib/store/open";
import { storeFactories, tempDir } from "../helpers/stores";
import { api, tableChecksums } from "../helpers/volunteer-api";
import { okRecord } from "../unit/fixtures/records";

const HOUR = 3_600_000;
const recent = (hoursAgo: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR - hoursAgo * HOUR).toISOString();

for (const factory of storeFactories()) {
  describe(`hostile input on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
    });
    afterAll(async () => {
      setStoreForTests(null);
      await dispose?.();
    });
    beforeEach(() => {
      resetReadLimitsForTests();
    });

    let n = 0;
    /** A volunteer with one enrolled probe in `network`, registered from its own /24. */
    async function enrolledProbe(network: { asn: number; region?: string } = { asn: 12389 }) {
      n++;
      const account = await api("POST", "/api/v1/probes/accounts", { body: {} });
      const body = { name: `probe ${n}`, country: "RU", region: network.region ?? "Moscow", asn: network.asn, asn_name: "Test net", network_type: "fixed" };
      const reg = await api("POST", "/api/v1/probes", { auth: account.body.key, body, from: `10.${n}.0.1` });
      expect(reg.status).toBe(201);
      const enrolled = await api("POST", "/api/v1/probes/enroll", { body: { token: reg.body.enrollment_token } });
      return { probeId: reg.body.probe_id as string, credential: enrolled.body.credential as string };
    }
    const upload = (credential: string, records: unknown[]) => api("POST", "/api/v1/measurements", { auth: credential, body: { records } });

    it("refuses far-future, far-past, unset-clock, year-0 and year-10000 records with 400 naming started_at, storing nothing", async () => {
      const p = await enrolledProbe();
      const before = await tableChecksums(store);
      for (const started_at of ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", new Date(Date.now() + 3_600_000).toISOString()]) {
        const res = await upload(p.credential, [okRecord("telegram", {}, { started_at: recent(1) }), okRecord("telegram", {}, { started_at })]);
        expect(res.status, started_at).toBe(400);
        expect(res.body.issues.map((i: { path: string }) => i.path), started_at).toEqual(["records.1.started_at"]);
      }
      expect(await tableChecksums(store)).toEqual(before);
      // The server stays healthy and detection still works over real data afterwards.
      expect((await api("GET", "/api/health")).status).toBe(200);
      const ok = await upload(p.credential, [okRecord("telegram", {}, { started_at: recent(2) })]);
      expect(ok.status).toBe(200);
      const run = await runDetectionSince(store, new Date(recent(2)));
      expect(run.rounds).toBeGreaterThan(0);
      expect(run.window.readFrom!.getTime()).toBeGreaterThan(Date.parse("2012-01-01"));
    });

    it("creates partitions only for the months records fall in, never for the span between them", async () => {
      const p = await enrolledProbe();
      const res = await upload(p.credential, [okRecord("max", {}, { started_at: "2013-05-10T00:00:00Z" }), okRecord("max", {}, { started_at: recent(3) })]);
      expect(res.status).toBe(200);
      const parts = await store.prisma.$queryRawUnsafe<{ name: string }[]>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'measurements'`,
      );
      const names = parts.map((r) => r.name);
      expect(names).toContain("measurements_2013m05");
      expect(names).not.toContain("measurements_2013m06");
      expect(names.filter((x) => x.startsWith("measurements_2014") || x.startsWith("measurements_2020"))).toEqual([]);
    });

    it("answers oversized and malformed reads with 400 stating the limit, within a second", async () => {
      const timedGet = async (path: string) => {
        const t0 = performance.now();
        const res = await api("GET", path);
        return { ...res, ms: performance.now() - t0 };
      };
      const centuries = await timedGet("/api/v1/aggregation?since=2000-01-01&until=2099-12-31&axis_x=measurement_start_day&axis_y=probe_asn&time_grain=day");
      expect(centuries.status).toBe(400);
      expect(centuries.body.issues[0]).toEqual({ in: "query", path: "time_grain", message: expect.stringMatching(/^at most 1000 time buckets per request; day buckets .* are 36524/) });
      expect(centuries.ms).toBeLessThan(1000);
      for (const [path, parameter] of [
        ["/api/v1/aggregation?since=0000-01-01", "since"],
        ["/api/v1/aggregation?until=9999-12-31", "until"],
        ["/api/v1/aggregation?probe_asn=4294967296", "probe_asn"],
        ["/api/v1/measurements?since=0001-01-01", "since"],
        ["/api/v1/measurements?cursor=" + encodeCursor({ startedAt: "0000-01-01T00:00:00Z", id: "------------------------------------" }), "cursor"],
        ["/api/v1/measurements?cursor=" + Buffer.from(JSON.stringify(["2026-01-01T00:00:00Z", "------------------------------------"])).toString("base64url"), "cursor"],
        ["/api/v1/measurements?cursor=%FF%FE", "cursor"],
        ["/api/v1/measurements?limit=1000000", "limit"],
        ["/api/v1/measurements/not-a-uuid", "id"],
        ["/api/v1/dumps/0000-01-01.jsonl.gz", "day"],
        ["/api/v1/events?since=10000-01-01", "since"],
      ] as const) {
        const res = await timedGet(path);
        expect(res.status, path).toBe(400);
        expect(res.body.issues.map((i: { path: string }) => i.path), path).toContain(parameter);
        expect(res.ms, path).toBeLessThan(1000);
      }
      // The largest 32-bit unsigned AS number is a valid question: it simply matches nothing.
      const asnMax = await api("GET", "/api/v1/aggregation?probe_asn=4294967295&axis_x=probe_cc");
      expect(asnMax.status).toBe(200);
      expect((await api("GET", "/api/v1/events?probe_asn=4294967295")).status).toBe(200);
      expect((await api("GET", "/api/v1/measurements?probe_asn=2147483648")).status).toBe(200);
    });

    it("refuses an answer of more entries than the cell limit, naming it", async () => {
      process.env.VANTAGE_READ_MAX_CELLS = "5";
      try {
        const res = await api("GET", `/api/v1/aggregation?since=${recent(24 * 20).slice(0, 10)}&until=${recent(0).slice(0, 10)}&axis_x=measurement_start_day&time_grain=day`);
        expect(res.status).toBe(400);
        expect(res.body.issues[0].message).toMatch(/^at most 5 entries per answer/);
      } finally {
        delete process.env.VANTAGE_READ_MAX_CELLS;
      }
    });

    it("rate-limits public reads per client address, never by a forwarded header", async () => {
      process.env.VANTAGE_READ_RATE_BURST = "3";
      process.env.VANTAGE_READ_RATE_PER_MINUTE = "1";
      resetReadLimitsForTests();
      try {
        const read = (from: string, forwarded: string) => api("GET", "/api/v1/events", { from, headers: { "x-forwarded-for": forwarded } });
        for (let i = 0; i < 3; i++) expect((await read("203.0.113.80", `198.51.100.${i}`)).status).toBe(200);
        const limited = await read("203.0.113.80", "198.51.100.99");
        expect(limited.status).toBe(429);
        expect(limited.body.error).toMatch(/^at most 3 requests at once and 1 a minute per client/);
        expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((await read("203.0.113.81", "203.0.113.80")).status).toBe(200);
      } finally {
        delete process.env.VANTAGE_READ_RATE_BURST;
        delete process.env.VANTAGE_READ_RATE_PER_MINUTE;
      }
    });

    it("counts a spoofed X-Forwarded-For as the socket address for account creation", async () => {
      const create = (i: number) => api("POST", "/api/v1/probes/accounts", { body: {}, from: "203.0.113.90", headers: { "x-forwarded-for": `100.64.${i >> 8}.${i & 255}` } });
      for (let i = 0; i < ACCOUNT_LIMITS.perAddress; i++) expect((await create(i)).status).toBe(201);
      const refused = await create(ACCOUNT_LIMITS.perAddress);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toBe(`at most ${ACCOUNT_LIMITS.perAddress} volunteer accounts may be created from one address per day`);
    });

    it("stores a probe's upload as source vantage whatever it claims", async () => {
      const p = await enrolledProbe();
      const forged = [okRecord("whatsapp", {}, { source: "ooni", started_at: recent(4) }), okRecord("whatsapp", {}, { source: "simulated", started_at: recent(4) })];
      expect((await upload(p.credential, forged)).status).toBe(200);
      const rows = await store.prisma.$queryRawUnsafe<{ source: string; claimed: string }[]>(
        "SELECT source, record->>'source' AS claimed FROM measurements WHERE id = ANY($1::uuid[])",
        forged.map((r) => r.id),
      );
      expect(rows).toEqual([{ source: "vantage", claimed: "vantage" }, { source: "vantage", claimed: "vantage" }]);
    });

    it("neutralises spreadsheet formulas a volunteer writes into a region", async () => {
      const p = await enrolledProbe({ asn: 64600, region: "=HYPERLINK(\"http://evil\")" });
      expect((await upload(p.credential, [okRecord("max", {}, { started_at: recent(5) })])).status).toBe(200);
      const csv = await api("GET", "/api/v1/aggregation?test_name=max&axis_x=region&format=CSV");
      expect(csv.status).toBe(200);
      expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(csv.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
    });

    it("withholds a small network's raw measurements from the API and dumps until it has three probes", async () => {
      const first = await enrolledProbe({ asn: 65010 });
      const rec = okRecord("telegram", {}, { started_at: recent(6) });
      expect((await upload(first.credential, [rec])).status).toBe(200);
      const day = rec.started_at.slice(0, 10);
      const listed = async () => (await api("GET", "/api/v1/measurements?probe_asn=65010")).body.results.map((r: { measurement_id: string }) => r.measurement_id);
      expect(await listed()).toEqual([]);
      expect((await api("GET", `/api/v1/measurements/${rec.id}`)).status).toBe(404);
      const dump = await api("GET", `/api/v1/dumps/${day}.jsonl.gz`);
      if (dump.status === 200) expect(gunzipSync(dump.body as Buffer).toString()).not.toContain(rec.id);
      else expect(dump.status).toBe(404);
      await enrolledProbe({ asn: 65010 });
      await enrolledProbe({ asn: 65010 });
      expect(await listed()).toEqual([rec.id]);
      expect((await api("GET", `/api/v1/measurements/${rec.id}`)).status).toBe(200);
      expect(gunzipSync((await api("GET", `/api/v1/dumps/${day}.jsonl.gz`)).body as Buffer).toString()).toContain(rec.id);
    });

    it("gives up a detection range that keeps failing, with an alert, and goes on with later ranges", async () => {
      const failing = new Date("2026-01-01T00:00:00Z").getTime();
      const seen: number[] = [];
      const scheduler = new DetectionScheduler(
        () => ({ intervalS: 0.001, historyHours: 48, maxAttempts: 3, error: null }),
        async (s, earliest, history) => {
          seen.push(earliest.getTime());
          if (earliest.getTime() <= failing) throw new Error("simulated failure of this range");
          return runDetectionSince(s, earliest, history);
        },
      );
      scheduler.note(store, new Date(failing));
      await scheduler.idle();
      const status = scheduler.snapshot();
      expect(status.failures).toBe(3);
      // From the failing range's start (or earlier: arrivals no run covered yet are taken in).
      expect(status.given_up).toEqual([{ from: expect.any(String), attempts: 3, error: "simulated failure of this range", at: expect.any(String) }]);
      expect(Date.parse(status.given_up[0].from)).toBeLessThanOrEqual(failing);
      expect(renderMetrics()).toMatch(/^vantage_detection_given_up_total [1-9]/m);
      scheduler.note(store, new Date(recent(2)));
      await scheduler.idle();
      expect(scheduler.snapshot().last_error).toBeNull();
      expect(seen.at(-1)).toBe(Date.parse(recent(2)));
    });

    it("bounds the chart snapshots one client's page views store, and the page and pinned embeds still answer", async () => {
      process.env.VANTAGE_SNAPSHOT_BURST = "2";
      process.env.VANTAGE_SNAPSHOT_PER_MINUTE = "1";
      resetSnapshotLimitForTests();
      try {
        const snapshots = async () => (await store.prisma.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM chart_snapshots"))[0].n;
        const client = (peer: string, forwarded?: string) => {
          const headers = new Headers(forwarded ? { "x-forwarded-for": forwarded } : {});
          stampPeer(headers, peer);
          return { headers };
        };
        const viewOf = (day: number) => {
          const parsed = parseView(["ru", "whatsapp"], new URLSearchParams({ from: `2026-01-${String(day).padStart(2, "0")}`, to: "2026-01-28", grain: "day" }));
          if (parsed.notFound) throw new Error(parsed.reason);
          return parsed.view;
        };
        // What the share panel does on a chart page: a pinned link to each new range viewed.
        const share = async (day: number, who: { headers: Headers }) => pinnedPath(store, await loadViewData(store, viewOf(day)), "", snapshotGuard(who));
        const before = await snapshots();
        const x = client("203.0.113.70");
        expect(await share(1, x)).toMatch(/\?.*v=[0-9a-f]{12}$/);
        expect(await share(2, x)).toMatch(/v=[0-9a-f]{12}$/);
        expect(await snapshots()).toBe(before + 2);
        // The third new range from the same address is not stored, whatever it forwards.
        expect(await share(3, client("203.0.113.70", "198.51.100.3"))).toBeNull();
        expect(await snapshots()).toBe(before + 2);
        // A range already pinned needs no write: its link is still offered.
        expect(await share(1, x)).toMatch(/v=[0-9a-f]{12}$/);
        // Another client has its own bound.
        expect(await share(3, client("203.0.113.71"))).toMatch(/v=[0-9a-f]{12}$/);
        expect(await snapshots()).toBe(before + 3);
        // The panel then offers no pinned code and says why, in the reader's language.
        const data = await loadViewData(store, viewOf(4));
        const links = shareLinks(data, { origin: "http://vantage.test", lang: "ru", permalink: "http://vantage.test/ru/whatsapp", pinnedPath: null, pinnedRefused: true, now: new Date() });
        expect(links.embedPinned).toBeNull();
        expect(links.pinnedNote).toBe(translator("ru")("kit.share.pinnedLater"));

        // A pinned embed of a version not stored yet: served from the current data, stored
        // only within the bound, never a 500.
        const version = dataVersion(await loadViewData(store, viewOf(5)));
        const embed = (who: { headers: Headers }) =>
          embedGet(new Request(`http://vantage.test/embed/ru/whatsapp?from=2026-01-05&to=2026-01-28&grain=day&v=${version}`, { headers: who.headers }), { cc: "ru", service: "whatsapp" });
        const refused = await embed(x);
        expect(refused.status).toBe(200);
        expect(refused.headers.get("x-data-version")).toBe(version);
        expect(await snapshots()).toBe(before + 3);
        const stored = await embed(client("203.0.113.72"));
        expect(stored.status).toBe(200);
        expect(await snapshots()).toBe(before + 4);
      } finally {
        delete process.env.VANTAGE_SNAPSHOT_BURST;
        delete process.env.VANTAGE_SNAPSHOT_PER_MINUTE;
        resetSnapshotLimitForTests();
      }
    });
  });
}

describe("the embedded store's lock", () => {
  it("is not fooled by a reused pid, and still refuses a live holder", async () => {
    const dir = tempDir("vantage-lock-");
    const file = path.join(dir, "vantage.lock");
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      await new Promise((r) => child.once("spawn", r));
      // The lock of a process that died, whose pid now belongs to an unrelated process
      // (the child): same pid, another start time. Stale: it is taken over.
      const [pid, started] = lockText(child.pid!).split(" ");
      fs.writeFileSync(file, `${pid} ${started.replace(/:(\d+)$/, (_, t) => `:${Number(t) - 100}`)}`);
      const release = lockDataDir(dir);
      release();
      // The child's own lock (right start time) is a live holder.
      fs.writeFileSync(file, lockText(child.pid!));
      expect(() => lockDataDir(dir)).toThrow(StoreBusyError);
    } finally {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
