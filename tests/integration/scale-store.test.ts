// The shared state several instances rely on, on real stores: the upload rate limit kept in
// the store decides exactly as the in-process token bucket (lib/volunteers/probe-rate.ts)
// and holds under concurrent uploads through separate connection pools (two instances);
// the detection lease (PostgreSQL only) is held by exactly one campaigner, reported by
// pg_locks, and taken over when the holder's session dies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { DetectionLease, detectionLeaseHolder } from "../../lib/server/detection-lease";
import { awaitingDetectionSince } from "../../lib/server/leased-detection";
import { detectionAllowedHere, setLeaseState } from "../../lib/scale/lease-state";
import { markDetectionCovered } from "../../lib/store/detection";
import { ingestMeasurements } from "../../lib/store/ingest";
import { openStore, type Store } from "../../lib/store/open";
import { takeUploadToken } from "../../lib/store/upload-rate";
import { ProbeRateLimiter, type RateLimit } from "../../lib/volunteers/probe-rate";
import { storeFactories } from "../helpers/stores";
import { okRecord } from "../unit/fixtures/records";
import { mulberry32 } from "../../lib/random";

async function eventually(what: string, timeoutMs: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

for (const factory of storeFactories()) {
  describe(`shared upload rate on ${factory.name}`, () => {
    let store: Store;
    let url: string | undefined;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose, url } = await factory.create());
    });
    afterAll(() => dispose?.());

    it("decides every take as the in-process token bucket does", async () => {
      const limit: RateLimit = { burst: 3, perMinute: 6 };
      const reference = new ProbeRateLimiter(limit);
      const random = mulberry32(18);
      let now = Date.UTC(2026, 11, 1);
      const decisions: [unknown, unknown][] = [];
      for (let i = 0; i < 120; i++) {
        const probe = `prb_${Math.floor(random() * 3)}`;
        now += Math.floor(random() * 3_000); // 0-3 s apart: a refill now and then, often none
        decisions.push([await takeUploadToken(store, probe, limit, new Date(now)), reference.take(probe, now)]);
      }
      for (const [shared, local] of decisions) expect(shared).toEqual(local);
      expect(decisions.filter(([d]) => !(d as { ok: boolean }).ok).length).toBeGreaterThan(10);
    });

    it.skipIf(factory.name !== "postgres")("grants exactly the burst to concurrent uploads through two pools", async () => {
      const other = await openStore({ databaseUrl: url!, migrate: false });
      try {
        const limit: RateLimit = { burst: 5, perMinute: 1 };
        const now = new Date();
        const takes = await Promise.all(
          Array.from({ length: 20 }, (_, i) => takeUploadToken(i % 2 ? store : other, "prb_concurrent", limit, now)),
        );
        expect(takes.filter((t) => t.ok).length).toBe(5);
        expect(takes.filter((t) => !t.ok).every((t) => !t.ok && t.retryAfterS === 60)).toBe(true);
      } finally {
        await other.close();
      }
    });

    it("finds what arrived since detection last covered the store, or everything before any run", async () => {
      const records = [okRecord("whatsapp", {}, { started_at: "2026-11-30T10:00:00Z" }), okRecord("whatsapp", {}, { started_at: "2026-11-30T09:00:00Z" })];
      await ingestMeasurements(store, records);
      expect((await awaitingDetectionSince(store))?.toISOString()).toBe("2026-11-30T09:00:00.000Z");
      await markDetectionCovered(store, new Date(Date.now() + 3_600_000)); // covers everything received so far
      expect(await awaitingDetectionSince(store)).toBeNull();
    });
  });
}

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl).sequential("detection lease on PostgreSQL", () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let url: string;
  const leases: DetectionLease[] = [];
  beforeAll(async () => {
    const factory = storeFactories().find((f) => f.name === "postgres")!;
    ({ store, dispose, url } = (await factory.create()) as { store: Store; dispose: () => Promise<void>; url: string });
  });
  afterAll(async () => {
    await Promise.all(leases.map((l) => l.stop()));
    setLeaseState(false, false);
    await dispose?.();
  });
  const query = <R,>(sql: string, ...params: unknown[]) => store.prisma.$queryRawUnsafe<R[]>(sql, ...params);

  it("is held by exactly one campaigner, retaken when the holder's session dies, handed over on stop", async () => {
    const acquired: string[] = [];
    const lost: string[] = [];
    for (const name of ["web-a", "web-b", "web-c"]) {
      leases.push(new DetectionLease(url, name, 200, { onAcquire: () => acquired.push(name), onLose: () => lost.push(name) }));
    }
    leases.forEach((l) => l.start());
    await eventually("a holder", 5_000, () => acquired.length === 1);
    await new Promise((r) => setTimeout(r, 600)); // several more rounds of attempts by the others
    expect(acquired).toHaveLength(1);
    const first = acquired[0];
    expect(leases.filter((l) => l.status().held)).toHaveLength(1);
    expect((await detectionLeaseHolder(query))?.instance).toBe(first);
    expect(detectionAllowedHere()).toBe(true); // this process holds it (one of its three leases)

    // The holder's database session ends (a network cut the server noticed): the lock is
    // free again and the next attempt takes it, possibly the old holder's own reconnection.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [`vantage-detector ${first}`]);
    await admin.end();
    await eventually("a takeover", 5_000, () => acquired.length === 2);
    expect(lost).toEqual([first]);
    expect(leases.filter((l) => l.status().held)).toHaveLength(1);
    await eventually("pg_locks shows the new holder", 5_000, async () => (await detectionLeaseHolder(query))?.instance === acquired[1]);

    // A clean stop hands the lease over to another campaigner at once.
    const holder = leases.find((l) => l.status().held)!;
    await holder.stop();
    await eventually("a second takeover", 5_000, () => acquired.length === 3);
    expect(acquired[2]).not.toBe(acquired[1]);
    expect(leases.filter((l) => l.status().held)).toHaveLength(1);
  });
});
