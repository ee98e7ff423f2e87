// npm run db:rebuild-rollups -- [--since T] [--until T]
// Recomputes hourly_rollups and probe_hours of a range from the raw rows, in one transaction.
import { parseArgs } from "node:util";
import { parseInstant } from "../lib/api/params";
import { openStore } from "../lib/store/open";
import { rebuildRollups } from "../lib/store/rollups";
import { runCli } from "./lib/cli";

const USAGE = `usage: npm run db:rebuild-rollups -- [--since T] [--until T]

  --since T   first instant to rebuild (YYYY-MM-DD or ISO time, UTC; rounded down to the hour; default: all)
  --until T   end, exclusive (rounded up to the hour; default: all)
Store: DATABASE_URL (PostgreSQL) or VANTAGE_DATA_DIR (embedded PGlite, default ./.data).`;

runCli(async () => {
  const { values } = parseArgs({ options: { since: { type: "string" }, until: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) return void console.log(USAGE);
  const instant = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const d = parseInstant(text);
    if (!d) throw new Error(`--${name} must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (got "${text}")\n${USAGE}`);
    return d;
  };
  const since = instant("since", values.since);
  const until = instant("until", values.until);
  if (since && until && since >= until) throw new Error("--until must be later than --since");
  const store = await openStore();
  try {
    const t0 = performance.now();
    const r = await rebuildRollups(store, { since, until });
    console.log(
      `rebuilt ${r.rollupRows} rollup rows from ${r.measurements} measurements and ${r.probeHours} probe hours ` +
        `in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } finally {
    await store.close();
  }
});
