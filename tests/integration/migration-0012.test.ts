// Migration 0012 on a store at 0011 holding rows of the old shape: one OONI measurement
// stored twice (bucket-file form without measurement_uid and API form with it, under the
// old uid-based ids), and a Max round whose WebSocket upgrade was reset. After it: one row
// per OONI measurement under the content-derived id the importer computes now, with its
// OONI Explorer link, and the WebSocket round's stage `ws`.
import { afterAll, describe, expect, it } from "vitest";
import type { MeasurementRecord } from "../../lib/measurement/schema";
import { mapOoniMeasurement } from "../../lib/ooni/map";
import { explorerUrl } from "../../lib/ooni/envelope";
import { migrate } from "../../lib/store/migrate";
import type { Store } from "../../lib/store/open";
import { targetSetRow, toRows } from "../../lib/ingest/rows";
import { scoreRecord } from "../../lib/verdict";
import { fixtureDocument } from "../fixtures/ooni/load";
import { migrationsBefore, storeFactories } from "../helpers/stores";
import { okRecord, setStages, withTarget, ws } from "../unit/fixtures/records";

const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of disposers) await d();
});

/** Stores a record as the code before 0012 did: no stage, no ooni_url, the given id. */
async function storeOldShape(store: Store, record: MeasurementRecord, id: string, receivedAt: string): Promise<void> {
  const rec = { ...record, id };
  const verdict = scoreRecord(rec);
  const { m, targets } = toRows(rec, verdict, { receivedAt: new Date(receivedAt), flags: [] });
  const { stage: _stage, ooni_url: _url, ...old } = m;
  const { stage: _vs, targets: _vt, ...oldVerdict } = verdict;
  await store.transaction(async (tx) => {
    await tx.query("SELECT vantage_ensure_month_partitions($1::timestamptz, $1::timestamptz)", [m.started_at]);
    await tx.query("INSERT INTO measurements SELECT * FROM json_populate_record(NULL::measurements, $1::json)", [JSON.stringify({ ...old, verdict: oldVerdict })]);
    await tx.query("INSERT INTO target_result_sets SELECT * FROM json_populate_record(NULL::target_result_sets, $1::json)", [JSON.stringify(targetSetRow(m, targets))]);
    await tx.query("INSERT INTO measurement_ids (id, started_at, content_hash, received_at) VALUES ($1::uuid, $2::timestamptz, 'x', $3::timestamptz)", [id, m.started_at, receivedAt]);
  });
}

function mapped(doc: unknown) {
  const r = mapOoniMeasurement(doc);
  if (!r.ok) throw new Error(r.message);
  return r.record;
}

for (const factory of storeFactories()) {
  describe(`migration 0012 on ${factory.name}`, () => {
    it("merges one OONI measurement stored twice under the content id, stores its Explorer link, and carries the ws stage", async () => {
      process.env.VANTAGE_MIGRATIONS_DIR = migrationsBefore("0012");
      const { store, dispose } = await factory.create({ fromScratch: true }).finally(() => delete process.env.VANTAGE_MIGRATIONS_DIR);
      disposers.push(dispose);

      const bare = fixtureDocument("whatsapp-blocked.json");
      const { measurement_uid: _uid, ...bucketForm } = bare;
      const fromBucket = mapped(bucketForm);
      const fromApi = mapped(fixtureDocument("meta-whatsapp-blocked.json"));
      expect(fromBucket.id).toBe(fromApi.id); // the importer's id now; the old code gave two
      // The old ids: a uid-based one and a key-based one (values do not matter, only that they differ).
      await storeOldShape(store, fromApi, "0b7e4a51-9a3e-5c1d-8f00-000000000001", "2026-02-11T08:00:00Z");
      await storeOldShape(store, fromBucket, "0b7e4a51-9a3e-5c1d-8f00-000000000002", "2026-02-12T08:00:00Z");
      const wsReset = withTarget(okRecord("max", {}, { started_at: "2026-03-02T10:00:00Z" }), "max.websocket", setStages((t) => ({ ...t.stages, ws: ws(t.stages.ws!.url, null, "connection_reset") })));
      await storeOldShape(store, wsReset, wsReset.id, "2026-03-02T10:01:00Z");

      await migrate(store);

      const rows = await store.prisma.$queryRawUnsafe<{ id: string; record_id: string; ooni_url: string | null; stage: string | null; source: string }[]>(
        "SELECT id::text AS id, record->>'id' AS record_id, ooni_url, stage, source FROM measurements ORDER BY source",
      );
      const ooniRows = rows.filter((r) => r.source === "ooni");
      expect(ooniRows).toEqual([
        // The first received (the API form) stays, re-keyed; its Explorer link by measurement_uid.
        { id: fromApi.id, record_id: fromApi.id, ooni_url: explorerUrl(fromApi.ooni!), stage: "tcp", source: "ooni" },
      ]);
      expect(ooniRows[0].ooni_url).toBe("https://explorer.ooni.org/m/20260211073006.118204_RU_whatsapp_f3a0c6d19b2e4a57");
      expect(rows.find((r) => r.source === "vantage")).toMatchObject({ stage: "ws", ooni_url: null });

      const ids = await store.prisma.$queryRawUnsafe<{ id: string }[]>("SELECT id::text AS id FROM measurement_ids ORDER BY id");
      expect(ids.map((r) => r.id).sort()).toEqual([fromApi.id, wsReset.id].sort());
      const sets = await store.prisma.$queryRawUnsafe<{ id: string }[]>("SELECT measurement_id::text AS id FROM target_result_sets");
      expect(sets.map((r) => r.id).sort()).toEqual([fromApi.id, wsReset.id].sort());
    });
  });
}
