// `import:ooni --rescore` on a store holding measurements scored by older rules: OONI's own
// ts-029 example stored as the rules before 2026.12.02 scored it (partial, confirmed, D1 at
// dns: its uptime.signal.org status lookup read as a bogon). Re-importing with the rescore
// sink reports old -> new for every measurement, replaces the stored verdict, keeps one row
// per measurement, and rebuilds the rollups of the hours touched.
import { afterAll, describe, expect, it } from "vitest";
import { importOoni } from "../../lib/ooni/importer";
import { rescoreSink, verdictMoved, type VerdictChange } from "../../lib/ooni/rescore";
import { storeSink } from "../../lib/ooni/store-sink";
import { RULES_VERSION } from "../../lib/verdict";
import { fixturePath } from "../fixtures/ooni/load";
import { storeFactories } from "../helpers/stores";

const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of disposers) await d();
});

for (const factory of storeFactories()) {
  describe(`import:ooni --rescore on ${factory.name}`, () => {
    it("reports old -> new per measurement and replaces the stored verdict and rollups", async () => {
      const { store, dispose } = await factory.create();
      disposers.push(dispose);
      const files = [fixturePath("signal-ts029-example.json"), fixturePath("telegram-ok.json")];
      await importOoni(files, { sink: storeSink(store) });
      // What the rules before this version stored for the Signal example.
      await store.exec(
        `UPDATE measurements SET status = 'partial', class = 'confirmed', rule = 'D1', stage = 'dns', rules_version = '2026.11.28-1'
         WHERE service = 'signal'`,
      );
      await store.exec(`UPDATE hourly_rollups SET ok_count = 0, confirmed_count = 1, stage = 'dns' WHERE service = 'signal'`);

      const changes: VerdictChange[] = [];
      const rescoring = rescoreSink(store, (c) => changes.push(c));
      const summary = await importOoni(files, { sink: rescoring.sink });
      await rescoring.finish();

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
  });
}
