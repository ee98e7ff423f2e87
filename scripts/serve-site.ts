// The body of `npm start` (scripts/start.ts): checks the store, migrates it and seeds the demo when it is empty
// (prepare-store.ts, in a process of its own), builds the site and the probe bundle if missing or older than their
// sources, and serves it. Settings (docs/configuration.md) are parsed first: a bad value stops the start here.
import { spawn, type ChildProcess } from "node:child_process";
import { childEnvironment, config } from "../lib/config";
import { openAsnDatabase } from "../lib/net/asn-db";
import { buildBundleIfNeeded } from "../probes/bundle/build";
import { buildIfNeeded } from "./lib/build";
import { runCli } from "./lib/cli";

/**
 * SIGINT/SIGTERM (a process manager stopping `npm start`): forwarded to the child running
 * (the store step, which closes the store and releases PGlite's lock, or the server), and
 * this process exits with it. A signal that arrives during the blocking `next build` is
 * acted on when the build returns.
 */
let child: ChildProcess | null = null;
let stopping: NodeJS.Signals | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = signal;
    if (child) child.kill(signal);
    else process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

/** Runs a script of this folder in a child process; resolves with its exit code (128 + n for a signal). */
function runChild(script: string, extra: Record<string, string> = {}): Promise<number> {
  const c = (child = spawn(process.execPath, ["--import", "tsx", `scripts/${script}`], { stdio: "inherit", env: childEnvironment(extra) }));
  return new Promise<number>((resolve) =>
    c.on("exit", (code, signal) => {
      child = null;
      resolve(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : 15) : 0));
    }),
  );
}

runCli(async () => {
  const settings = config();
  const port = settings.PORT;
  // A configured IP-to-ASN database that cannot be read stops the start (the server itself
  // would only log it once and take uploads unchecked).
  const mmdbPath = settings.VANTAGE_MMDB_PATH;
  if (mmdbPath) console.error(`IP-to-ASN database: ${mmdbPath} (${openAsnDatabase(mmdbPath).databaseType})`);
  const workers = settings.VANTAGE_UPLOAD_WORKERS;

  // The store step prints its own error (one line) when it fails: exit with its code.
  const prepared = await runChild("prepare-store.ts");
  if (prepared !== 0) {
    process.exitCode = prepared;
    return;
  }
  if (stopping) {
    process.exitCode = stopping === "SIGINT" ? 130 : 143;
    return;
  }

  buildIfNeeded();
  // The install command the site hands out fetches this bundle: it must exist and match
  // the server's code. An operator's own file (VANTAGE_PROBE_BUNDLE) is served as it is.
  if (!settings.VANTAGE_PROBE_BUNDLE) {
    const bundle = await buildBundleIfNeeded();
    if (bundle.built) console.error(`built the probe bundle ${bundle.file}`);
  }
  const host = settings.HOST;
  console.error(
    `serving Vantage at http://localhost:${port} (instance ${settings.VANTAGE_INSTANCE_ID}, upload workers: ${workers}, read replicas: ${settings.DATABASE_READ_URL.length})`,
  );
  if (!settings.VANTAGE_PUBLIC_URL) {
    console.error(`VANTAGE_PUBLIC_URL is not set: install commands name this server's own address, never a request's Host; set it to the public origin probes reach`);
  }
  // Next.js behind Vantage's own HTTP server (next-server.ts): the socket address and the security headers.
  process.exitCode = await runChild("next-server.ts", { PORT: String(port), HOST: host, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
});
