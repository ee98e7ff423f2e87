// `import:ooni --rescore` on a store holding measurements scored by older rules: OONI's own
// ts-029 example stored as the rules before 2026.12.02 scored it (partial, confirmed, D1 at
// dns: its uptime.signal.org status lookup read as a bogon). Re-importing with the rescore
// sink reports old -> new for every measurement, replaces the stored verdict, keeps one row
// per measurement, and rebuilds the rollups of the hours touched. A failure injected
// between its steps (a trigger refusing the rewrite, or the rollup rebuild after it) leaves
// the old rows, verdicts and rollups exactly as they were.
import { afterAll, describe, expect, it } from "vitest";
import { importOoni } from "../../lib/ooni/importer";
import { rescoreSink, verdictMoved, type VerdictChange } from "../../lib/ooni/rescore";
import { storeSink } from "../../lib/ooni/store-sink";
import { RULES_VERSION } from "../../lib/verdict";
import { fixturePath } from "../fixtures/ooni/load";
import { type StoreFactory, storeFactories } from "../helpers/stores";

const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of disposers) await d();
});

/** A fresh store holding OONI's ts-029 example and a Telegram measurement, the Signal one as the rules before 2026.12.02 scored it. */
async function storedByOlderRules(factory: StoreFactory) {
  const { store, dispose } = await factory.create();
  disposers.push(dispose);
  const files = [fixturePath("signal-ts029-example.json"), fixturePath("telegram-ok.json")];
  await importOoni(files, { sink: storeSink(store) });
  await store.exec(
    `UPDATE measurements SET status = 'partial', class = 'confirmed', rule = 'D1', stage = 'dns', rules_version = '2026.11.28-1'
     WHERE service = 'signal'`,
  );
  return { store, files };
}

for (const factory of storeFactories()) {
  describe(`import:ooni --rescore on ${factory.name}`, () => {
    it("reports old -> new per measurement and replaces the stored verdict and rollups", async () => {
      const { store, files } = await storedByOlderRules(factory);
      await store.exec(`UPDATE hourly_rollups SET ok_count = 0, confirmed_count = 1, stage = 'dns' WHERE service = 'signal'`);

      const changes: VerdictChange[] = [];
      const rescoring = rescoreSink(store, (c) => changes.push(c));
      const summary = await importOoni(files, { sink: rescoring });

      expect(summary).toMatchObject({ imported: 0, alreadyPresent: 2 });
      expect(changes).toHaveLength(2);
      const signal = changes.find((c) => c.service === "signal")!;
      expect(signal.old).toMatchObject({ status: "partial", class: "confirmed", rule: "D1", stage: "dns" });
      expect(signal.new).toMatchObject({ status: "ok", class: "ok", rule: "OK", stage: null, rules_version: RULES_VERSION });
      expect(verdictMoved(signal)).toBe(true);
      expect(verdictMoved(changes.find((c) => c.service === "telegram")!)).toBe(false);

      const rows = await store.prisma.$queryRawUnsafe<{ service: string; status: string; rules_version: string }[]>(
        "SELECT service, status, rules_version FROM measurements ORDER BY service",
      );
      expect(rows).toEqual([
        { service: "signal", status: "ok", rules_version: RULES_VERSION },
        { service: "telegram", status: "ok", rules_version: RULES_VERSION },
      ]);
      const rollups = await store.prisma.$queryRawUnsafe<{ stage: string; ok_count: number; confirmed_count: number }[]>(
        "SELECT stage, ok_count, confirmed_count FROM hourly_rollups WHERE service = 'signal'",
      );
      expect(rollups).toEqual([{ stage: "", ok_count: 1, confirmed_count: 0 }]);
    });

    for (const step of [
      { name: "rewriting the measurement", table: "measurements" },
      { name: "rewriting the target rows", table: "target_result_sets" },
      { name: "rebuilding the rollups", table: "hourly_rollups" },
    ]) {
      it(`keeps the old rows and rollups when ${step.name} fails after the delete`, async () => {
        const { store, files } = await storedByOlderRules(factory);
        const snapshot = async () => ({
          measurements: await store.prisma.$queryRawUnsafe(
            "SELECT id::text, service, status, class, rule, stage, rules_version FROM measurements ORDER BY id",
          ),
          ids: await store.prisma.$queryRawUnsafe("SELECT id::text, content_hash FROM measurement_ids ORDER BY id"),
          targets: await store.prisma.$queryRawUnsafe(
            "SELECT measurement_id::text, target_ids, verdicts FROM target_result_sets ORDER BY measurement_id",
          ),
          hourly: await store.prisma.$queryRawUnsafe(
            "SELECT service, stage, measurement_count, ok_count, confirmed_count FROM hourly_rollups ORDER BY service, stage",
          ),
          daily: await store.prisma.$queryRawUnsafe(
            "SELECT service, stage, measurement_count, ok_count, confirmed_count FROM daily_rollups ORDER BY service, stage",
          ),
        });
        const before = await snapshot();
        expect((before.measurements as unknown[]).length).toBe(2);

        // A real failure of the store between the delete and the end of the batch.
        await store.exec(`
          CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'injected failure on %', TG_TABLE_NAME; END $$;
          CREATE TRIGGER test_refuse BEFORE INSERT ON ${step.table} FOR EACH ROW EXECUTE FUNCTION test_refuse();`);
        const changes: VerdictChange[] = [];
        await expect(importOoni(files, { sink: rescoreSink(store, (c) => changes.push(c)) })).rejects.toThrow(/injected failure/);
        expect(changes).toEqual([]);
        expect(await snapshot()).toEqual(before);

        // Run again once the store takes writes: the rescore completes.
        await store.exec(`DROP TRIGGER test_refuse ON ${step.table}; DROP FUNCTION test_refuse();`);
        await importOoni(files, { sink: rescoreSink(store, (c) => changes.push(c)) });
        expect(changes.map((c) => [c.service, c.new.status])).toEqual([
          ["signal", "ok"],
          ["telegram", "ok"],
        ]);
        const after = await snapshot();
        expect(after.hourly).toEqual([
          { service: "signal", stage: "", measurement_count: 1, ok_count: 1, confirmed_count: 0 },
          { service: "telegram", stage: "", measurement_count: 1, ok_count: 1, confirmed_count: 0 },
        ]);
      });
    }
  });
}
