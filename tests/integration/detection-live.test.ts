// Detection as measurements arrive, through the real HTTP API: scenario probes (bench/scenarios,
// known ground truth) register, upload their rounds in the order the server would receive
// them, an hour of arrivals at a time, and events appear at GET /api/v1/events with no
// `npm run detect`. After every step the stored events equal a full detection run over the
// stored rounds, field for field, including after late data moves an onset. Reference
// probes abroad, once the operator marks them, turn the events of a service-wide failure
// into outages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetUploadLimiter } from "../../app/api/v1/probes/_lib/limits";
import { eventView } from "../../lib/api/event-view";
import { eventRow } from "../../lib/query/events";
import { detect } from "../../lib/detect/detector";
import type { RoundObservation } from "../../lib/detect/types";
import type { MeasurementRecord } from "../../lib/measurement/schema";
import { scenarioByName } from "../../bench/scenarios/catalog";
import { arrivalOrder, generateScenario } from "../../bench/scenarios/generate";
import type { GeneratedScenario, ScenarioSpec } from "../../bench/scenarios/types";
import { detectionScheduler, resetDetectionSchedulerForTests } from "../../lib/server/detection-scheduler";
import type { Store } from "../../lib/store/open";
import { roundObservations } from "../../lib/store/queries/events";
import { setStoreForTests } from "../../lib/server/store";
import { storeFactories } from "../helpers/stores";
import { api, startApiServer } from "../helpers/volunteer-api";
import { scenarioRecord } from "../helpers/scenario-records";

const OPERATOR = "operator-token-0123456789abcdef";
const HOUR = 3_600_000;

/** A 2-day WhatsApp-only variant of a catalogue scenario (fewer rounds to upload). */
function spec(name: string, effectHours?: { from: number; to: number }): ScenarioSpec {
  const base = scenarioByName(name);
  return {
    ...base,
    days: 2,
    services: ["whatsapp"],
    effects: effectHours ? base.effects.map((e) => ({ ...e, ...effectHours })) : base.effects,
  };
}

for (const factory of storeFactories()) {
  describe(`detection as measurements arrive, on ${factory.name}`, () => {
    let store: Store;
    let dispose: (() => Promise<void>) | undefined;
    let server: Awaited<ReturnType<typeof startApiServer>>;
    let registrations = 0;

    /** Each scenario gets a store of its own (they cover the same days and networks). */
    async function freshStore(): Promise<void> {
      await detectionScheduler().idle();
      await dispose?.();
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
    }

    beforeAll(async () => {
      process.env.VANTAGE_OPERATOR_TOKEN = OPERATOR;
      process.env.VANTAGE_DETECT_INTERVAL_S = "1";
      process.env.VANTAGE_UPLOAD_BURST = "100000";
      resetUploadLimiter();
      server = await startApiServer();
    }, 60_000);
    afterAll(async () => {
      await detectionScheduler().idle();
      await server?.stop();
      setStoreForTests(null);
      delete process.env.VANTAGE_DETECT_INTERVAL_S;
      delete process.env.VANTAGE_UPLOAD_BURST;
      resetUploadLimiter();
      await dispose?.();
    });

    /** Registers and enrolls every probe of the scenario (one account per owner); scenario probe id -> {id, credential}. */
    async function enrolFleet(s: GeneratedScenario): Promise<Map<string, { id: string; credential: string }>> {
      const first = new Map<string, RoundObservation>();
      for (const o of s.observations) if (!first.has(o.probeId)) first.set(o.probeId, o);
      const accounts = new Map<string, string>();
      const out = new Map<string, { id: string; credential: string }>();
      for (const [simId, o] of first) {
        let key = accounts.get(o.owner);
        if (!key) {
          key = (await api("POST", "/api/v1/probes/accounts", { body: { contact: null } })).body.key as string;
          accounts.set(o.owner, key);
        }
        registrations++;
        const from = `10.${registrations >> 8}.${registrations & 255}.1`;
        const body = { name: simId, country: o.cc, region: o.region ?? undefined, asn: o.asn, network_type: o.networkType ?? "fixed" };
        const reg = await api("POST", "/api/v1/probes", { auth: key, body, from });
        expect(reg.status, JSON.stringify(reg.body)).toBe(201);
        const enrolled = await api("POST", "/api/v1/probes/enroll", { body: { token: reg.body.enrollment_token } });
        out.set(simId, { id: reg.body.probe_id, credential: enrolled.body.credential });
      }
      return out;
    }

    async function http(method: string, path: string, options: { auth?: string; body?: unknown } = {}) {
      const res = await fetch(server.url + path, {
        method,
        headers: { ...(options.auth ? { authorization: `Bearer ${options.auth}` } : {}), ...(options.body ? { "content-type": "application/json" } : {}) },
        body: options.body ? JSON.stringify(options.body) : undefined,
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    }

    /** Uploads observations as each probe would: one batch per probe. */
    async function upload(s: GeneratedScenario, indices: number[], fleet: Map<string, { id: string; credential: string }>): Promise<void> {
      const byProbe = new Map<string, MeasurementRecord[]>();
      for (const i of indices) {
        const o = s.observations[i];
        const p = fleet.get(o.probeId)!;
        const list = byProbe.get(o.probeId) ?? [];
        list.push(scenarioRecord(o, p.id));
        byProbe.set(o.probeId, list);
      }
      for (const [simId, records] of byProbe) {
        const res = await http("POST", "/api/v1/measurements", { auth: fleet.get(simId)!.credential, body: { records } });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    }

    async function servedEvents() {
      const res = await http("GET", "/api/v1/events?limit=1000");
      expect(res.status).toBe(200);
      return (res.body.results as { id: string }[]).sort((a, b) => (a.id < b.id ? -1 : 1));
    }

    /** Events of a full detection run over everything stored, as the API shows them. */
    async function fullRunEvents() {
      const { observations } = await roundObservations(store, null, null);
      const views = detect(observations).events.map((e) => eventView(eventRow(e)));
      return (JSON.parse(JSON.stringify(views)) as { id: string }[]).sort((a, b) => (a.id < b.id ? -1 : 1));
    }

    it("keeps events current as a block's rounds arrive, late ones included, equal to a full run", async () => {
      await freshStore();
      const s = generateScenario(spec("full-block", { from: 18, to: 32 }), 7);
      const fleet = await enrolFleet(s);
      const start = Date.parse(s.start);
      const truth = s.truth.find((t) => t.asn === 12389)!;
      // AS12389's first 90 minutes of the block are held back and arrive last.
      const heldFrom = Date.parse(truth.start);
      const held = (i: number) => {
        const o = s.observations[i];
        const t = new Date(o.at).getTime();
        return o.asn === 12389 && t >= heldFrom && t < heldFrom + 90 * 60_000;
      };
      const order = arrivalOrder(s);
      const late = order.filter(held);
      const byHour = new Map<number, number[]>();
      for (const i of order) {
        if (held(i)) continue;
        const h = Math.floor((s.receivedAtMs[i] - start) / HOUR);
        byHour.set(h, [...(byHour.get(h) ?? []), i]);
      }
      let checks = 0;
      for (const [h, indices] of [...byHour].sort((a, b) => a[0] - b[0])) {
        await upload(s, indices, fleet);
        await detectionScheduler().idle();
        if (h % 6 === 5) {
          expect(await servedEvents(), `after arrival hour ${h}`).toEqual(await fullRunEvents());
          checks++;
        }
      }
      expect(checks).toBeGreaterThan(5);
      const before = await servedEvents();
      expect(before).toEqual(await fullRunEvents());
      const network = (evs: any[], asn: number) => evs.filter((e) => e.scope === `network:RU/AS${asn}` && e.service === "whatsapp");
      for (const t of s.truth) {
        const found = network(before, t.asn);
        expect(found.length, `AS${t.asn}`).toBeGreaterThanOrEqual(1);
        expect(found[0]).toMatchObject({ kind: "block", technique: "tcp" });
      }
      expect(before.some((e: any) => e.scope === "country:RU")).toBe(true);
      const lateOnset = network(before, 12389)[0] as any;
      expect(Date.parse(lateOnset.started_at)).toBeGreaterThanOrEqual(heldFrom + 60 * 60_000);

      // The held-back rounds arrive: the onset moves back, the event gets the id of its new
      // onset, the old one is gone, and everything still equals a full run.
      await upload(s, late, fleet);
      await detectionScheduler().idle();
      const after = await servedEvents();
      expect(after).toEqual(await fullRunEvents());
      const moved = network(after, 12389) as any[];
      expect(moved.length).toBe(1);
      expect(Math.abs(Date.parse(moved[0].started_at) - heldFrom)).toBeLessThanOrEqual(20 * 60_000);
      expect(moved[0].id).not.toBe(lateOnset.id);
      expect(after.map((e) => e.id)).not.toContain(lateOnset.id);

      const health = await http("GET", "/api/health");
      expect(health.body.detection).toMatchObject({ pending: false, running: false, last_error: null });
      expect(health.body.detection.runs).toBeGreaterThan(0);
      expect(Date.parse(health.body.detection.last_success_at)).toBeGreaterThan(Date.now() - 60_000);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^vantage_detection_runs_total\{result="ok"\} [1-9]\d*$/m);
    }, 600_000);

    it("covers after a restart the rounds a stopped server stored but never ran detection over", async () => {
      await freshStore();
      const s = generateScenario(spec("full-block", { from: 18, to: 32 }), 11);
      const fleet = await enrolFleet(s);
      const start = Date.parse(s.start);
      const arrivedBy = (h: number) => (i: number) => s.receivedAtMs[i] - start < h * HOUR;
      const order = arrivalOrder(s);
      await upload(s, order.filter(arrivedBy(17)), fleet);
      await detectionScheduler().idle();
      expect(await servedEvents()).toEqual(await fullRunEvents());

      // The block's rounds are stored, but the server stops before its next run: here,
      // detection is off while they arrive and the scheduler (its memory) is dropped.
      process.env.VANTAGE_DETECT_INTERVAL_S = "0";
      await upload(s, order.filter((i) => !arrivedBy(17)(i) && arrivedBy(31)(i)), fleet);
      resetDetectionSchedulerForTests();
      process.env.VANTAGE_DETECT_INTERVAL_S = "1";
      expect((await servedEvents()).some((e: any) => e.scope.startsWith("network:RU/") && e.service === "whatsapp")).toBe(false);

      // A new process: its first run, set off by the rounds after the block, reaches back to
      // what arrived since the last run recorded as covered.
      await upload(s, order.filter((i) => !arrivedBy(31)(i)), fleet);
      await detectionScheduler().idle();
      const events = await servedEvents();
      expect(events).toEqual(await fullRunEvents());
      for (const t of s.truth) {
        expect(events.some((e: any) => e.scope === `network:RU/AS${t.asn}` && e.kind === "block"), `AS${t.asn}`).toBe(true);
      }
    }, 600_000);

    it("tells an outage from a block once the operator marks the probes abroad as reference probes", async () => {
      await freshStore();
      const s = generateScenario(spec("service-outage"), 3);
      const fleet = await enrolFleet(s);
      const references = [...new Set(s.observations.filter((o) => o.reference).map((o) => o.probeId))];
      expect(references.length).toBe(3);
      await upload(s, arrivalOrder(s), fleet);
      await detectionScheduler().idle();
      const unmarked = (await servedEvents()).filter((e: any) => Date.parse(e.started_at) >= Date.parse(s.start) && e.service === "whatsapp");
      expect(unmarked.length).toBeGreaterThanOrEqual(5);
      expect(new Set(unmarked.map((e: any) => e.kind))).toEqual(new Set(["block"]));

      // The operator API: authenticated, validated, 404 for an unknown probe.
      const someRef = fleet.get(references[0])!.id;
      expect((await http("POST", `/api/v1/probes/${someRef}/reference`, { body: { reference: true } })).status).toBe(401);
      expect((await http("POST", `/api/v1/probes/${someRef}/reference`, { auth: "wrong-token-0123456789", body: { reference: true } })).status).toBe(401);
      expect((await http("POST", `/api/v1/probes/${someRef}/reference`, { auth: OPERATOR, body: { reference: "yes" } })).status).toBe(400);
      expect((await http("POST", "/api/v1/probes/prb_none/reference", { auth: OPERATOR, body: { reference: true } })).status).toBe(404);
      for (const simId of references) {
        const res = await http("POST", `/api/v1/probes/${fleet.get(simId)!.id}/reference`, { auth: OPERATOR, body: { reference: true } });
        expect(res).toEqual({ status: 200, body: { probe_id: fleet.get(simId)!.id, reference: true } });
      }
      await detectionScheduler().idle();
      const events = (await servedEvents()) as any[];
      expect(events).toEqual(await fullRunEvents());
      const outages = events.filter((e) => e.service === "whatsapp" && Date.parse(e.started_at) >= Date.parse(s.start) - HOUR);
      const networks = outages.filter((e) => e.scope.startsWith("network:RU/"));
      expect(new Set(networks.map((e) => e.asns[0]))).toEqual(new Set(s.truth.map((t) => t.asn)));
      expect(outages.find((e) => e.scope === "country:RU")).toBeDefined();
      for (const e of outages) expect(e.kind, e.scope).toBe("outage");
      // Reference probes never form networks of their own.
      expect(events.some((e) => !e.scope.includes("RU"))).toBe(false);
    }, 600_000);
  });
}
