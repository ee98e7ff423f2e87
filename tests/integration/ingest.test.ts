// ingestMeasurements against real stores: PGlite always, PostgreSQL when TEST_DATABASE_URL
// is set. Validation rejects whole batches, ids are accepted once, the server's own
// verdict is stored, and rollups count every class.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestMeasurements } from "../../lib/store/ingest";
import { IngestConflictError, IngestValidationError } from "../../lib/ingest/batch";
import type { Store } from "../../lib/store/open";
import { storeFactories } from "../helpers/stores";
import { okRecord, setStages, tcp, withTarget } from "../unit/fixtures/records";

async function tableCounts(store: Store) {
  const rows = await store.prisma.$queryRawUnsafe<{ m: number; t: number; ids: number; r: number }[]>(
    `SELECT (SELECT count(*) FROM measurements)::int AS m, (SELECT count(*) FROM target_results)::int AS t,
            (SELECT count(*) FROM measurement_ids)::int AS ids, (SELECT coalesce(sum(measurement_count), 0) FROM hourly_rollups)::int AS r`,
  );
  return rows[0];
}

for (const factory of storeFactories()) {
  describe(`ingestMeasurements on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await factory.create());
    });
    afterAll(async () => dispose?.());

    it("stores a batch with the server's own verdict, whatever the producer claimed", async () => {
      const healthy = okRecord("telegram", {}, { started_at: "2026-02-01T10:05:00+03:00" });
      // Producer claims "blocked": the server re-scores from the raw results and says ok.
      const lying = { ...healthy, verdict: { status: "blocked", class: "confirmed", technique: "dns", rule: "D1", allowlist: false, rules_version: "x", components: [], targets: [] } };
      const dcDown = withTarget(okRecord("telegram", {}, { started_at: "2026-02-01T07:30:00Z" }), /^telegram\.dc\.149\.154\.175\.50\./, setStages((t) => ({ tcp: tcp(t.host!, t.port!, "generic_timeout_error") })));
      const result = await ingestMeasurements(store, [lying, dcDown]);
      expect(result.stored.sort()).toEqual([healthy.id, dcDown.id].sort());
      const rows = await store.prisma.measurement.findMany({ orderBy: { started_at: "asc" } });
      expect(rows.map((r) => [r.status, r.class, r.rule])).toEqual([
        ["ok", "ok", "OK"],
        ["partial", "anomaly", "T1"],
      ]);
      // The offset +03:00 was normalised to UTC, and reads back so whatever the process TZ.
      expect(rows[0].started_at.toISOString()).toBe("2026-02-01T07:05:00.000Z");
      const raw = await store.prisma.$queryRawUnsafe<{ started_at: Date }[]>(
        "SELECT started_at FROM measurements WHERE id = $1::uuid",
        healthy.id,
      );
      expect(raw[0].started_at.toISOString()).toBe("2026-02-01T07:05:00.000Z");
      // Per-target rows, through the view over the stored arrays, in record order.
      const perTarget = await store.prisma.$queryRawUnsafe<{ position: number; target_id: string; verdict: string; failure: string | null }[]>(
        "SELECT position, target_id, verdict, failure FROM target_results WHERE measurement_id = $1::uuid AND component = $2 ORDER BY position",
        dcDown.id,
        "dc:149.154.175.50",
      );
      expect(perTarget).toHaveLength(2);
      expect(perTarget.every((t) => t.verdict === "tcp_blocked" && t.failure === "generic_timeout_error")).toBe(true);
      const positions = dcDown.targets.flatMap((t, i) => (t.component === "dc:149.154.175.50" ? [i + 1] : []));
      expect(perTarget.map((t) => t.position)).toEqual(positions);
      expect(perTarget.map((t) => t.target_id)).toEqual(positions.map((p) => dcDown.targets[p - 1].id));
      // Both fall in 07:00 UTC; rollup rows are split by the stage of the cause.
      const rollup = await store.prisma.hourlyRollup.findMany({ where: { service: "telegram" }, orderBy: { stage: "asc" } });
      expect(rollup.map((r) => [r.hour.toISOString(), r.stage, r.ok_count, r.anomaly_count, r.confirmed_count, r.failure_count])).toEqual([
        ["2026-02-01T07:00:00.000Z", "", 1, 0, 0, 0],
        ["2026-02-01T07:00:00.000Z", "tcp", 0, 1, 0, 0],
      ]);
    });

    it("acknowledges a re-sent record without storing it twice, in any key order", async () => {
      const rec = okRecord("max", {}, { started_at: "2026-03-05T12:00:00Z" });
      const before = await tableCounts(store);
      expect((await ingestMeasurements(store, [rec])).stored).toEqual([rec.id]);
      const reordered = Object.fromEntries(Object.entries(rec).reverse());
      const again = await ingestMeasurements(store, [reordered, rec]);
      expect(again).toEqual({ stored: [], duplicates: [rec.id] });
      const after = await tableCounts(store);
      expect(after.m - before.m).toBe(1);
      expect(after.r - before.r).toBe(1);
    });

    it("rejects the same id with different content as a conflict and stores nothing of that batch", async () => {
      const rec = okRecord("max", {}, { started_at: "2026-03-06T12:00:00Z" });
      await ingestMeasurements(store, [rec]);
      const fresh = okRecord("whatsapp", {}, { started_at: "2026-03-06T12:00:00Z" });
      const changed = { ...rec, runtime_ms: rec.runtime_ms + 1 };
      const before = await tableCounts(store);
      await expect(ingestMeasurements(store, [fresh, changed])).rejects.toBeInstanceOf(IngestConflictError);
      expect(await tableCounts(store)).toEqual(before);
    });

    it("rejects a batch with one invalid record, names the field, and stores nothing", async () => {
      const good = okRecord("whatsapp", {}, { started_at: "2026-03-07T12:00:00Z" });
      const bad = okRecord("whatsapp", {}, { started_at: "2026-03-07T12:00:00Z" }) as unknown as Record<string, unknown>;
      (bad.targets as { port: unknown }[])[3].port = "443";
      const before = await tableCounts(store);
      const error = await ingestMeasurements(store, [good, bad]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngestValidationError);
      expect((error as IngestValidationError).issues[0]).toMatchObject({ index: 1, path: "targets.3.port" });
      expect(await tableCounts(store)).toEqual(before);
    });

    it("rejects text PostgreSQL cannot hold (NUL, lone surrogates) with its path, storing nothing", async () => {
      const good = okRecord("max", {}, { started_at: "2026-03-07T13:00:00Z" });
      const bad = okRecord("max", {}, { started_at: "2026-03-07T13:00:00Z", round_id: "round\u0000one" });
      const before = await tableCounts(store);
      const error = await ingestMeasurements(store, [good, bad]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngestValidationError);
      expect((error as IngestValidationError).issues).toEqual([
        { index: 1, path: "round_id", message: expect.stringMatching(/NUL/) },
      ]);
      expect(await tableCounts(store)).toEqual(before);
    });

    it("flags a record timed in the server's future", async () => {
      const rec = okRecord("max", {}, { started_at: "2026-03-08T12:00:00Z" });
      await ingestMeasurements(store, [rec], { receivedAt: new Date("2026-03-08T11:00:00Z") });
      const row = await store.prisma.measurement.findFirstOrThrow({ where: { id: rec.id } });
      expect(row.flags).toEqual(["clock_future"]);
    });

    it("keeps rollups correct when data arrives late and out of order", async () => {
      const hour = "2026-01-10T05";
      const recs = [40, 10, 30, 20].map((m) => okRecord("whatsapp", {}, { started_at: `${hour}:${m}:00Z` }));
      await ingestMeasurements(store, recs.slice(0, 2));
      await ingestMeasurements(store, recs.slice(2));
      const rows = await store.prisma.$queryRawUnsafe<{ n: number; sum: number }[]>(
        `SELECT count(*)::int AS n, sum(measurement_count)::int AS sum FROM hourly_rollups WHERE service = 'whatsapp' AND hour = $1::timestamptz`,
        `${hour}:00:00Z`,
      );
      expect(rows[0]).toEqual({ n: 1, sum: 4 });
      const raw = await store.prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM measurements WHERE service = 'whatsapp' AND date_trunc('hour', started_at) = $1::timestamptz`,
        `${hour}:00:00Z`,
      );
      expect(raw[0].n).toBe(4);
    });

    it("runs every session in UTC whatever the process time zone", async () => {
      const rows = await store.prisma.$queryRawUnsafe<{ tz: string }[]>("SELECT current_setting('TimeZone') AS tz");
      expect(rows[0].tz).toBe("UTC");
    });
  });
}
