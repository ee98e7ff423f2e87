// Migration 0007 folds the old one-row-per-target table into per-measurement arrays and
// drops the per-target list from stored verdicts. Against a store at 0006 holding rows in
// the old shape, it must keep every per-target fact, in record order, and the API's
// verdict must read back as before.
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "../../lib/store/migrate";
import { getMeasurement } from "../../lib/store/queries/measurements";
import { toRows } from "../../lib/ingest/rows";
import { scoreRecord } from "../../lib/verdict";
import { migrationsBefore, storeFactories } from "../helpers/stores";
import { okRecord, setStages, tcp, withTarget } from "../unit/fixtures/records";

const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of disposers) await d();
});

for (const factory of storeFactories()) {
  describe(`migration 0007 on ${factory.name}`, () => {
    it("keeps every per-target result and verdict, in record order", async () => {
      process.env.VANTAGE_MIGRATIONS_DIR = migrationsBefore("0007");
      const { store, dispose } = await factory.create({ fromScratch: true }).finally(() => delete process.env.VANTAGE_MIGRATIONS_DIR);
      disposers.push(dispose);
      // Two records in different months, one with blocked targets so rules and failures vary.
      const blocked = withTarget(okRecord("telegram", {}, { started_at: "2026-02-01T07:30:00Z" }), /^telegram\.dc\.149\.154\.175\.50\./, setStages((t) => ({ tcp: tcp(t.host!, t.port!, "generic_timeout_error") })));
      const records = [okRecord("whatsapp", { throughput: true }, { started_at: "2026-03-02T10:00:00Z" }), blocked];
      for (const record of records) {
        const verdict = scoreRecord(record);
        const { m, targets } = toRows(record, verdict, { receivedAt: new Date("2026-03-03T00:00:00Z"), flags: [] });
        // The 0006 shape: the whole verdict with the measurement, one row per target.
        await store.transaction(async (tx) => {
          await tx.query("SELECT vantage_ensure_month_partitions($1::timestamptz, $1::timestamptz)", [m.started_at]);
          await tx.query(
            `INSERT INTO measurements (id, started_at, received_at, source, probe_id, owner_id, round_id, service, country, asn,
               region, network_type, status, class, technique, rule, allowlist, rules_version, targets_version, software_name,
               software_version, runtime_ms, flags, record, verdict)
             SELECT id, started_at, received_at, source, probe_id, owner_id, round_id, service, country, asn, region, network_type,
               status, class, technique, rule, allowlist, rules_version, targets_version, software_name, software_version,
               runtime_ms, flags, record, verdict
             FROM json_populate_record(NULL::measurements, $1::json)`,
            // Stored as simulated: the API withholds a probe network's own measurements until it
            // has three probes (lib/volunteers/privacy.ts), and this store has none registered.
            [JSON.stringify({ ...m, source: "simulated", verdict })],
          );
          await tx.query("INSERT INTO measurement_ids (id, started_at, content_hash) VALUES ($1::uuid, $2::timestamptz, 'x')", [m.id, m.started_at]);
          // Stored in reverse, so record order can only come from the record itself.
          for (const t of [...targets].reverse()) {
            const { detail: _detail, ...old } = t;
            await tx.query("INSERT INTO target_results SELECT * FROM json_populate_record(NULL::target_results, $1::json)", [JSON.stringify(old)]);
          }
        });
      }
      await migrate(store);

      for (const record of records) {
        const verdict = scoreRecord(record);
        const stored = await getMeasurement(store, record.id);
        expect(stored?.verdict).toEqual(verdict);
        const stripped = await store.prisma.$queryRawUnsafe<{ has: boolean }[]>(
          "SELECT (verdict::jsonb ? 'targets') AS has FROM measurements WHERE id = $1::uuid",
          record.id,
        );
        expect(stripped[0].has).toBe(false);
        const rows = await store.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
          `SELECT target_id, component, host, ip, port, verdict, grade, rule, stage, failure, detail, dns_ms, tcp_ms, tls_ms,
             ttfb_ms, http_status, throughput_kbps FROM target_results WHERE measurement_id = $1::uuid ORDER BY position`,
          record.id,
        );
        const { targets } = toRows(record, verdict, { receivedAt: new Date(), flags: [] });
        expect(rows).toEqual(targets.map(({ measurement_id: _id, started_at: _at, service: _s, ...t }) => t));
      }
    });
  });
}
