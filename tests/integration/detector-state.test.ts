// An auditor can see why an event opened, stayed open and closed: a scenario with known
// ground truth (WhatsApp blocked at TCP in four Russian networks for 14 hours, with the
// generator's random and correlated noise) is stored, detection runs and stores its events,
// and GET /api/v1/detector-state, over real HTTP, must agree with every stored event bucket
// by bucket. Buckets nobody measured are unknown, never ok.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioByName } from "../../bench/scenarios/catalog";
import { generateScenario } from "../../bench/scenarios/generate";
import { resetReadLimitsForTests } from "../../lib/api/read-guard";
import { DEFAULT_DETECT_CONFIG } from "../../lib/detect/config";
import { setStoreForTests } from "../../lib/server/store";
import { runDetection } from "../../lib/store/detection";
import { detectorStateRounds, loadDetectorState } from "../../lib/store/detector-state";
import { ingestMeasurements } from "../../lib/store/ingest";
import type { Store } from "../../lib/store/open";
import { scenarioRecord } from "../helpers/scenario-records";
import { storeFactories } from "../helpers/stores";
import { startApiServer } from "../helpers/volunteer-api";

const BUCKET = DEFAULT_DETECT_CONFIG.bucketMinutes * 60_000;

interface ApiBucket {
  start: string;
  end: string;
  state: "ok" | "anomalous" | "unknown";
  rounds: number;
  evidence_rounds: number;
  owners: number;
  active_owners: number;
  anomalous_owners: number;
  quorum: number;
  quorum_met: boolean;
  technique: string | null;
  phase: "idle" | "pending" | "open";
  event_ids: string[];
}
interface StoredEvent {
  id: string;
  scope: string;
  asns: number[];
  started_at: Date;
  onset_from: Date;
  ended_at: Date | null;
}

describe.each(storeFactories())("GET /api/v1/detector-state on $name", (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: Awaited<ReturnType<typeof startApiServer>>;
  let start: number;
  let events: StoredEvent[];

  beforeAll(async () => {
    ({ store, dispose } = await factory.create());
    setStoreForTests(store);
    resetReadLimitsForTests();
    server = await startApiServer();
    const base = scenarioByName("full-block");
    const scenario = generateScenario({ ...base, days: 2, services: ["whatsapp"], effects: base.effects.map((e) => ({ ...e, from: 18, to: 32 })) }, 7);
    start = Date.parse(scenario.start);
    const records = scenario.observations.map((o) => scenarioRecord(o, o.probeId, o.owner));
    for (let i = 0; i < records.length; i += 1_000) await ingestMeasurements(store, records.slice(i, i + 1_000));
    await runDetection(store, { since: null, until: null });
    events = await store.prisma.$queryRawUnsafe<StoredEvent[]>(
      `SELECT id, scope, asns, started_at, onset_from, ended_at FROM events WHERE service = 'whatsapp' AND country = 'RU' ORDER BY started_at, id`,
    );
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
    setStoreForTests(null);
    await dispose?.();
  });

  async function get(query: string) {
    const res = await fetch(`${server.url}/api/v1/detector-state?${query}`);
    return { status: res.status, body: await res.json() };
  }

  it("agrees with every stored event: anomalous with quorum at onset and through it, ok at its end, unknown where nothing was measured", async () => {
    const network = events.filter((e) => e.scope.startsWith("network:"));
    const country = events.filter((e) => e.scope.startsWith("country:"));
    expect(network.length).toBeGreaterThanOrEqual(4); // the block, in each of the four networks
    expect(country.length).toBeGreaterThanOrEqual(1);
    expect(network.every((e) => e.ended_at !== null)).toBe(true); // the block ends 16 hours before the data does

    // The two days and six hours past the last round, at the detector's own 10-minute buckets.
    const since = new Date(start).toISOString();
    const until = new Date(start + 54 * 3_600_000).toISOString();
    const r = await get(`test_name=whatsapp&probe_cc=RU&since=${since}&until=${until}&grain=10m`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.grain).toBe("10m");
    const byAsn = new Map<number, ApiBucket[]>(r.body.networks.map((n: { probe_asn: number; buckets: ApiBucket[] }) => [n.probe_asn, n.buckets]));
    expect([...byAsn.keys()]).toEqual([3216, 8359, 12389, 31133]); // ascending
    const at = (buckets: ApiBucket[], t: Date | number) => buckets.find((b) => b.start === new Date(t).toISOString())!;

    for (const [asn, buckets] of byAsn) {
      expect(buckets).toHaveLength(54 * 6);
      const mine = network.filter((e) => e.asns.includes(asn));
      for (const b of buckets) {
        // The event open in each bucket is exactly the stored events covering it.
        const covering = mine.filter((e) => e.started_at.getTime() < Date.parse(b.end) && (e.ended_at === null || e.ended_at.getTime() > Date.parse(b.start)));
        expect(b.event_ids, `AS${asn} ${b.start}`).toEqual(covering.map((e) => e.id));
        // Not measured is unknown, never ok; a quorum is never met by fewer owners than it asks.
        if (b.evidence_rounds === 0) expect(b.state).toBe("unknown");
        if (b.owners < DEFAULT_DETECT_CONFIG.minOwners) expect(b.state).toBe("unknown");
        expect(b.quorum_met).toBe(b.state === "anomalous");
        if (b.quorum_met) expect(b.anomalous_owners).toBeGreaterThanOrEqual(b.quorum);
      }
      // After the last round (48 h) nothing was measured: unknown, nothing counted.
      for (const b of buckets.filter((x) => Date.parse(x.start) >= start + 48 * 3_600_000)) {
        expect(b).toMatchObject({ state: "unknown", rounds: 0, owners: 0, quorum_met: false, event_ids: [] });
      }
      for (const e of mine) {
        // Why it opened: its first bucket was anomalous with the quorum met, and the bucket before the bracket ok.
        const first = at(buckets, e.started_at);
        expect(first, `${e.id} onset`).toMatchObject({ state: "anomalous", quorum_met: true, technique: "tcp", event_ids: [e.id] });
        expect(first.phase).not.toBe("idle");
        if (e.onset_from.getTime() < e.started_at.getTime()) expect(at(buckets, e.onset_from).state).toBe("ok");
        // Why it stayed open: inside, mostly anomalous with quorum, and never closeBuckets healthy buckets in a row.
        const inside = buckets.filter((b) => Date.parse(b.start) >= e.started_at.getTime() && Date.parse(b.start) < e.ended_at!.getTime());
        expect(inside.filter((b) => b.state === "anomalous").length / inside.length).toBeGreaterThan(0.8);
        expect(inside.at(-1)!.state).toBe("anomalous"); // the end's bracket: the last anomalous bucket
        let healthyRun = 0;
        for (const b of inside) {
          if (b.state === "ok") healthyRun++;
          else if (b.state === "anomalous") healthyRun = 0;
          expect(healthyRun).toBeLessThan(DEFAULT_DETECT_CONFIG.closeBuckets);
        }
        expect(inside.some((b) => b.phase === "open")).toBe(true);
        // Why it closed: from its end, closeBuckets healthy buckets came before any anomalous one.
        const after = buckets.filter((b) => Date.parse(b.start) >= e.ended_at!.getTime() && b.state !== "unknown").slice(0, DEFAULT_DETECT_CONFIG.closeBuckets);
        expect(after.map((b) => b.state)).toEqual(Array(DEFAULT_DETECT_CONFIG.closeBuckets).fill("ok"));
        expect(at(buckets, e.ended_at!).state).toBe("ok");
      }
      // Around the block, the network is ok or unknown, never anomalous with an event, before the onset.
      const onset = Math.min(...mine.map((e) => e.started_at.getTime()));
      const before = buckets.filter((b) => Date.parse(b.end) <= onset && b.event_ids.length === 0);
      expect(before.filter((b) => b.state === "ok").length).toBeGreaterThan(before.length * 0.9);
    }

    // The country aggregate: its events are where at least two networks were anomalous.
    for (const e of country) {
      const inside = (r.body.country as (ApiBucket & { anomalous_networks: number; networks_in_event: number })[]).filter(
        (b) => Date.parse(b.start) >= e.started_at.getTime() && Date.parse(b.start) < (e.ended_at?.getTime() ?? Infinity),
      );
      expect(inside.length).toBeGreaterThan(0);
      expect(inside.every((b) => b.event_ids.includes(e.id))).toBe(true);
      expect(inside.some((b) => b.quorum_met && b.anomalous_networks >= DEFAULT_DETECT_CONFIG.countryMinAsns)).toBe(true);
      expect(Math.max(...inside.map((b) => b.networks_in_event))).toBeGreaterThanOrEqual(DEFAULT_DETECT_CONFIG.countryMinAsns);
    }
    expect(r.body.events.map((e: { id: string }) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
  });

  it("one network by hour: summarised buckets carry the event, the quorum and the counts", async () => {
    const e = events.find((x) => x.scope === "network:RU/AS12389")!;
    const since = new Date(start).toISOString().slice(0, 10);
    const r = await get(`test_name=whatsapp&probe_cc=ru&probe_asn=AS12389&since=${since}&until=${new Date(start + 49 * 3_600_000).toISOString()}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.grain).toBe("hour"); // beyond two days the default grain is the hour
    expect(r.body.country).toBeNull();
    const [{ probe_asn, buckets }] = r.body.networks as { probe_asn: number; buckets: (ApiBucket & { buckets: Record<string, number> })[] }[];
    expect(probe_asn).toBe(12389);
    const hourOfOnset = buckets.find((b) => Date.parse(b.start) <= e.started_at.getTime() && Date.parse(b.end) > e.started_at.getTime())!;
    expect(hourOfOnset).toMatchObject({ state: "anomalous", quorum_met: true, event_ids: [e.id] });
    for (const b of buckets) expect(b.buckets.ok + b.buckets.anomalous + b.buckets.unknown).toBe(6);
    expect(r.body.events.map((x: { id: string }) => x.id)).toContain(e.id);
  });

  it("bounds the read: a 400 names the parameter and the limit", async () => {
    const missing = await get("probe_cc=RU");
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toContainEqual({ in: "query", path: "test_name", message: "required" });
    const long = await get("test_name=whatsapp&probe_cc=RU&since=2025-01-01&until=2026-01-01");
    expect(long.status).toBe(400);
    expect(long.body.issues[0]).toMatchObject({ in: "query", path: "since", message: expect.stringContaining("at most 92 days") });
    const fine = await get("test_name=whatsapp&probe_cc=RU&since=2026-01-01&until=2026-01-31&grain=10m");
    expect(fine.status).toBe(400);
    expect(fine.body.issues[0]).toMatchObject({ in: "query", path: "grain", message: expect.stringContaining("at most 1000 time buckets") });
    const bad = await get("test_name=icq&probe_cc=RU&grain=week");
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["grain", "test_name"]);
  });

  it("bounds the read by the rounds it would re-walk, counted before any is read", async () => {
    const query = { service: "whatsapp" as const, cc: "RU", asn: null, from: new Date(start), to: new Date(start + 2 * 86_400_000), grainMinutes: 60 };
    const rounds = await detectorStateRounds(store, query, new Date(start - 86_400_000), new Date(start + 3 * 86_400_000));
    const stored = await store.prisma.measurement.count({ where: { service: "whatsapp", country: "RU" } });
    expect(rounds).toBe(stored);
    await expect(loadDetectorState(store, query, { maxRounds: rounds - 1 })).rejects.toMatchObject({ name: "DetectorStateTooCostly", rounds, limit: rounds - 1 });
    const trace = await loadDetectorState(store, query, { maxRounds: rounds });
    expect(trace.networks.length).toBeGreaterThan(0);
  });

  it("keeps a bounded read's walk until the scope's stored rounds change", async () => {
    const query = { service: "whatsapp" as const, cc: "RU", asn: 12389, from: new Date(start), to: new Date(start + 86_400_000), grainMinutes: 60 };
    const first = await loadDetectorState(store, query, { maxRounds: 10_000 });
    expect(await loadDetectorState(store, query, { maxRounds: 10_000 })).toBe(first);
    // One more stored round of the scope (as an upload's rollup upsert would count it).
    await store.exec(`UPDATE hourly_rollups SET measurement_count = measurement_count + 1, ok_count = ok_count + 1
      WHERE ctid = (SELECT ctid FROM hourly_rollups WHERE service = 'whatsapp' AND asn = 12389 AND hour >= '${new Date(start).toISOString()}' LIMIT 1)`);
    const after = await loadDetectorState(store, query, { maxRounds: 10_000 });
    expect(after).not.toBe(first);
    expect(after).toEqual(first); // the rounds themselves did not change: the same walk, recomputed
    await store.exec(`UPDATE hourly_rollups SET measurement_count = measurement_count - 1, ok_count = ok_count - 1
      WHERE ctid = (SELECT ctid FROM hourly_rollups WHERE service = 'whatsapp' AND asn = 12389 AND hour >= '${new Date(start).toISOString()}' LIMIT 1)`);
  });
});
