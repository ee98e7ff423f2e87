// Fuzzing POST /api/v1/measurements with a valid credential: 1,000 batches (FUZZ_BATCHES) made by
// mutating valid records (wrong types, missing and extra fields, huge and deeply nested
// values, bad timestamps, SQL and HTML in string fields) mixed with valid ones. Never a
// 5xx; a refused batch leaves every table's checksum unchanged; an accepted one is stored
// whole, hostile strings kept verbatim as data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32, type Random } from "../../lib/random";
import type { Store } from "../../lib/store/open";
import { setStoreForTests } from "../../lib/server/store";
import { storeFactories } from "../helpers/stores";
import { api, tableChecksums } from "../helpers/volunteer-api";
import { okRecord } from "../unit/fixtures/records";
import type { MeasurementRecord } from "../../lib/measurement/schema";
import type { ServiceId } from "../../lib/measurement/vocabulary";

const BATCHES = Number(process.env.FUZZ_BATCHES ?? 1_000);
const HOSTILE = [
  `'; DROP TABLE measurements; --`,
  `<script>alert(1)</script>`,
  `" onmouseover="x`,
  `\u202e\u200b${"ꙮ".repeat(3)} 𝕳`,
  `$1 $$ \\x00 %s %n {{7*7}}`,
  `Robert'); DELETE FROM probes WHERE ('1'='1`,
];

/** Valid JSON that PostgreSQL text cannot hold: must be refused with 400, never a 500. */
const UNSTORABLE = [`nul \u0000 inside`, `lone \ud800 surrogate`, `\udc00 low first`];

type Json = unknown;

const pick = <T,>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Every [parent, key] inside a JSON value, for picking a random place to mutate. */
function places(value: Json, out: [Record<string, Json> | Json[], string | number][] = []): typeof out {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), places(v, out)));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) (out.push([value as Record<string, Json>, k]), places(v, out));
  return out;
}

function deep(depth: number): Json {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

const MUTATIONS: { name: string; apply: (rec: any, r: Random) => void }[] = [
  { name: "wrong type", apply: (rec, r) => { const [p, k] = pick(r, places(rec)); (p as any)[k] = pick(r, [42, "42", true, null, [], {}, -1.5]); } },
  { name: "missing field", apply: (rec, r) => { const [p, k] = pick(r, places(rec).filter(([p]) => !Array.isArray(p))); delete (p as any)[k]; } },
  { name: "extra field", apply: (rec, r) => { const objs = places(rec).map(([p]) => p).filter((p) => !Array.isArray(p)); (pick(r, objs) as any)[pick(r, ["extra", "__proto__x", "constructor"])] = "surplus"; } },
  { name: "huge string", apply: (rec, r) => { const [p, k] = pick(r, places(rec)); (p as any)[k] = "A".repeat(100_000 + Math.floor(r() * 100_000)); } },
  { name: "huge number", apply: (rec, r) => { const [p, k] = pick(r, places(rec)); (p as any)[k] = pick(r, [1e308, -1e308, 2 ** 53 + 1, 4_294_967_296]); } },
  { name: "huge array", apply: (rec) => { rec.targets = Array.from({ length: 2_000 }, () => rec.targets[0]); } },
  { name: "deep nesting", apply: (rec, r) => { const [p, k] = pick(r, places(rec)); (p as any)[k] = deep(500 + Math.floor(r() * 3000)); } },
  { name: "bad timestamp", apply: (rec, r) => { rec.started_at = pick(r, ["2026-13-45T99:00:00Z", "yesterday", "2026-02-01T10:00:00", "", "0000-00-00T00:00:00Z", 1_700_000_000]); } },
  { name: "hostile in a constrained string", apply: (rec, r) => { const strings = places(rec).filter(([p, k]) => typeof (p as any)[k] === "string"); const [p, k] = pick(r, strings); (p as any)[k] = pick(r, HOSTILE); } },
  { name: "unstorable text", apply: (rec, r) => { const strings = places(rec).filter(([p, k]) => typeof (p as any)[k] === "string"); const [p, k] = pick(r, strings); (p as any)[k] = pick(r, UNSTORABLE); } },
  { name: "unstorable key", apply: (rec, r) => { rec.probe[pick(r, UNSTORABLE)] = 1; } },
  { name: "not an object", apply: (rec, r) => { for (const k of Object.keys(rec)) delete rec[k]; rec.v = pick(r, [2, "1", null]); } },
];

/** A valid record with SQL and HTML in every free-text field the schema allows. */
function hostileValid(service: ServiceId, r: Random): MeasurementRecord {
  const rec = okRecord(service, {}, { started_at: new Date(Date.now() - Math.floor(r() * 86_400_000)).toISOString() });
  rec.round_id = pick(r, HOSTILE);
  rec.software = { name: pick(r, HOSTILE), version: pick(r, HOSTILE) };
  rec.probe = { ...rec.probe, asn_name: pick(r, HOSTILE), region: pick(r, HOSTILE) };
  const dns = rec.targets.find((t) => t.stages.dns)?.stages.dns;
  if (dns) dns.system.resolver = pick(r, HOSTILE);
  return rec;
}

const [pglite] = storeFactories();

describe("POST /api/v1/measurements under fuzzing", () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let credential: string;
  beforeAll(async () => {
    ({ store, dispose } = await pglite.create());
    setStoreForTests(store);
    process.env.VANTAGE_UPLOAD_BURST = "100000";
    const { body: account } = await api("POST", "/api/v1/probes/accounts", { body: {} });
    const reg = await api("POST", "/api/v1/probes", { auth: account.key, body: { name: "fuzz", country: "RU", asn: 1, network_type: "fixed" } });
    credential = (await api("POST", "/api/v1/probes/enroll", { body: { token: reg.body.enrollment_token } })).body.credential;
  });
  afterAll(async () => {
    delete process.env.VANTAGE_UPLOAD_BURST;
    setStoreForTests(null);
    await dispose?.();
  });

  it(`survives ${BATCHES} mutated and valid batches`, async () => {
    const r = mulberry32(20261128);
    const services: ServiceId[] = ["whatsapp", "telegram", "max"];
    let checksum = await tableChecksums(store);
    const seen = { accepted: 0, refused: 0, byStatus: new Map<number, number>(), byMutation: new Map<string, number>() };
    const hostileStored: MeasurementRecord[] = [];
    for (let i = 0; i < BATCHES; i++) {
      const size = 1 + Math.floor(r() * 3);
      const batch: any[] = Array.from({ length: size }, () => okRecord(pick(r, services), {}, { started_at: new Date().toISOString() }));
      const roll = r();
      let mutation = "valid";
      if (roll < 0.15) {
        batch[0] = hostileValid(pick(r, services), r);
        mutation = "hostile but valid";
      } else if (roll < 0.2) {
        mutation = "valid";
      } else {
        const m = pick(r, MUTATIONS);
        mutation = m.name;
        m.apply(batch[Math.floor(r() * batch.length)], r);
      }
      if (process.env.FUZZ_TRACE) process.stderr.write(`${i} ${mutation} ${Date.now()}\n`);
      const res = await api("POST", "/api/v1/measurements", { auth: credential, body: { records: batch } });
      seen.byStatus.set(res.status, (seen.byStatus.get(res.status) ?? 0) + 1);
      seen.byMutation.set(mutation, (seen.byMutation.get(mutation) ?? 0) + 1);
      expect(res.status, `batch ${i} (${mutation}): ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
      expect(res.body.error === undefined || Array.isArray(res.body.issues)).toBe(true);
      const after = await tableChecksums(store);
      if (res.status === 200) {
        seen.accepted++;
        expect([...res.body.stored, ...res.body.duplicates].sort()).toEqual([...new Set(batch.map((b) => b.id))].sort());
        if (mutation === "hostile but valid") hostileStored.push(batch[0]);
      } else {
        seen.refused++;
        expect(after, `batch ${i} (${mutation}) was refused with ${res.status} but changed the tables`).toEqual(checksum);
        if (mutation === "valid" || mutation === "hostile but valid") throw new Error(`valid batch ${i} refused: ${res.status} ${res.body.error}`);
      }
      checksum = after;
    }
    // Hostile strings are data: stored verbatim, not interpreted.
    expect(hostileStored.length).toBeGreaterThan(50);
    for (const rec of hostileStored.slice(0, 40)) {
      const row = await store.prisma.measurement.findFirst({ where: { id: rec.id } });
      const stored = row!.record as { round_id: string; software: { name: string } };
      expect(stored.round_id).toBe(rec.round_id);
      expect(stored.software.name).toBe(rec.software.name);
    }
    expect(await store.prisma.probe.count()).toBe(1);
    expect(seen.accepted).toBeGreaterThan(200);
    expect(seen.refused).toBeGreaterThan(600);
    console.log(`fuzz: ${BATCHES} batches, ${seen.accepted} accepted, ${seen.refused} refused; by status ${JSON.stringify([...seen.byStatus])}`);
  }, 1_800_000);
});
