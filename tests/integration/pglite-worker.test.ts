// The embedded store in its worker thread (lib/store/pglite-remote): a long statement must
// not hold up the caller's thread (/api/health and every other request live there), and the
// message protocol must keep PGlite's contract: transactions committed or rolled back as a
// whole and never left open or aborted, PostgreSQL's errors with their codes, values parsed
// as the Prisma adapter asks, and the data directory's lock released on close.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeHealth } from "../../lib/store/health";
import { lockDataDir, StoreBusyError } from "../../lib/store/lock";
import { openStore, type Store } from "../../lib/store/open";
import { tempDir } from "../helpers/stores";

describe("the embedded store in a worker thread", () => {
  let store: Store;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDir();
    store = await openStore({ dataDir });
    await store.exec("CREATE TABLE worker_t (id int PRIMARY KEY, at timestamptz, note text)");
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs a long statement off this thread: timers keep firing and health answers busy at once", async () => {
    expect(store.activity).toBeTypeOf("function");
    await storeHealth(store); // reads the migrations once, while the store is idle
    let maxGapMs = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGapMs = Math.max(maxGapMs, now - last);
      last = now;
    }, 10);
    try {
      const t0 = performance.now();
      const slow = store.prisma.$queryRawUnsafe("SELECT pg_sleep(1.5)::text AS slept").then(() => performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
      const h0 = performance.now();
      const health = await storeHealth(store);
      const healthMs = performance.now() - h0;
      expect(health).toMatchObject({ reachable: true, busy: true });
      expect(healthMs).toBeLessThan(120); // the probe is given 20 ms behind queued statements
      expect(await slow).toBeGreaterThan(1400);
      // In the store's old home (this thread) the statement blocked the loop for all 1.5 s.
      expect(maxGapMs).toBeLessThan(500);
      expect(await storeHealth(store)).toMatchObject({ reachable: true, busy: false });
    } finally {
      clearInterval(timer);
    }
  });

  it("commits a transaction that resolves and rolls back one that throws, leaving none open", async () => {
    await store.transaction((sql) => sql.query("INSERT INTO worker_t (id, note) VALUES ($1, $2)", [1, "kept"]));
    await expect(
      store.transaction(async (sql) => {
        await sql.query("INSERT INTO worker_t (id, note) VALUES ($1, $2)", [2, "dropped"]);
        throw new Error("the work failed");
      }),
    ).rejects.toThrow("the work failed");
    // A failing statement aborts the transaction; it is rolled back, not left aborted.
    await expect(
      store.transaction(async (sql) => {
        await sql.query("INSERT INTO worker_t (id, note) VALUES ($1, $2)", [3, "dropped"]);
        await sql.query("INSERT INTO worker_t (id, note) VALUES ($1, $2)", [1, "duplicate"]);
      }),
    ).rejects.toMatchObject({ code: "23505" });
    await expect(store.exec("INSERT INTO worker_t (id) VALUES (4); SELECT 1/0")).rejects.toThrow(/division by zero/);
    const rows = await store.prisma.$queryRawUnsafe<{ id: number; note: string }[]>("SELECT id, note FROM worker_t ORDER BY id");
    expect(rows).toEqual([{ id: 1, note: "kept" }]);
    expect(await store.prisma.$queryRawUnsafe("SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  });

  it("runs Prisma's interactive transactions through the worker: rollback on throw, commit otherwise", async () => {
    await expect(
      store.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("INSERT INTO worker_t (id, note) VALUES (10, 'dropped')");
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    await store.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("INSERT INTO worker_t (id, at, note) VALUES (11, '2026-02-01T10:05:00.5Z', 'kept')");
    });
    const rows = await store.prisma.$queryRawUnsafe<{ id: number; at: Date }[]>("SELECT id, at FROM worker_t WHERE id >= 10");
    // Parsed by the adapter's own parsers (applied on this side of the thread) and read as UTC.
    expect(rows).toEqual([{ id: 11, at: new Date("2026-02-01T10:05:00.500Z") }]);
  });

  it("serialises concurrent transactions: read-modify-write from many callers loses no update", async () => {
    await store.exec("CREATE TABLE worker_counter (n int NOT NULL); INSERT INTO worker_counter VALUES (0)");
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.transaction(async (sql) => {
          const [{ n }] = await sql.query<{ n: number }>("SELECT n FROM worker_counter");
          await new Promise((r) => setTimeout(r, 1)); // another caller's turn, if transactions interleaved
          await sql.query("UPDATE worker_counter SET n = $1", [n + 1]);
        }),
      ),
    );
    expect(await store.prisma.$queryRawUnsafe("SELECT n FROM worker_counter")).toEqual([{ n: 20 }]);
  });

  it("keeps the data directory's lock in this process and releases it on close", async () => {
    expect(() => lockDataDir(dataDir)).toThrow(StoreBusyError);
    await store.close();
    const reopened = await openStore({ dataDir });
    try {
      expect(await reopened.prisma.$queryRawUnsafe("SELECT count(*)::int AS n FROM worker_t")).toEqual([{ n: 2 }]);
    } finally {
      await reopened.close();
    }
    await expect(store.prisma.$queryRawUnsafe("SELECT 1")).rejects.toThrow();
  });
});
