// npm run bench:web -- [--scale S] [--requests N] [--admin-url URL] [--keep | --reuse NAME]
// Server time of the explorer's pages on a PostgreSQL store of about 10 million
// measurements (bench:query's builder, scripts/lib/bench-store.ts; --scale shrinks it),
// and the gzipped JavaScript each page loads from the production build (in Chromium, on
// load and after the first touch of its chart).
//
// The store gets events from the real detector run over a week of the RU WhatsApp block the
// builder writes. The site is the production build served by `next start` on a free port;
// each page is requested N times one after another (after 2 warm-up requests) and the
// time to the last byte of the HTML is recorded: median and p95. The server's CPU time per
// request (from /proc of the server's process group) is printed beside it, with the load
// average, so a figure from a busy machine can still be read.
//
// The journalist kit's routes (embed, chart PNG and SVG, CSV) are timed the same way twice:
// cold (no validators, so the server computes and sends the whole answer) and revalidated
// (If-None-Match with the ETag it gave, answered 304). The embed is then requested by 4
// clients at once for 10 s to give requests per second on this machine.
import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import pg from "pg";
import { openStore } from "../lib/store/open";
import { rebuildRollups } from "../lib/store/rollups";
import { runDetection } from "../lib/store/detection";
import { build, START } from "./lib/bench-store";
import { buildIfNeeded } from "./lib/build";
import { runCli } from "./lib/cli";
import { freePort } from "../tests/helpers/server";
import { launchChromium } from "../tests/helpers/browser";
import type { Browser } from "playwright-core";

const USAGE = `usage: npm run bench:web -- [flags]
  --scale S        fraction of bench:query's full size (default 1: about 10 M measurements)
  --requests N     timed requests per page (default 30)
  --admin-url URL  PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
  --keep           keep the bench database (its name is printed)
  --reuse NAME     use a database an earlier --keep run (of bench:web or bench:query) built`;

const DAY = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** CPU seconds (user + system) of every process in a process group, from /proc. */
function groupCpuSeconds(pgid: number): number {
  const tick = 100;
  let total = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      /* gone */
    }
  }
  return total;
}

async function timePage(url: string, n: number, headers: Record<string, string> = {}, status = 200): Promise<number[]> {
  for (let i = 0; i < 2; i++) await (await fetch(url, { headers })).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== status) throw new Error(`${url}: HTTP ${res.status}, expected ${status}`);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

/** Requests answered per second by `clients` concurrent clients looping for `seconds`. */
async function throughput(url: string, clients: number, seconds: number): Promise<{ rps: number; p95: number }> {
  const end = performance.now() + seconds * 1000;
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { rps: times.length / seconds, p95: quantile(times, 0.95) };
}

/** Gzipped bytes of scripts, each counted once per page. */
class ScriptTally {
  private seen = new Set<string>();
  files = 0;
  gzip = 0;
  recharts = false;
  add(url: string, body: Buffer): void {
    if (this.seen.has(url)) return;
    this.seen.add(url);
    this.files++;
    this.gzip += zlib.gzipSync(body, { level: 9 }).length;
    // Class names only Recharts' own code holds (LiveChart, which loads it, names none of them).
    if (/recharts-(wrapper|cartesian-axis|tooltip-wrapper)/.test(body.toString("latin1"))) this.recharts = true;
  }
}

/**
 * The JavaScript a page makes Chromium download: on load (to the network going idle), and
 * after the reader's first pointer on its chart, which loads the interactive Recharts
 * layer (components/charts/LiveChart.tsx). Counted by a real browser, so chunks a page
 * imports on demand are seen, and nomodule polyfills (which a module-running browser
 * skips) are not. Bytes are the served file gzipped at level 9.
 */
async function pageJs(browser: Browser, base: string, path: string): Promise<{ load: ScriptTally; touched: ScriptTally | null }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  let tally = new ScriptTally();
  const pending: Promise<void>[] = [];
  page.on("response", (res) => {
    if (res.request().resourceType() !== "script") return;
    const into = tally;
    pending.push(res.body().then((b) => into.add(res.url(), b), () => undefined));
  });
  try {
    await page.goto(base + path, { waitUntil: "networkidle" });
    await Promise.all(pending.splice(0));
    const load = tally;
    const chart = page.locator(".live-chart").first();
    if ((await chart.count()) === 0) return { load, touched: null };
    const touched = new ScriptTally();
    touched.files = load.files;
    touched.gzip = load.gzip;
    touched.recharts = load.recharts;
    tally = touched;
    await chart.hover();
    await page.locator('.live-chart[data-live="drawn"]').first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    await Promise.all(pending.splice(0));
    return { load, touched };
  } finally {
    await page.close();
  }
}

runCli(async () => {
  const { values } = parseArgs({
    options: { scale: { type: "string" }, requests: { type: "string" }, "admin-url": { type: "string" }, keep: { type: "boolean" }, reuse: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return void console.log(USAGE);
  const scale = Number(values.scale ?? 1);
  const requests = Number(values.requests ?? 30);
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be a number in (0, 1]\n${USAGE}`);
  if (!(Number.isInteger(requests) && requests >= 5)) throw new Error(`--requests must be a whole number of at least 5\n${USAGE}`);
  if (values.reuse !== undefined && !/^vantage_bench_[0-9a-f]{8}$/.test(values.reuse)) throw new Error(`--reuse takes a vantage_bench_* name\n${USAGE}`);
  const adminUrl = values["admin-url"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = values.reuse ?? `vantage_bench_${crypto.randomBytes(4).toString("hex")}`;
  const keep = values.keep || values.reuse !== undefined;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${name}`;
  let days = Math.max(91, Math.round(120 * Math.sqrt(scale)));
  let server: ReturnType<typeof spawn> | null = null;
  try {
    if (!values.reuse) {
      await admin.query(`CREATE DATABASE ${name}`);
      console.log(`bench database ${name} (${days} days, scale ${scale})`);
      const store = await openStore({ databaseUrl: dbUrl.toString() });
      const t0 = performance.now();
      const n = await build(store, days, Math.sqrt(scale));
      await rebuildRollups(store);
      await store.exec("VACUUM ANALYZE");
      console.log(`built ${n.toLocaleString("en")} measurements and their rollups in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      await store.close();
    } else {
      const store = await openStore({ databaseUrl: dbUrl.toString() });
      const span = await store.prisma.$queryRawUnsafe<{ days: number }[]>("SELECT round(extract(epoch FROM max(started_at) - min(started_at)) / 86400)::int AS days FROM measurements");
      days = span[0].days;
      await store.close();
    }
    // Events from the real detector over the week around the builder's RU WhatsApp block.
    const mid = START.getTime() + Math.floor(days / 2) * DAY;
    const store = await openStore({ databaseUrl: dbUrl.toString() });
    const detection = await runDetection(store, { since: new Date(mid - 3 * DAY), until: new Date(mid + 4 * DAY) });
    const events = await store.prisma.$queryRawUnsafe<{ id: string }[]>("SELECT id FROM events WHERE country = 'RU' ORDER BY started_at LIMIT 1");
    await store.close();
    console.log(`detector: ${detection.events} events over 7 days`);

    buildIfNeeded();
    const port = await freePort();
    server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env: { ...process.env, DATABASE_URL: dbUrl.toString(), NEXT_TELEMETRY_DISABLED: "1", VANTAGE_DETECT_INTERVAL_S: "0", VANTAGE_UPLOAD_WORKERS: "0", VANTAGE_READ_RATE_BURST: "100000", VANTAGE_READ_RATE_PER_MINUTE: "100000" },
      stdio: "ignore",
      detached: true,
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).status === 200) break;
      } catch {
        /* not yet */
      }
      if (i > 240) throw new Error("the site did not start");
      await new Promise((r) => setTimeout(r, 500));
    }
    const to = day(START.getTime() + (days - 1) * DAY);
    const from90 = day(START.getTime() + (days - 90) * DAY);
    const from7 = day(mid - 3 * DAY);
    const to7 = day(mid + 3 * DAY);
    const pages: [string, string][] = [
      ["timeline, 90 days, day grain", `/ru/whatsapp?from=${from90}&to=${to}&grain=day`],
      ["timeline, 7 days, hour grain", `/ru/whatsapp?from=${from7}&to=${to7}&grain=hour`],
      ["network timeline, 7 days, hour", `/ru/whatsapp/as12389?from=${from7}&to=${to7}&grain=hour`],
      ["country, 90 days, day grain", `/ru?from=${from90}&to=${to}`],
      ["country, 7 days, hour grain", `/ru?from=${from7}&to=${to7}&grain=hour`],
      ["events", "/events"],
      ...(events[0] ? ([["event page", `/events/${events[0].id}`]] as [string, string][]) : []),
      ["home", "/"],
    ];
    console.log(`load average before: ${fs.readFileSync("/proc/loadavg", "utf8").trim()}`);
    console.log("page | median ms | p95 ms | server CPU ms/request | target p95 < 300 ms");
    for (const [label, path] of pages) {
      const cpu0 = groupCpuSeconds(server.pid!);
      const times = await timePage(base + path, requests);
      const cpu = ((groupCpuSeconds(server.pid!) - cpu0) * 1000) / (requests + 2);
      const p95 = quantile(times, 0.95);
      console.log(`${label} | ${quantile(times, 0.5).toFixed(0)} | ${p95.toFixed(0)} | ${cpu.toFixed(0)} | ${p95 < 300 ? "met" : "NOT met"}`);
    }
    console.log(`load average after: ${fs.readFileSync("/proc/loadavg", "utf8").trim()}`);

    const view = `from=${from90}&to=${to}&grain=day`;
    const kit: [string, string, number][] = [
      ["embed, 90 days", `/embed/ru/whatsapp?${view}`, 200],
      ["chart PNG, 1200 px", `/ru/whatsapp/chart.png?${view}&w=1200`, 500],
      ["chart SVG", `/ru/whatsapp/chart.svg?${view}`, 300],
      ["data CSV", `/ru/whatsapp/data.csv?${view}`, 300],
    ];
    console.log(`load average before the kit: ${fs.readFileSync("/proc/loadavg", "utf8").trim()}`);
    console.log("kit route | cold median ms | cold p95 ms | CPU ms/request | revalidated (304) median ms | p95 ms | target cold p95");
    for (const [label, path, target] of kit) {
      const cpu0 = groupCpuSeconds(server.pid!);
      const cold = await timePage(base + path, requests);
      const cpu = ((groupCpuSeconds(server.pid!) - cpu0) * 1000) / (requests + 2);
      const etag = (await fetch(base + path)).headers.get("etag");
      const warm = etag ? await timePage(base + path, requests, { "if-none-match": etag }, 304) : [];
      const p95 = quantile(cold, 0.95);
      const warmText = warm.length ? `${quantile(warm, 0.5).toFixed(0)} | ${quantile(warm, 0.95).toFixed(0)}` : "no ETag | -";
      console.log(`${label} | ${quantile(cold, 0.5).toFixed(0)} | ${p95.toFixed(0)} | ${cpu.toFixed(0)} | ${warmText} | < ${target} ms ${p95 < target ? "met" : "NOT met"}`);
    }
    const cpu0 = groupCpuSeconds(server.pid!);
    const embed = await throughput(`${base}${kit[0][1]}`, 4, 10);
    const cpu = ((groupCpuSeconds(server.pid!) - cpu0) * 1000) / (embed.rps * 10);
    console.log(`embed, 4 clients for 10 s: ${embed.rps.toFixed(1)} requests/s, p95 ${embed.p95.toFixed(0)} ms, ${cpu.toFixed(0)} CPU ms/request (2 cores)`);
    console.log(`load average after the kit: ${fs.readFileSync("/proc/loadavg", "utf8").trim()}`);
    console.log("page | scripts on load | gzipped JS KB on load | loads Recharts on load | target < 250 KB for the heaviest | after touching the chart: scripts, KB");
    const browser = await launchChromium();
    try {
      for (const [label, path] of [...pages, ["comparison, 3 services", `/compare?cc=ru&services=whatsapp,telegram,max&from=${from90}&to=${to}`] as [string, string]]) {
        const { load, touched } = await pageJs(browser, base, path);
        const kb = (t: ScriptTally) => (t.gzip / 1024).toFixed(1);
        console.log(`${label} | ${load.files} | ${kb(load)} | ${load.recharts ? "yes" : "no"} | ${load.gzip / 1024 < 250 ? "met" : "NOT met"} | ${touched ? `${touched.files}, ${kb(touched)}` : "no chart"}`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        /* gone */
      }
    }
    if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    else console.log(`kept ${name}`);
    await admin.end();
  }
});
