// npm run db:rebuild-rollups -- [--since T] [--until T]
// Recomputes hourly_rollups and probe_hours of a range from the raw rows, then daily_rollups
// and probe_days of the whole UTC days touching it from those, in one transaction.
import { openStore } from "../lib/store/open";
import { rebuildRollups } from "../lib/store/rollups";
import { runCli } from "./lib/cli";
import { parseRangeArgs } from "./lib/range-args";

const USAGE = `usage: npm run db:rebuild-rollups -- [--since T] [--until T]

  --since T   first instant to rebuild (YYYY-MM-DD or ISO time, UTC; rounded down to the hour; default: all)
  --until T   end, exclusive (rounded up to the hour; default: all)
Store: DATABASE_URL (PostgreSQL) or VANTAGE_DATA_DIR (embedded PGlite, default ./.data).`;

runCli(async () => {
  const { help, since, until } = parseRangeArgs(USAGE);
  if (help) return void console.log(USAGE);
  const store = await openStore();
  try {
    const t0 = performance.now();
    const r = await rebuildRollups(store, { since, until });
    console.log(
      `rebuilt ${r.rollupRows} rollup rows from ${r.measurements} measurements and ${r.probeHours} probe hours, ` +
        `${r.dailyRows} daily rollup rows and ${r.probeDays} probe days in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } finally {
    await store.close();
  }
});
