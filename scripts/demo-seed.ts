// `npm run demo:seed`: fills an empty store with the simulated demo history.
// Flags: --force (seed even when the store has data; existing records are kept, ids are
// stable so nothing is duplicated), --every-hours N (each probe's interval outside the dense windows, default 24; lib/demo/simulate.ts).
import { parseArgs } from "node:util";
import { seedDemo, isStoreEmpty } from "../lib/demo/seed";
import { DEMO_EVERY_HOURS } from "../lib/demo/simulate";
import { seedKnownAnnotations } from "../lib/store/annotations";
import { describeStoreTarget } from "../lib/store/config";
import { openStore } from "../lib/store/open";
import { runCli } from "./lib/cli";

runCli(async () => {
  const { values } = parseArgs({
    options: { force: { type: "boolean", default: false }, "every-hours": { type: "string", default: String(DEMO_EVERY_HOURS) } },
  });
  const everyHours = Number(values["every-hours"]);
  if (!Number.isInteger(everyHours) || everyHours < 1 || everyHours > 24) {
    throw new Error(`--every-hours must be an integer from 1 to 24 (got "${values["every-hours"]}")`);
  }
  const store = await openStore();
  try {
    console.error(`store: ${describeStoreTarget(store.target)}`);
    await seedKnownAnnotations(store);
    if (!values.force && !(await isStoreEmpty(store))) {
      console.error("the store already has measurements; nothing seeded (use --force to add the demo anyway)");
      return;
    }
    const t0 = Date.now();
    const result = await seedDemo(store, {
      everyHours,
      onProgress: (p) => process.stderr.write(`\rseeding simulated data: ${p.records} records, up to ${p.latest.slice(0, 10)}`),
    });
    process.stderr.write("\n");
    console.error(`seeded ${result.stored} simulated records in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await store.close();
  }
});
