// `npm run bench:abuse`: can eight readers asking the largest aggregation the limits allow,
// all at once, take the server down? Starts `npm start` (scripts/start.ts) on a free port
// with its own embedded store seeded with the demo history (or on DATABASE_URL), sends
// eight maximal-but-allowed aggregation requests at once (VANTAGE_READ_MAX_BUCKETS day
// buckets, a second axis, medians), and meanwhile polls /api/health every 100 ms and the
// server's resident memory. Prints each request's latency, peak RSS of the server's
// processes, /api/health p50/p95/max (and the same with no heavy read running, the
// machine's own share), CPU per request, and the load average. Targets
// (docs/limits.md): peak RSS under 1 GB, health p95 under 200 ms.
// Options: --rounds N (2), --keep (keep the data directory), --data-dir DIR (reuse one).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { READ_LIMIT_DEFAULTS } from "../lib/api/read-limits";
import { groupCpuMs } from "./lib/proc-cpu";
import { runCli } from "./lib/cli";
import { freePort } from "./lib/free-port";

const CONCURRENT = 8;

/** Resident memory of every process in the group (tsx, start.ts, the Next.js server), MB. */
function groupRssMb(pgid: number): number {
  let kb = 0;
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${d}/status`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      /* exited */
    }
  }
  return kb / 1024;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const loadavg = () => fs.readFileSync("/proc/loadavg", "utf8").trim();

runCli(async () => {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "2" }, keep: { type: "boolean", default: false }, "data-dir": { type: "string" } } });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number of at least 1 (got "${values.rounds}")`);
  const dataDir = values["data-dir"] ?? fs.mkdtempSync(path.join(os.tmpdir(), "vantage-abuse-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  console.log(`load average before: ${loadavg()} (${os.availableParallelism()} cores)`);
  console.log(`starting npm start on ${url} with ${process.env.DATABASE_URL ? "DATABASE_URL" : `the embedded store in ${dataDir}`} (the demo history is seeded into an empty store)`);
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", VANTAGE_DATA_DIR: dataDir, VANTAGE_SEED_DEMO: "auto" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    if (!values.keep && !values["data-dir"]) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 30 * 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the server did not become healthy in 30 minutes:\n${output}`);
      const ok = await fetch(`${url}/api/health`).then((r) => r.status === 200, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const idleRss = groupRssMb(child.pid!);
    console.log(`server healthy; resident memory at rest ${idleRss.toFixed(0)} MB`);

    // The largest allowed request: every day bucket the limit allows, a second axis, medians.
    const until = new Date(Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000);
    const since = new Date(until.getTime() - READ_LIMIT_DEFAULTS.maxBuckets * 86_400_000);
    const query = (axis: string) =>
      `${url}/api/v1/aggregation?since=${since.toISOString().slice(0, 10)}&until=${until.toISOString().slice(0, 10)}` +
      `&axis_x=measurement_start_day&axis_y=${axis}&time_grain=day&medians=true`;
    let axis = "probe_asn";
    const probe = await fetch(query(axis));
    if (probe.status === 400) {
      console.log(`by probe_asn: ${(await probe.json()).issues?.[0]?.message}; using test_name`);
      axis = "test_name";
    } else await probe.arrayBuffer();

    // The same health checks with no heavy read running: what the machine alone costs
    // (on a shared, loaded machine this baseline can exceed the target by itself).
    const healthQuantiles = (ms: number[]) => {
      const sorted = [...ms].sort((a, b) => a - b);
      return `${ms.length} checks, p50 ${quantile(sorted, 0.5).toFixed(0)} ms, p95 ${quantile(sorted, 0.95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`;
    };
    const healthCheck = async () => {
      const t0 = performance.now();
      const status = await fetch(`${url}/api/health`).then((r) => r.arrayBuffer().then(() => r.status), () => 0);
      return status === 200 ? performance.now() - t0 : Infinity;
    };
    const idle: number[] = [];
    for (let i = 0; i < 40; i++) {
      idle.push(await healthCheck());
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`/api/health with no heavy read running: ${healthQuantiles(idle)}; load average ${loadavg()}`);

    for (let round = 1; round <= rounds; round++) {
      let peakRss = groupRssMb(child.pid!);
      const health: number[] = [];
      let running = true;
      const sampler = (async () => {
        while (running) {
          peakRss = Math.max(peakRss, groupRssMb(child.pid!));
          health.push(await healthCheck());
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const cpu0 = groupCpuMs(child.pid!);
      const t0 = performance.now();
      const results = await Promise.all(
        Array.from({ length: CONCURRENT }, async () => {
          const s = performance.now();
          try {
            const res = await fetch(query(axis));
            const bytes = (await res.arrayBuffer()).byteLength;
            return { status: res.status, bytes, ms: performance.now() - s };
          } catch (error) {
            // A dropped connection is a result to report (the server may have died), not a crash of the bench.
            return { status: 0, bytes: 0, ms: performance.now() - s, error: (error as Error).message };
          }
        }),
      );
      const wallMs = performance.now() - t0;
      const cpuMs = groupCpuMs(child.pid!) - cpu0;
      running = false;
      await sampler;
      console.log(
        `round ${round}: ${CONCURRENT} x GET /api/v1/aggregation (${READ_LIMIT_DEFAULTS.maxBuckets} day buckets x ${axis}, medians) in ${(wallMs / 1000).toFixed(1)} s`,
      );
      for (const r of results) console.log(`  ${r.status || "failed"} ${(r.bytes / 1024).toFixed(0)} KiB in ${r.ms.toFixed(0)} ms${"error" in r ? ` (${r.error})` : ""}`);
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the server died during round ${round} (${child.exitCode ?? child.signalCode}); its last output:\n${output.slice(-4000)}`);
      }
      console.log(`  peak RSS of the server's processes: ${peakRss.toFixed(0)} MB (target < 1024)`);
      console.log(`  /api/health during the run: ${healthQuantiles(health)} (target p95 < 200)`);
      console.log(`  server CPU ${(cpuMs / 1000).toFixed(1)} s: ${(cpuMs / CONCURRENT).toFixed(0)} ms per request; load average ${loadavg()}`);
    }
  } finally {
    await stop();
  }
});
