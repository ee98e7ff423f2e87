// `npm run db:sizes`: what the configured store holds, table by table (partitions summed
// into their table; indexes and TOAST included), per measurement stored, and what that
// means in a year for fleets of a few sizes (lib/scale/capacity.ts). Counts rows exactly,
// so on a very large store it takes as long as a scan of each table.
// Flags: --interval-s N (600), --services N (3).
import { parseArgs } from "node:util";
import { capacity, humanBytes, humanCount } from "../lib/scale/capacity";
import { describeStoreTarget } from "../lib/store/config";
import { openStore } from "../lib/store/open";
import { runCli } from "./lib/cli";

/** Tables whose rows come one (or a fixed few) per measurement; the rest grow per hour, day or event. */
const PER_RECORD = ["measurements", "target_result_sets", "measurement_ids"];

runCli(async () => {
  const { values } = parseArgs({ options: { "interval-s": { type: "string", default: "600" }, services: { type: "string", default: "3" } } });
  const intervalS = Number(values["interval-s"]);
  const services = Number(values.services);
  if (!(intervalS > 0)) throw new Error(`--interval-s must be a number of seconds above 0 (got "${values["interval-s"]}")`);
  if (!(services > 0)) throw new Error(`--services must be above 0 (got "${values.services}")`);
  const store = await openStore();
  try {
    console.log(`store: ${describeStoreTarget(store.target)}`);
    const tables = await store.prisma.$queryRawUnsafe<{ name: string; bytes: bigint | number }[]>(
      `SELECT coalesce(p.relname, c.relname) AS name, sum(pg_total_relation_size(c.oid))::bigint AS bytes
       FROM pg_class c
       LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
       LEFT JOIN pg_class p ON p.oid = i.inhparent
       WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
       GROUP BY 1 ORDER BY 2 DESC`,
    );
    const rows = new Map<string, number>();
    for (const t of tables) {
      const [{ n }] = await store.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::float8 AS n FROM "${t.name.replace(/"/g, '""')}"`);
      rows.set(t.name, n);
    }
    const measurements = rows.get("measurements") ?? 0;
    if (measurements === 0) throw new Error("the store has no measurements to measure sizes from");
    console.log(`\n${humanCount(measurements)} measurements\ntable | rows | bytes | bytes per row | bytes per measurement`);
    let perRecord = 0;
    let total = 0;
    for (const t of tables) {
      const bytes = Number(t.bytes);
      const n = rows.get(t.name) ?? 0;
      total += bytes;
      if (PER_RECORD.includes(t.name)) perRecord += bytes;
      console.log(`${t.name} | ${n} | ${humanBytes(bytes)} | ${n ? (bytes / n).toFixed(0) : "-"} | ${(bytes / measurements).toFixed(0)}`);
    }
    const perMeasurement = total / measurements;
    console.log(
      `\nper measurement: ${perRecord / measurements > 0 ? (perRecord / measurements).toFixed(0) : 0} bytes in the per-record tables (${PER_RECORD.join(", ")}), ` +
        `${perMeasurement.toFixed(0)} bytes with rollups, events and the rest at this store's density`,
    );
    console.log(`\nfleet (every ${intervalS} s, ${services} services a round) | records/s | records/day | rows/year | bytes/year (all tables, at that density)`);
    for (const probes of [100, 1_000, 10_000]) {
      const c = capacity({ probes, intervalS, servicesPerRound: services }, perMeasurement);
      console.log(`${probes} probes | ${c.recordsPerSecond.toFixed(1)} | ${humanCount(c.recordsPerDay)} | ${humanCount(c.recordsPerYear)} | ${humanBytes(c.bytesPerYear)}`);
    }
  } finally {
    await store.close();
  }
});
