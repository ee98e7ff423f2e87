// `npm run bench:ingest`: posts batches of 500 full WhatsApp rounds to the measurement API of
// `next start` (the production server, built first if stale) backed by a fresh PostgreSQL
// database, then COPYs the same rows into the same tables of another fresh database with
// the same storage settings, and prints records/s, MB/s and the ratio.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../lib/store/open";
import { config } from "../lib/config";
import { targetSetRow, toRows } from "../lib/ingest/rows";
import { scoreRecord } from "../lib/verdict";
import { createTestDatabase } from "../tests/helpers/stores";
import { startSite } from "../tests/helpers/server";
import { databaseBackends, groupCpuMs, pidsCpuMs } from "./lib/proc-cpu";
import { okRecord } from "../tests/unit/fixtures/records";

const ADMIN = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const SIZE = 500;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);

async function main() {
  const apiDb = await createTestDatabase(ADMIN);
  const copyDb = await createTestDatabase(ADMIN);
  const work = mkdtempSync(join(tmpdir(), "bench-ingest-"));
  // Migrated before the server starts, so the timed part measures ingestion only.
  await (await openStore({ databaseUrl: apiDb.url })).close();
  console.log(
    `load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} on ${(await import("node:os")).cpus().length} cores; ` +
      `starting next start with ${config().VANTAGE_UPLOAD_WORKERS} upload worker(s) (VANTAGE_UPLOAD_WORKERS)...`,
  );
  const server = await startSite({ DATABASE_URL: apiDb.url, VANTAGE_UPLOAD_BURST: "1000000" });
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

    // CPU time of the site's processes and of the database's backends, read from /proc:
    // what the wall-clock rate cannot show on a machine shared with other work.
    const backends = () => databaseBackends(ADMIN, new URL(apiDb.url).pathname.slice(1));
    const cpu0 = { site: groupCpuMs(server.pgid), db: pidsCpuMs(await backends()) };
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
    const siteCpu = groupCpuMs(server.pgid) - cpu0.site;
    const dbCpu = pidsCpuMs(await backends()) - cpu0.db;
    console.log(`API:  ${records} records in ${apiS.toFixed(2)} s = ${(records / apiS).toFixed(0)} records/s, ${(bytes / apiS / 1048576).toFixed(2)} MB/s`);
    const [siteMs, dbMs] = [siteCpu / records, dbCpu / records];
    const cores = (await import("node:os")).cpus().length;
    // The site's threads (the server's and its upload workers) and the database's backends
    // share the cores: their CPU per record together bounds the rate.
    const bound = (1000 * cores) / (siteMs + dbMs);
    console.log(`API CPU per record: site ${siteMs.toFixed(2)} ms (all its threads), PostgreSQL ${dbMs.toFixed(2)} ms; on an otherwise idle ${cores}-core machine they bound the rate at ${bound.toFixed(0)} records/s`);

    // The same rows, COPYed by psql into the same tables of a fresh database.
    const copyStore = await openStore({ databaseUrl: copyDb.url });
    const probe = { id: probe_id, ownerId: account.owner_id, country: "RU", asn: 12389, region: null, networkType: "fixed" as const };
    const all = batches.flat();
    const shaped = all.map((r) => toRows(r, scoreRecord(r), { receivedAt: new Date(), probe, flags: [] }));
    const times = all.map((r) => r.started_at).sort();
    await copyStore.exec(`SELECT vantage_ensure_month_partitions('${times[0]}'::timestamptz, '${times.at(-1)}'::timestamptz)`);
    // The same TOAST compression the store's own sessions use (lib/store/open.ts).
    const [{ default_toast_compression: compression }] = await copyStore.prisma.$queryRawUnsafe<{ default_toast_compression: string }[]>(
      "SHOW default_toast_compression",
    );
    await copyStore.close();
    const mCols = Object.keys(shaped[0].m);
    const sets = shaped.map((x) => targetSetRow(x.m, x.targets));
    const tCols = Object.keys(sets[0]);
    writeFileSync(join(work, "m.csv"), shaped.map((s) => csvRow(mCols.map((c) => (s.m as any)[c]))).join(""));
    writeFileSync(join(work, "t.csv"), sets.map((t) => csvRow(tCols.map((c) => (t as any)[c]))).join(""));
    const t1 = performance.now();
    execFileSync("psql", [copyDb.url, "-v", "ON_ERROR_STOP=1", "-q",
      "-c", `\\copy measurements (${mCols.join(",")}) FROM '${join(work, "m.csv")}' CSV`,
      "-c", `\\copy target_result_sets (${tCols.join(",")}) FROM '${join(work, "t.csv")}' CSV`,
    ], { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, PGOPTIONS: `-c default_toast_compression=${compression}` } });
    const copyS = (performance.now() - t1) / 1000;
    console.log(`COPY: ${records} records in ${copyS.toFixed(2)} s = ${(records / copyS).toFixed(0)} records/s (measurements + target_result_sets rows)`);
    const [ratio, apiRate] = [copyS / apiS, records / apiS];
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    console.log(`API / COPY = ${ratio.toFixed(2)} (target >= 0.25: ${verdict(ratio >= 0.25)}); API ${apiRate.toFixed(0)} records/s (target >= 1,000/s: ${verdict(apiRate >= 1000)})`);
  } finally {
    await server.stop();
    await apiDb.drop();
    await copyDb.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

// PostgreSQL COPY input, read by psql and never by a spreadsheet: values must arrive byte for
// byte, so this is not lib/format/csv (which neutralises formulas for human readers).
function csvRow(values: unknown[]): string {
  return values.map(csvValue).join(",") + "\n";
}

function csvValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return quote(`{${v.map((x) => (x === null ? "NULL" : `"${String(x).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`);
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
