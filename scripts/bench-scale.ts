// `npm run bench:scale`: the local topology (scripts/lib/topology.ts: PostgreSQL primary and
// streaming replica, three Vantage server instances, HAProxy) under load, through the
// balancer with one instance (HAProxy's web-1-only frontend) and with three. Prints
// requests per second, median and p95 latency of the home and timeline pages, the embed and the
// timeline API, and the ingest rate of uploads, each with the CPU it cost per request or record and the
// load average. On a 2-core machine three instances cannot triple anything: the ratio
// between the two rows, read beside the CPU figures, is the result.
// Environment: BENCH_SCALE_SECONDS (15 per read phase), BENCH_SCALE_CONCURRENCY (8),
// BENCH_SCALE_BATCHES (24 upload batches of 250 records per phase), BENCH_SCALE_PATHS
// (comma-separated extra read paths).
import http from "node:http";
import { cpus, loadavg } from "node:os";
import { seedDemo } from "../lib/demo/seed";
import { openStore } from "../lib/store/open";
import { okRecord } from "../tests/unit/fixtures/records";
import { buildIfNeeded } from "./lib/build";
import { runCli } from "./lib/cli";
import { loopbackNetworks, request } from "./lib/http-client";
import { startTopology, topologyUnavailable, type Topology } from "./lib/topology";

const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 8);
const BATCHES = Number(process.env.BENCH_SCALE_BATCHES ?? 24);
const BATCH_SIZE = 250;
const SEED = { from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z", everyHours: 12 };

const VIEW = `from=${SEED.from.slice(0, 10)}&to=2026-02-28&grain=day`;
const READ_PATHS: [string, string][] = [
  ["home page /", "/"],
  ["timeline page /ru/whatsapp", `/ru/whatsapp?${VIEW}`],
  ["embed /embed/ru/whatsapp", `/embed/ru/whatsapp?${VIEW}`],
  [
    "timeline API (aggregation by day)",
    `/api/v1/aggregation?test_name=whatsapp&probe_cc=RU&since=${SEED.from}&until=${SEED.to}&axis_x=measurement_start_day`,
  ],
  ...(process.env.BENCH_SCALE_PATHS ?? "").split(",").filter(Boolean).map((p): [string, string] => [p, p]),
];

const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function cpuTotal(t: Topology): number {
  const c = t.cpuMs();
  return c.instances + c.primary + c.replica + c.balancer;
}

/** Closed loop: CONCURRENCY clients, each sending its next GET when the last one answered. */
async function readPhase(t: Topology, base: string, path: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const errors = new Map<number, number>();
  const cpu0 = cpuTotal(t);
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        const res = await request(base + path, "GET", { agent });
        if (res.status === 200) latencies.push(performance.now() - s);
        else errors.set(res.status, (errors.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuTotal(t) - cpu0;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / wall, p50: percentile(latencies, 50), p95: percentile(latencies, 95), errors: [...errors].map(([status, n]) => `${n} x ${status}`).join(", ") || "0", cpuPerReq: cpu / Math.max(1, latencies.length) };
}

async function ingestPhase(t: Topology, base: string, probes: { credential: string }[], day: number) {
  const bodies = Array.from({ length: BATCHES }, (_, b) =>
    JSON.stringify({
      records: Array.from({ length: BATCH_SIZE }, (_, i) =>
        okRecord("whatsapp", { throughput: true }, { started_at: new Date(Date.UTC(2026, 2, day) + (b * BATCH_SIZE + i) * 1000).toISOString() }),
      ),
    }),
  );
  let next = 0;
  const cpu0 = cpuTotal(t);
  const t0 = performance.now();
  await Promise.all(
    probes.map(async (p) => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await request(base + "/api/v1/measurements", "POST", { auth: p.credential, body });
        if (res.status !== 200) throw new Error(`upload answered ${res.status}: ${res.text.slice(0, 300)}`);
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const records = BATCHES * BATCH_SIZE;
  return { rate: records / wall, cpuPerRecord: (cpuTotal(t) - cpu0) / records };
}

runCli(async () => {
  const missing = topologyUnavailable();
  if (missing) throw new Error(`bench:scale needs the local topology: ${missing}`);
  buildIfNeeded();
  console.log(`load average ${load()} on ${cpus().length} cores; starting the topology (primary, replica, 3 instances, HAProxy)...`);
  const topology = await startTopology({ instances: 3, env: {
      // All clients of the bench are one address behind HAProxy: the per-client limits would
      // answer most requests 429 and measure the limiter, not the instances.
      VANTAGE_UPLOAD_BURST: "1000000",
      VANTAGE_UPLOAD_PER_MINUTE: "1000000",
      VANTAGE_READ_RATE_BURST: "1000000",
      VANTAGE_READ_RATE_PER_MINUTE: "1000000",
    },
  });
  try {
    const primary = await openStore({ databaseUrl: topology.primaryUrl, migrate: false });
    try {
      const t0 = Date.now();
      const seeded = await seedDemo(primary, SEED);
      console.log(`seeded ${seeded.stored} simulated records (${SEED.from.slice(0, 10)} to ${SEED.to.slice(0, 10)}, every ${SEED.everyHours} h) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    } finally {
      await primary.close();
    }
    // Wait until every instance serves reads from the replica again (it may lag after the seed).
    for (const inst of topology.instances) {
      for (let i = 0; i < 120; i++) {
        const h = (await request(`${inst.url}/api/health`, "GET")).body;
        if (h?.replicas?.[0]?.state === "serving") break;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const fronts: [string, string][] = [
      ["1 instance", topology.singleUrl],
      ["3 instances", topology.balancerUrl],
    ];
    for (const [, path] of READ_PATHS) for (const [, base] of fronts) for (let i = 0; i < 10; i++) await request(base + path, "GET"); // warm up

    console.log(`\nreads: ${CONCURRENCY} concurrent clients, ${SECONDS} s per row, through HAProxy; CPU = instances + primary + replica + HAProxy`);
    console.log("route | instances | req/s | p50 ms | p95 ms | errors | CPU ms/req | load average");
    const results = new Map<string, number[]>();
    for (const [name, path] of READ_PATHS) {
      for (const [label, base] of fronts) {
        const r = await readPhase(topology, base, path);
        results.set(name, [...(results.get(name) ?? []), r.rps]);
        console.log(`${name} | ${label} | ${r.rps.toFixed(1)} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.errors} | ${r.cpuPerReq.toFixed(1)} | ${load()}`);
      }
    }

    const from = loopbackNetworks();
    const probes: { credential: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const key = (await request(`${topology.balancerUrl}/api/v1/probes/accounts`, "POST", { body: { contact: null }, from: from() })).body.key;
      const reg = (await request(`${topology.balancerUrl}/api/v1/probes`, "POST", { auth: key, body: { name: `bench-${i}`, country: "RU", asn: 12389, network_type: "fixed" }, from: from() })).body;
      probes.push((await request(`${topology.balancerUrl}/api/v1/probes/enroll`, "POST", { body: { token: reg.enrollment_token } })).body);
    }
    console.log(`\ningest: ${BATCHES} batches of ${BATCH_SIZE} WhatsApp rounds (with throughput) per row, ${probes.length} probes uploading at once`);
    console.log("instances | records/s | CPU ms/record | load average");
    const ingest: number[] = [];
    for (const [i, [label, base]] of fronts.entries()) {
      const r = await ingestPhase(topology, base, probes, 1 + i);
      ingest.push(r.rate);
      console.log(`${label} | ${r.rate.toFixed(0)} | ${r.cpuPerRecord.toFixed(2)} | ${load()}`);
    }

    console.log("\nratio, 3 instances over 1 (2 cores shared with the database, the balancer and this client):");
    for (const [name, [one, three]] of results) console.log(`  ${name}: ${(three / one).toFixed(2)}x requests per second`);
    console.log(`  ingest: ${(ingest[1] / ingest[0]).toFixed(2)}x records per second`);
  } finally {
    await topology.stop();
  }
});
