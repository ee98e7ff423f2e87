// The store step of `npm start`, in a process of its own that serve-site.ts runs and waits
// for: checks the store, migrates it, records the known annotations and seeds the demo
// history into an empty store, then closes it (PGlite: the web server must be the data
// directory's only owner). It runs apart so that what it loads (the store's client, the
// ingest pipeline, the demo simulator: about 120 MB) does not stay resident in npm start's
// supervising process for the server's whole life (docs/limits.md).
// SIGINT/SIGTERM: the store is closed (releasing PGlite's lock) and it exits at once.
import { config } from "../lib/config";
import { isStoreEmpty, seedDemo } from "../lib/demo/seed";
import { seedKnownAnnotations } from "../lib/store/annotations";
import { describeStoreTarget } from "../lib/store/config";
import { openStore, type Store } from "../lib/store/open";
import { runCli } from "./lib/cli";

let preparing: Store | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void Promise.resolve(preparing?.close()).finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
}

runCli(async () => {
  const seedMode = config().VANTAGE_SEED_DEMO;
  const store = (preparing = await openStore()); // connects and migrates: a bad DATABASE_URL stops here
  try {
    console.error(`store: ${describeStoreTarget(store.target)} (migrations current)`);
    await seedKnownAnnotations(store);
    if (seedMode === "auto" && (await isStoreEmpty(store))) {
      const t0 = Date.now();
      const result = await seedDemo(store, {
        onProgress: (p) => process.stderr.write(`\rseeding simulated demo data: ${p.records} records, up to ${p.latest.slice(0, 10)}`),
      });
      process.stderr.write("\n");
      console.error(`seeded ${result.stored} simulated records in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    await store.close();
    preparing = null;
  }
});
