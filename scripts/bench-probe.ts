// `npm run bench:probe`: one full probe round (WhatsApp, Telegram, Max, controls,
// throughput) against the censorship lab across a veth pair between two network namespaces,
// with 100 ms of added round trip (netem, where the kernel has it). Prints the wall time of
// a healthy round and of a round where every TCP connection is silently dropped, the probe
// process's peak memory, and the bytes it sent and received. Needs root, iproute2, nftables.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLabProcess } from "../tests/lab/lab-process";
import { netnsSupport, qdiscAvailable, withLabNetwork } from "../tests/lab/netns";

const ROOT = join(import.meta.dirname, "..");
const ONE_WAY_DELAY_MS = 50;

interface RoundFigures {
  wallMs: number;
  probeWallMs: number;
  maxRssKb: number;
  bytesSent: number;
  bytesReceived: number;
  wireTx: number;
  wireRx: number;
  statuses: string;
}

async function main(): Promise<number> {
  const support = netnsSupport();
  if (!existsSync("/usr/bin/time")) support.missing.push("/usr/bin/time (Debian package time)");
  if (support.missing.length > 0) {
    console.error(`bench:probe needs ${support.missing.join(", ")}`);
    return 2;
  }
  const netem = qdiscAvailable("netem delay 1ms");
  const dir = mkdtempSync(join(tmpdir(), "vantage-bench-"));
  try {
    // Latency: netem on a veth pair where the kernel has it, else the user-space delay line
    // (two TUN devices and a forwarding process that holds every packet 50 ms each way).
    const delayLine = !netem && process.env.BENCH_NO_DELAY !== "1";
    return await withLabNetwork(`b${process.pid % 10000}`, async (net) => {
      if (netem) net.addDelay(ONE_WAY_DELAY_MS);
      else if (!delayLine) {
        console.error("!".repeat(78));
        console.error("NO round-trip latency added (no netem, BENCH_NO_DELAY=1): figures for a ~0 ms path.");
        console.error("!".repeat(78));
      }
      const lab = await startLabProcess({ netns: net.serverNs, bindHost: net.serverIp });
      try {
        const plan = lab.layout.healthyPlan();
        await lab.apply(plan);
        // Default timeouts, concurrency and throughput caps: only the lab wiring is kept.
        const config = lab.layout.probeConfig(plan, lab.endpoints) as Record<string, unknown>;
        delete config.timeouts;
        delete config.concurrency;
        config.throughput = { ...(config.throughput as object), max_ms: 10_000 };
        const configFile = join(dir, "bench.json");
        writeFileSync(configFile, JSON.stringify(config));

        // The probe as `npm run probe` runs it (TypeScript through tsx), and as a packaged
        // worker would (one esbuild bundle): start-up differs by seconds, the round does not.
        const bundle = join(dir, "probe.mjs");
        const built = spawnSync(join(ROOT, "node_modules/.bin/esbuild"), [
          join(ROOT, "probes/cli.ts"), "--bundle", "--platform=node", "--format=esm", "--target=node20", `--outfile=${bundle}`, "--log-level=warning",
          "--banner:js=import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ], { cwd: ROOT, encoding: "utf8" });
        if (built.status !== 0) throw new Error(`esbuild failed: ${built.stderr}`);
        const tsxProbe = ["--import", "tsx", join(ROOT, "probes/cli.ts")];
        const bundledProbe = [bundle];

        const round = (name: string, probeArgs: string[] = tsxProbe): RoundFigures => {
          const out = join(dir, `${name}.jsonl`);
          const before = net.probeCounters();
          const started = performance.now();
          const r = spawnSync(
            "ip",
            ["netns", "exec", net.probeNs, "/usr/bin/time", "-v", process.execPath, ...probeArgs, "run", "--once", "--config", configFile, "--output", out, "--stats"],
            { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
          );
          const wallMs = performance.now() - started;
          if (r.status !== 0) throw new Error(`probe failed (${name}): ${r.stderr}`);
          const after = net.probeCounters();
          const stats = JSON.parse(/stats (\{.*\})/.exec(r.stderr)![1]) as { wall_ms: number; max_rss_kb: number; bytes_sent: number; bytes_received: number };
          const timeRss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? stats.max_rss_kb);
          const statuses = readFileSync(out, "utf8").trim().split("\n").map((l) => {
            const rec = JSON.parse(l);
            return `${rec.service}=${rec.verdict.status}`;
          });
          return {
            wallMs,
            probeWallMs: stats.wall_ms,
            maxRssKb: Math.max(timeRss, stats.max_rss_kb),
            bytesSent: stats.bytes_sent,
            bytesReceived: stats.bytes_received,
            wireTx: after.tx - before.tx,
            wireRx: after.rx - before.rx,
            statuses: statuses.join(" "),
          };
        };

        net.setServerRules({});
        const healthy = round("healthy");
        const healthyBundled = round("healthy-bundled", bundledProbe);
        // Every TCP connection into the lab silently dropped (DNS still answers).
        net.setServerRules({ input: ["meta l4proto tcp drop"] });
        const dropped = round("dropped");
        net.setServerRules({});

        const rtt = netem
          ? `${2 * ONE_WAY_DELAY_MS} ms added RTT (netem)`
          : delayLine
            ? `${2 * ONE_WAY_DELAY_MS} ms added RTT (user-space delay line; this kernel has no netem)`
            : "NO added RTT";
        const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
        console.log(`bench:probe — one round of whatsapp, telegram, max + controls + throughput, ${rtt}, default timeouts`);
        console.log(`| figure | value | target |`);
        console.log(`| --- | --- | --- |`);
        console.log(`| healthy round, wall time (process, incl. start-up) | ${(healthy.wallMs / 1000).toFixed(2)} s | < 3 s |`);
        console.log(`| healthy round, wall time (round itself) | ${(healthy.probeWallMs / 1000).toFixed(2)} s | |`);
        console.log(`| healthy round, bundled probe (esbuild), wall time (process) | ${(healthyBundled.wallMs / 1000).toFixed(2)} s | < 3 s |`);
        console.log(`| peak memory, bundled probe (max RSS) | ${(healthyBundled.maxRssKb / 1024).toFixed(1)} MiB | < 120 MB |`);
        console.log(`| all silently dropped, wall time (process) | ${(dropped.wallMs / 1000).toFixed(2)} s | < 15 s |`);
        console.log(`| all silently dropped, wall time (round itself) | ${(dropped.probeWallMs / 1000).toFixed(2)} s | |`);
        console.log(`| peak memory of the probe process under tsx (max RSS) | ${(Math.max(healthy.maxRssKb, dropped.maxRssKb) / 1024).toFixed(1)} MiB | < 120 MB |`);
        console.log(`| healthy round, bytes sent / received (probe sockets) | ${kb(healthy.bytesSent)} / ${kb(healthy.bytesReceived)} | |`);
        console.log(`| healthy round, bytes sent / received (on the wire, incl. DNS and headers) | ${kb(healthy.wireTx)} / ${kb(healthy.wireRx)} | |`);
        console.log(`| dropped round, bytes sent / received (on the wire) | ${kb(dropped.wireTx)} / ${kb(dropped.wireRx)} | |`);
        console.log(`verdicts: healthy: ${healthy.statuses}; bundled: ${healthyBundled.statuses}; dropped: ${dropped.statuses}`);
        return 0;
      } finally {
        await lab.stop();
      }
    }, delayLine ? { delayLineMs: ONE_WAY_DELAY_MS } : {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
