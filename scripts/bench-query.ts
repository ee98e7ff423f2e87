// npm run bench:query -- [--scale S] [--queries N] [--raw-queries N] [--median-queries N] [--hourly-queries N]
//   [--admin-url URL] [--keep | --reuse NAME]
// Builds a PostgreSQL store of about 10 million measurement records (120 days, 200 probes,
// 3 services, 10-minute rounds; --scale shrinks days and probes), prints its build time and
// disk size, then the median and p95 latency of the aggregation API's query (the function
// the route calls, no cache in front) over random 90-day daily timelines of one service in
// one country, and the same answers computed from the raw rows, as a ratio; for reference,
// the same queries read from the hourly rollups alone (what the daily level saves).
//
// The build bypasses ingestMeasurements on purpose: scoring and inserting 10 M full records
// through the API path would take hours on this machine and measure ingestion, not queries.
// Measurement rows are generated set-based (generate_series) with small placeholder record
// and verdict documents and no target results; the rollups and probe hours are then built
// by the real rebuild (lib/store/rollups.ts, the code behind db:rebuild-rollups), so their
// histograms have their full length but zero counts (no per-target timings were generated).
// A --reuse of a database built before the daily level gets it from migration 0006.
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { parseAggregationParams } from "../lib/api/aggregation-params";
import { shapeAggregation, type AggregationEntry } from "../lib/api/aggregation-result";
import { mulberry32 } from "../lib/random";
import { openStore, type Store } from "../lib/store/open";
import { aggregationRows } from "../lib/store/queries/aggregation";
import { rebuildRollups } from "../lib/store/rollups";
import { runCli } from "./lib/cli";
import { build, COUNTRIES, SERVICES, START } from "./lib/bench-store";

const USAGE = `usage: npm run bench:query -- [flags]
  --scale S         fraction of the full size (days and probes scale by sqrt(S); default 1 = 120 days x 200 probes)
  --queries N       timed aggregation queries (default 200)
  --raw-queries N   of those, also answered from the raw rows (default 20)
  --median-queries N  of those, also timed with medians=true (default 20)
  --hourly-queries N  of those, also timed reading the hourly rollups only (default 20)
  --admin-url URL   PostgreSQL server to create the bench database on (default postgres://postgres@127.0.0.1:5432/postgres)
  --keep            keep the bench database (its name is printed)
  --reuse NAME      time queries on a database an earlier --keep run built (no build; kept)`;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

/** The same daily answer from the raw measurement rows. */
async function rawDaily(store: Store, service: string, cc: string, since: Date, until: Date) {
  return store.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT to_char(date_trunc('day', started_at), 'YYYY-MM-DD') AS day, count(*)::int AS measurement_count,
       count(*) FILTER (WHERE class = 'ok')::int AS ok_count, count(*) FILTER (WHERE class = 'anomaly')::int AS anomaly_count,
       count(*) FILTER (WHERE class = 'confirmed')::int AS confirmed_count, count(*) FILTER (WHERE class = 'failure')::int AS failure_count,
       count(DISTINCT probe_id)::int AS probe_count, count(DISTINCT date_trunc('hour', started_at))::int AS hours
     FROM measurements WHERE service = $1 AND country = $2 AND started_at >= $3::timestamptz AND started_at < $4::timestamptz
     GROUP BY 1 ORDER BY 1`,
    service, cc, since.toISOString(), until.toISOString(),
  );
}

runCli(async () => {
  const { values } = parseArgs({
    options: {
      scale: { type: "string" },
      queries: { type: "string" },
      "raw-queries": { type: "string" },
      "median-queries": { type: "string" },
      "hourly-queries": { type: "string" },
      "admin-url": { type: "string" },
      keep: { type: "boolean" },
      reuse: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return void console.log(USAGE);
  const scale = Number(values.scale ?? 1);
  const queries = Number(values.queries ?? 200);
  const rawQueries = Number(values["raw-queries"] ?? 20);
  const medianQueries = Number(values["median-queries"] ?? 20);
  const hourlyQueries = Number(values["hourly-queries"] ?? 20);
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be a number in (0, 1], got ${values.scale}\n${USAGE}`);
  if (!(Number.isInteger(queries) && queries > 0)) throw new Error(`--queries must be a whole number above 0\n${USAGE}`);
  if (!(Number.isInteger(rawQueries) && rawQueries >= 0 && rawQueries <= queries)) throw new Error(`--raw-queries must be 0..--queries\n${USAGE}`);
  if (!(Number.isInteger(medianQueries) && medianQueries >= 0 && medianQueries <= queries)) throw new Error(`--median-queries must be 0..--queries\n${USAGE}`);
  if (!(Number.isInteger(hourlyQueries) && hourlyQueries >= 0 && hourlyQueries <= queries)) throw new Error(`--hourly-queries must be 0..--queries\n${USAGE}`);
  let days = Math.max(91, Math.round(120 * Math.sqrt(scale)));
  const probeScale = Math.sqrt(scale) * (120 / days) ** 0; // probes shrink by sqrt(scale)
  const adminUrl = values["admin-url"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

  if (values.reuse !== undefined && !/^vantage_bench_[0-9a-f]{8}$/.test(values.reuse)) throw new Error(`--reuse takes a vantage_bench_* name a --keep run printed\n${USAGE}`);
  const keep = values.keep || values.reuse !== undefined;
  const name = values.reuse ?? `vantage_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  try {
    let store: Store;
    if (values.reuse) {
      store = await openStore({ databaseUrl: dbUrl.toString() });
      const span = await store.prisma.$queryRawUnsafe<{ days: number; n: bigint }[]>(
        "SELECT round(extract(epoch FROM max(started_at) - min(started_at)) / 86400)::int AS days, count(*) AS n FROM measurements",
      );
      days = span[0].days;
      await store.close();
      const size = await admin.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size($1)) AS size`, [name]);
      console.log(`reusing ${name}: ${Number(span[0].n).toLocaleString("en")} measurements over ${days} days, disk ${size.rows[0].size}`);
    } else {
      await admin.query(`CREATE DATABASE ${name}`);
      // Build-time memory only (sorts and hashes of the rebuild); reset before timing queries.
      await admin.query(`ALTER DATABASE ${name} SET work_mem = '256MB'`);
      await admin.query(`ALTER DATABASE ${name} SET maintenance_work_mem = '512MB'`);
      console.log(`bench database ${name} (${days} days, scale ${scale})`);
      store = await openStore({ databaseUrl: dbUrl.toString() });
      const t0 = performance.now();
      const measurements = await build(store, days, probeScale);
      const tInsert = performance.now();
      const rebuilt = await rebuildRollups(store);
      const tRollup = performance.now();
      await store.exec("VACUUM ANALYZE");
      const tDone = performance.now();
      await store.close();
      await admin.query(`ALTER DATABASE ${name} RESET work_mem`);
      await admin.query(`ALTER DATABASE ${name} RESET maintenance_work_mem`);
      const size = await admin.query<{ size: string; bytes: string }>(`SELECT pg_size_pretty(pg_database_size($1)) AS size, pg_database_size($1) AS bytes`, [name]);
      console.log(
        `built ${measurements.toLocaleString("en")} measurements, ${rebuilt.rollupRows.toLocaleString("en")} hourly rollup rows, ` +
          `${rebuilt.probeHours.toLocaleString("en")} probe hours, ${rebuilt.dailyRows.toLocaleString("en")} daily rollup rows, ` +
          `${rebuilt.probeDays.toLocaleString("en")} probe days in ${((tDone - t0) / 1000).toFixed(1)} s ` +
          `(insert ${((tInsert - t0) / 1000).toFixed(1)} s, rollups ${((tRollup - tInsert) / 1000).toFixed(1)} s, vacuum/analyze ${((tDone - tRollup) / 1000).toFixed(1)} s); ` +
          `disk ${size.rows[0].size}`,
      );
    }

    store = await openStore({ databaseUrl: dbUrl.toString() });
    const rnd = mulberry32(7);
    const countries = COUNTRIES.map((c) => c[0]);
    const timings = { rollup: [] as number[], medians: [] as number[], hourly: [] as number[], raw: [] as number[] };
    let mismatches = 0;
    for (let i = 0; i < queries; i++) {
      const service = SERVICES[Math.floor(rnd() * SERVICES.length)];
      const cc = countries[Math.floor(rnd() * countries.length)];
      const since = new Date(START.getTime() + Math.floor(rnd() * (days - 90 + 1)) * 86_400_000);
      const until = new Date(since.getTime() + 90 * 86_400_000);
      const params = new URLSearchParams({
        test_name: service, probe_cc: cc, since: since.toISOString().slice(0, 10), until: until.toISOString().slice(0, 10),
        axis_x: "measurement_start_day", time_grain: "day",
      });
      const parsed = parseAggregationParams(params);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      let t = performance.now();
      const answer = shapeAggregation(parsed.value, await aggregationRows(store, parsed.value));
      timings.rollup.push(performance.now() - t);
      if (i < medianQueries) {
        const withMedians = { ...parsed.value, medians: true };
        t = performance.now();
        shapeAggregation(withMedians, await aggregationRows(store, withMedians));
        timings.medians.push(performance.now() - t);
      }
      if (i < hourlyQueries) {
        t = performance.now();
        shapeAggregation(parsed.value, await aggregationRows(store, parsed.value, { levels: "hour" }));
        timings.hourly.push(performance.now() - t);
      }
      if (i < rawQueries) {
        t = performance.now();
        const raw = await rawDaily(store, service, cc, since, until);
        timings.raw.push(performance.now() - t);
        const byDay = new Map(raw.map((r) => [r.day as string, r]));
        for (const e of answer.result as AggregationEntry[]) {
          const r = byDay.get(e.measurement_start_day as string);
          const same = r
            ? ["measurement_count", "ok_count", "anomaly_count", "confirmed_count", "failure_count", "probe_count"].every((k) => r[k] === e[k]) &&
              Math.abs((r.hours as number) / 24 - (e.coverage as number)) < 1e-4
            : e.measurement_count === 0;
          if (!same) mismatches++;
        }
      }
    }
    await store.close();
    const report = (label: string, xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `${label}: median ${ms(quantile(s, 0.5))}, p95 ${ms(quantile(s, 0.95))} over ${s.length} queries`;
    };
    console.log(report("aggregation API (rollups, counts + probes + coverage)", timings.rollup));
    if (timings.medians.length > 0) console.log(report("aggregation API with medians=true", timings.medians));
    if (timings.hourly.length > 0) console.log(report("same queries from the hourly rollups only (reference)", timings.hourly));
    if (timings.raw.length > 0) {
      console.log(report("same answers from raw rows", timings.raw));
      const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
      const compared = timings.raw.length;
      console.log(
        `raw / rollup median latency ratio (first ${compared} queries): ` +
          `${(median(timings.raw) / median(timings.rollup.slice(0, compared))).toFixed(1)}x; ` +
          `answers differing from raw rows: ${mismatches} day(s)`,
      );
    }
    const p95 = quantile([...timings.rollup].sort((a, b) => a - b), 0.95);
    console.log(`target p95 < 100 ms: ${p95 < 100 ? "met" : "NOT met"} (${ms(p95)})`);
  } finally {
    if (keep) console.log(`kept database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
});
