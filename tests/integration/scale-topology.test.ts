// Scale-out on a real local topology (scripts/lib/topology.ts): a PostgreSQL primary and a
// streaming replica, three Vantage server instances, HAProxy in front. Through the balancer:
// uploads reach the primary; the home page and the read API are served from the replica
// (its own statistics count the reads); exactly one instance holds the detection lease and
// detects; killing it moves detection to another within a minute, and the events then
// equal a single full detection run over the same stored rounds, none duplicated or
// missing; a probe uploading faster than its limit, and an account registering more
// probes than its daily cap, are refused across instances as on one. Each client request
// leaves from a loopback address of its own (127.N.M.1), which HAProxy passes on in
// X-Forwarded-For, so registrations come from distinct networks.
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventView } from "../../lib/api/event-view";
import { eventRow } from "../../lib/query/events";
import { detect } from "../../lib/detect/detector";
import type { RoundObservation } from "../../lib/detect/types";
import type { MeasurementRecord } from "../../lib/measurement/schema";
import { scenarioByName } from "../../bench/scenarios/catalog";
import { arrivalOrder, generateScenario } from "../../bench/scenarios/generate";
import type { GeneratedScenario } from "../../bench/scenarios/types";
import { openStore, type Store } from "../../lib/store/open";
import { roundObservations } from "../../lib/store/queries/events";
import { buildIfNeeded } from "../../scripts/lib/build";
import { loopbackNetworks, request } from "../../scripts/lib/http-client";
import { startTopology, topologyUnavailable, type Topology } from "../../scripts/lib/topology";
import { scenarioRecord } from "../helpers/scenario-records";
import { okRecord } from "../unit/fixtures/records";
import { ACCOUNT_CAPS } from "../../lib/volunteers/registration-limit";

const unavailable = topologyUnavailable();
if (unavailable) console.warn(`scale topology test skipped: ${unavailable}`);

const OPERATOR = "operator-token-0123456789abcdef";
const UPLOAD_BURST = 4;

async function eventually<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${(last as Error).message})` : ""}`);
}

/** Reads by user queries of the tables public pages read, as the replica's own statistics count them. */
async function replicaScans(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await client.query<{ n: string }>(
      `SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0)::bigint AS n FROM pg_stat_user_tables
       WHERE relname IN ('daily_rollups', 'probe_days', 'events', 'annotations', 'hourly_rollups', 'probe_hours')`,
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

function detectionRunsOk(metrics: string): number {
  const m = /^vantage_detection_runs_total\{result="ok"\} (\d+)$/m.exec(metrics);
  return m ? Number(m[1]) : 0;
}

describe.skipIf(unavailable !== null).sequential("scale-out on a local topology: primary, replica, three instances, HAProxy", () => {
  let topology: Topology;
  let primary: Store;
  let scenario: GeneratedScenario;
  const fleet = new Map<string, { id: string; credential: string }>();
  /** A loopback address in a /24 of its own. */
  const freshAddress = loopbackNetworks();

  beforeAll(async () => {
    buildIfNeeded();
    topology = await startTopology({
      instances: 3,
      env: {
        VANTAGE_DETECT_INTERVAL_S: "1",
        VANTAGE_DETECT_LEASE_RETRY_S: "2",
        VANTAGE_UPLOAD_BURST: String(UPLOAD_BURST),
        VANTAGE_UPLOAD_PER_MINUTE: "1",
        VANTAGE_OPERATOR_TOKEN: OPERATOR,
        VANTAGE_UPLOAD_WORKERS: "1",
      },
    });
    primary = await openStore({ databaseUrl: topology.primaryUrl, migrate: false });
    const base = scenarioByName("full-block");
    scenario = generateScenario(
      { ...base, days: 2, services: ["whatsapp"], effects: base.effects.map((e) => ({ ...e, from: 18, to: 32 })) },
      7,
    );
  }, 900_000);

  afterAll(async () => {
    await primary?.close();
    await topology?.stop();
  });

  const lb = (path: string) => `${topology.balancerUrl}${path}`;

  async function holderSeenBy(url: string): Promise<string | null> {
    const health = await request(`${url}/api/health`, "GET");
    return health.body?.detection_lease?.holder?.instance ?? null;
  }

  async function upload(indices: number[]): Promise<number> {
    const byProbe = new Map<string, MeasurementRecord[]>();
    for (const i of indices) {
      const o = scenario.observations[i];
      const list = byProbe.get(o.probeId) ?? [];
      list.push(scenarioRecord(o, fleet.get(o.probeId)!.id));
      byProbe.set(o.probeId, list);
    }
    let stored = 0;
    for (const [simId, records] of byProbe) {
      const res = await request(lb("/api/v1/measurements"), "POST", { auth: fleet.get(simId)!.credential, body: { records } });
      expect(res.status, res.text).toBe(200);
      stored += res.body.stored.length;
    }
    return stored;
  }

  async function storedEvents(): Promise<{ id: string }[]> {
    const res = await request(lb("/api/v1/events?limit=1000"), "GET");
    expect(res.status, res.text).toBe(200);
    return (res.body.results as { id: string }[]).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Events of one full detection run in this process over every round stored on the primary. */
  async function singleRunEvents(): Promise<{ id: string }[]> {
    const { observations } = await roundObservations(primary, null, null);
    const views = detect(observations).events.map((e) => eventView(eventRow(e)));
    return (JSON.parse(JSON.stringify(views)) as { id: string }[]).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Events as stored on the primary, straight from the table (the replica may trail). */
  async function primaryEventIds(): Promise<string[]> {
    const rows = await primary.prisma.$queryRawUnsafe<{ id: string }[]>("SELECT id FROM events ORDER BY id");
    return rows.map((r) => r.id);
  }

  async function eventsMatchSingleRun(): Promise<boolean> {
    const expected = (await singleRunEvents()).map((e) => e.id);
    return expected.length > 0 && JSON.stringify(await primaryEventIds()) === JSON.stringify(expected);
  }

  it("registers the fleet through the balancer, one limit across instances", async () => {
    const first = new Map<string, RoundObservation>();
    for (const o of scenario.observations) if (!first.has(o.probeId)) first.set(o.probeId, o);
    const accounts = new Map<string, string>();
    for (const [simId, o] of first) {
      let key = accounts.get(o.owner);
      if (!key) {
        const account = await request(lb("/api/v1/probes/accounts"), "POST", { body: { contact: null }, from: freshAddress() });
        expect(account.status, account.text).toBe(201);
        key = account.body.key as string;
        accounts.set(o.owner, key);
      }
      const body = { name: simId, country: o.cc, region: o.region ?? undefined, asn: o.asn, network_type: o.networkType ?? "fixed" };
      const reg = await request(lb("/api/v1/probes"), "POST", { auth: key, body, from: freshAddress() });
      expect(reg.status, reg.text).toBe(201);
      const enrolled = await request(lb("/api/v1/probes/enroll"), "POST", { body: { token: reg.body.enrollment_token } });
      expect(enrolled.status, enrolled.text).toBe(200);
      fleet.set(simId, { id: reg.body.probe_id, credential: enrolled.body.credential });
    }
    // An account registers at most ACCOUNT_CAPS.perWindow probes a day: round-robin spreads
    // the attempts over the instances, and the one past the cap is refused wherever it lands.
    const owner = (await request(lb("/api/v1/probes/accounts"), "POST", { body: { contact: null }, from: freshAddress() })).body.key as string;
    const probe = { name: "limit", country: "RU", asn: 12389, network_type: "fixed" };
    const statuses = [];
    for (let i = 0; i <= ACCOUNT_CAPS.perWindow; i++) {
      statuses.push((await request(lb("/api/v1/probes"), "POST", { auth: owner, body: probe, from: freshAddress() })).status);
    }
    expect(statuses).toEqual([...Array(ACCOUNT_CAPS.perWindow).fill(201), 429]);
  }, 300_000);

  it("has exactly one detector, sends uploads to the primary and detects there", async () => {
    const holder = await eventually("a lease holder", 30_000, () => holderSeenBy(topology.balancerUrl));
    const views = await Promise.all(topology.instances.map(async (i) => (await request(`${i.url}/api/health`, "GET")).body));
    expect(views.filter((v) => v.detection_lease.held_here).map((v) => v.instance)).toEqual([holder]);
    for (const v of views) {
      expect(v.detection_lease.holder.instance).toBe(holder);
      expect(v.store.role).toBe("primary");
      expect(v.replicas).toEqual([expect.objectContaining({ role: "replica", state: "serving" })]);
    }

    const order = arrivalOrder(scenario);
    const firstPart = order.slice(0, Math.floor(order.length * 0.6));
    const stored = await upload(firstPart);
    expect(stored).toBe(firstPart.length);
    const [{ n }] = await primary.prisma.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM measurements");
    expect(n).toBe(firstPart.length);

    await eventually("events equal to a single full run", 90_000, eventsMatchSingleRun);
    const runs = await Promise.all(topology.instances.map(async (i) => [i.id, detectionRunsOk((await request(`${i.url}/metrics`, "GET")).text)] as const));
    for (const [id, count] of runs) {
      if (id === holder) expect(count, id).toBeGreaterThan(0);
      else expect(count, id).toBe(0);
    }
    const metrics = (await request(`${topology.instances[0].url}/metrics`, "GET")).text;
    expect(metrics).toMatch(/^vantage_instance_info\{vantage_instance="web-1"\} 1$/m);
  }, 300_000);

  it("serves pages and the read API from the replica", async () => {
    const before = await replicaScans(topology.replicaUrl);
    for (const path of ["/", "/api/v1/events?limit=10", "/api/v1/aggregation?test_name=whatsapp&probe_cc=RU&since=2026-01-05T00:00:00Z&until=2026-01-07T00:00:00Z&axis_x=measurement_start_day", "/api/v1/annotations?country=RU"]) {
      for (let i = 0; i < 3; i++) {
        const res = await request(lb(path), "GET");
        expect(res.status, `${path}: ${res.text.slice(0, 300)}`).toBe(200);
      }
    }
    // The replica's statistics are flushed when its sessions go idle (up to about 10 s).
    await eventually("reads counted by the replica", 30_000, async () => (await replicaScans(topology.replicaUrl)) > before);
    const served = await Promise.all(
      topology.instances.map(async (i) => /^vantage_read_store_total\{store="replica [^"]+"\} [1-9]/m.test((await request(`${i.url}/metrics`, "GET")).text)),
    );
    expect(served).toEqual([true, true, true]);
  }, 120_000);

  it("moves detection to another instance within a minute when the holder dies, losing and duplicating no event", async () => {
    const holder = (await holderSeenBy(topology.balancerUrl))!;
    const killedAt = Date.now();
    await topology.kill(holder);
    const survivor = topology.instances.find((i) => i.id !== holder)!;
    const next = await eventually("a new lease holder", 60_000, async () => {
      const h = await holderSeenBy(survivor.url);
      return h && h !== holder ? h : null;
    });
    const takeoverS = (Date.now() - killedAt) / 1000;
    expect(takeoverS).toBeLessThan(60);
    console.log(`detection moved from ${holder} to ${next} in ${takeoverS.toFixed(1)} s`);

    const order = arrivalOrder(scenario);
    const rest = order.slice(Math.floor(order.length * 0.6));
    expect(await upload(rest)).toBe(rest.length);
    await eventually("events equal to a single full run after the takeover", 90_000, eventsMatchSingleRun);
    const served = await storedEvents();
    expect(new Set(served.map((e) => e.id)).size).toBe(served.length);
    // The replica catches up and then serves exactly what a single full run finds, field for field.
    await eventually("the replica's events equal the single run", 30_000, async () => isDeepStrictEqual(await storedEvents(), await singleRunEvents()));
    expect(await storedEvents()).toEqual(await singleRunEvents());
    const truthNetworks = new Set(scenario.truth.map((t) => `network:RU/AS${t.asn}`));
    for (const scope of truthNetworks) expect(served.some((e) => (e as { scope?: string }).scope === scope), scope).toBe(true);
  }, 300_000);

  it("refuses a probe beyond its upload limit across instances, as one instance would", async () => {
    const owner = (await request(lb("/api/v1/probes/accounts"), "POST", { body: { contact: null }, from: freshAddress() })).body.key as string;
    const reg = await request(lb("/api/v1/probes"), "POST", { auth: owner, body: { name: "eager", country: "RU", asn: 12389, network_type: "fixed" }, from: freshAddress() });
    expect(reg.status, reg.text).toBe(201);
    const credential = (await request(lb("/api/v1/probes/enroll"), "POST", { body: { token: reg.body.enrollment_token } })).body.credential as string;
    const probe = { id: reg.body.probe_id as string, cc: "RU", asn: 12389, asn_name: null, region: null, network_type: "fixed" as const, owner: null };
    const statuses: number[] = [];
    // Round-robin spreads these over the surviving instances; the bucket they share is in the store.
    for (let i = 0; i < UPLOAD_BURST + 3; i++) {
      const started_at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
      const res = await request(lb("/api/v1/measurements"), "POST", { auth: credential, body: { records: [okRecord("max", {}, { started_at, probe })] } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(UPLOAD_BURST).fill(200), 429, 429, 429]);
  }, 120_000);
});
