// The body of `npm start` (scripts/start.ts): checks the store, migrates it, seeds the demo when it is empty, builds the
// site and the probe bundle if missing or older than their sources, and serves it.
// Settings (docs/configuration.md) are parsed first: a bad value stops the start here.
import { spawn, type ChildProcess } from "node:child_process";
import { childEnvironment, config } from "../lib/config";
import { isStoreEmpty, seedDemo } from "../lib/demo/seed";
import { openAsnDatabase } from "../lib/net/asn-db";
import { seedKnownAnnotations } from "../lib/store/annotations";
import { describeStoreTarget } from "../lib/store/config";
import { openStore, type Store } from "../lib/store/open";
import { buildBundleIfNeeded } from "../probes/bundle/build";
import { buildIfNeeded } from "./lib/build";
import { runCli } from "./lib/cli";

/**
 * SIGINT/SIGTERM (a process manager stopping `npm start`): forwarded to the server once it
 * runs, and this process exits with it; before that, the store this process has open is
 * closed (releasing PGlite's lock) and it exits at once. A signal that arrives during the
 * blocking `next build` is acted on when the build returns.
 */
let server: ChildProcess | null = null;
let preparing: Store | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (server) {
      server.kill(signal);
      return;
    }
    void Promise.resolve(preparing?.close()).finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
}

runCli(async () => {
  const settings = config();
  const port = settings.PORT;
  const seedMode = settings.VANTAGE_SEED_DEMO;
  // A configured IP-to-ASN database that cannot be read stops the start (the server itself
  // would only log it once and take uploads unchecked).
  const mmdbPath = settings.VANTAGE_MMDB_PATH;
  if (mmdbPath) console.error(`IP-to-ASN database: ${mmdbPath} (${openAsnDatabase(mmdbPath).databaseType})`);
  const workers = settings.VANTAGE_UPLOAD_WORKERS;

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
    await store.close(); // PGlite: the web server must be the data directory's only owner
    preparing = null;
  }

  buildIfNeeded();
  // The install command the site hands out fetches this bundle: it must exist and match
  // the server's code. An operator's own file (VANTAGE_PROBE_BUNDLE) is served as it is.
  if (!settings.VANTAGE_PROBE_BUNDLE) {
    const bundle = await buildBundleIfNeeded();
    if (bundle.built) console.error(`built the probe bundle ${bundle.file}`);
  }
  const host = settings.HOST;
  console.error(`serving Vantage at http://localhost:${port} (upload workers: ${workers})`);
  if (!settings.VANTAGE_PUBLIC_URL) {
    console.error(`VANTAGE_PUBLIC_URL is not set: install commands name this server's own address, never a request's Host; set it to the public origin probes reach`);
  }
  // Next.js behind Vantage's own HTTP server (next-server.ts): the socket address and the security headers.
  const child = (server = spawn(process.execPath, ["--import", "tsx", "scripts/next-server.ts"], {
    stdio: "inherit",
    env: childEnvironment({ PORT: String(port), HOST: host, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }),
  }));
  await new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      process.exitCode = code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : 15) : 0);
      resolve();
    }),
  );
});
