// npm run detect -- [--since T] [--until T]
// Runs event detection (lib/detect) over the stored per-round verdicts of a range and
// stores the events by id: re-running over the same history gives the same events.
import { runDetection } from "../lib/store/detection";
import { openStore } from "../lib/store/open";
import { runCli } from "./lib/cli";
import { parseRangeArgs } from "./lib/range-args";

const USAGE = `usage: npm run detect -- [--since T] [--until T]

  --since T   first round to read (YYYY-MM-DD or ISO time, UTC; default: the first stored)
  --until T   end, exclusive (default: after the last stored)
Events that started inside the range and are no longer found are deleted; the rest are
upserted by id. Baselines and onsets need history: start the range well before the period
of interest. Store: DATABASE_URL or VANTAGE_DATA_DIR (default ./.data).`;

runCli(async () => {
  const { help, since, until } = parseRangeArgs(USAGE);
  if (help) return void console.log(USAGE);
  const store = await openStore();
  try {
    const t0 = performance.now();
    const run = await runDetection(store, { since: since ?? null, until: until ?? null });
    console.log(
      `read ${run.rounds} rounds (${run.withoutProbe} without a probe identity left out), ` +
        `found ${run.events} events (${run.ongoing} ongoing); ` +
        `upserted ${run.upserted}, deleted ${run.deleted} stale, in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } finally {
    await store.close();
  }
});
