// `npm run bench:ingest`: posts batches of 500 full WhatsApp rounds to the measurement API
// (a real HTTP server on 127.0.0.1 in front of the route handlers; not `next start`) into a
// fresh PostgreSQL database, then COPYs the same rows into the same tables of another
// fresh database, and prints records/s, MB/s and the ratio.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../lib/store/open";
import { setStoreForTests } from "../lib/store/server";
import { toRows } from "../lib/store/rows";
import { scoreRecord } from "../lib/verdict";
import { createTestDatabase } from "../tests/helpers/stores";
import { startApiServer } from "../tests/helpers/volunteer-api";
import { okRecord } from "../tests/unit/fixtures/records";

const ADMIN = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const SIZE = 500;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
process.env.VANTAGE_UPLOAD_BURST = "1000000";

async function main() {
  const apiDb = await createTestDatabase(ADMIN);
  const copyDb = await createTestDatabase(ADMIN);
  const work = mkdtempSync(join(tmpdir(), "bench-ingest-"));
  const store = await openStore({ databaseUrl: apiDb.url });
  setStoreForTests(store);
  const server = await startApiServer();
  try {
    const post = async (path: string, body: unknown, auth?: string) => {
      const r = await fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: JSON.stringify(body) });
      return { status: r.status, body: await r.json() };
    };
    const account = (await post("/api/v1/probes/accounts", {})).body;
    const reg = (await post("/api/v1/probes", { name: "bench", country: "RU", asn: 12389, network_type: "fixed" }, account.key)).body;
    const { credential, probe_id } = (await post("/api/v1/probes/enroll", { token: reg.enrollment_token })).body;

    const base = Date.now() - 3 * 86_400_000;
    const batches = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: SIZE }, (_, i) => okRecord("whatsapp", { throughput: true }, { started_at: new Date(base + (b * SIZE + i) * 1000).toISOString() })),
    );
    const bodies = batches.map((records) => JSON.stringify({ records }));
    const bytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0);
    console.log(`${BATCHES} batches of ${SIZE} WhatsApp rounds (${batches[0][0].targets.length} targets each, with throughput): ${(bytes / BATCHES / SIZE / 1024).toFixed(1)} KiB a record, ${(bytes / BATCHES / 1048576).toFixed(2)} MiB a batch`);

    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const r = await fetch(server.url + "/api/v1/measurements", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${credential}` }, body });
        if (r.status !== 200) throw new Error(`upload answered ${r.status}: ${await r.text()}`);
        await r.arrayBuffer();
      }
    }));
    const apiS = (performance.now() - t0) / 1000;
    const records = BATCHES * SIZE;
    console.log(`API:  ${records} records in ${apiS.toFixed(2)} s = ${(records / apiS).toFixed(0)} records/s, ${(bytes / apiS / 1048576).toFixed(2)} MB/s`);

    // The same rows, COPYed by psql into the same tables of a fresh database.
    const copyStore = await openStore({ databaseUrl: copyDb.url });
    const probe = { id: probe_id, ownerId: account.owner_id, country: "RU", asn: 12389, region: null, networkType: "fixed" as const };
    const all = batches.flat();
    const shaped = all.map((r) => toRows(r, scoreRecord(r), { receivedAt: new Date(), probe, flags: [] }));
    const times = all.map((r) => r.started_at).sort();
    await copyStore.exec(`SELECT vantage_ensure_month_partitions('${times[0]}'::timestamptz, '${times.at(-1)}'::timestamptz)`);
    await copyStore.close();
    const mCols = Object.keys(shaped[0].m);
    const tCols = Object.keys(shaped[0].targets[0]);
    writeFileSync(join(work, "m.csv"), shaped.map((s) => csvRow(mCols.map((c) => (s.m as any)[c]))).join(""));
    writeFileSync(join(work, "t.csv"), shaped.flatMap((s) => s.targets.map((t) => csvRow(tCols.map((c) => (t as any)[c])))).join(""));
    const t1 = performance.now();
    execFileSync("psql", [copyDb.url, "-v", "ON_ERROR_STOP=1", "-q",
      "-c", `\\copy measurements (${mCols.join(",")}) FROM '${join(work, "m.csv")}' CSV`,
      "-c", `\\copy target_results (${tCols.join(",")}) FROM '${join(work, "t.csv")}' CSV`,
    ], { stdio: ["ignore", "inherit", "inherit"] });
    const copyS = (performance.now() - t1) / 1000;
    console.log(`COPY: ${records} records in ${copyS.toFixed(2)} s = ${(records / copyS).toFixed(0)} records/s (measurements + target_results rows)`);
    console.log(`API / COPY = ${(copyS / apiS).toFixed(2)} (target >= 0.25); API target >= 1000 records/s`);
  } finally {
    await server.stop();
    setStoreForTests(null);
    await store.close();
    await apiDb.drop();
    await copyDb.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

function csvRow(values: unknown[]): string {
  return values.map(csvValue).join(",") + "\n";
}

function csvValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return quote(`{${v.map((x) => `"${String(x).replace(/["\\]/g, "\\$&")}"`).join(",")}}`);
  if (typeof v === "object") return quote(JSON.stringify(v));
  if (typeof v === "string") return quote(v);
  return String(v);
}

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

main().catch((e) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
