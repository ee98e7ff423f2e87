// Detection over stored rounds and GET /api/v1/events: a Telegram block seen by four
// owners in one network becomes one event with stable id; re-running updates, never duplicates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as events } from "../../app/api/v1/events/route";
import { GET as openapi } from "../../app/api/v1/openapi.json/route";
import type { MeasurementRecord } from "../../lib/measurement/schema";
import { runDetection } from "../../lib/store/detection";
import { ingestMeasurements } from "../../lib/store/ingest";
import type { Store } from "../../lib/store/open";
import { setStoreForTests } from "../../lib/server/store";
import { storeFactories } from "../helpers/stores";
import { okRecord, tcp } from "../unit/fixtures/records";

const T0 = Date.parse("2026-02-10T00:00:00Z");
const ROUNDS = 30;
const BLOCK = { from: 10, to: 20 }; // rounds [10, 20) blocked

function blockedEverywhere(rec: MeasurementRecord): MeasurementRecord {
  return {
    ...rec,
    targets: rec.targets.map((t) => (t.stages.tcp ? { ...t, stages: { dns: t.stages.dns, tcp: tcp(t.stages.tcp.ip, t.stages.tcp.port, "generic_timeout_error") } } : t)),
  };
}

function rounds(): MeasurementRecord[] {
  const out: MeasurementRecord[] = [];
  for (let p = 0; p < 4; p++) {
    for (let r = 0; r < ROUNDS; r++) {
      const at = new Date(T0 + r * 600_000 + p * 20_000).toISOString();
      const rec = okRecord("telegram", { throughput: false }, {
        started_at: at,
        round_id: `r-${p}-${r}`,
        probe: { id: `probe-${p}`, cc: "RU", asn: 12389, region: "Moscow", network_type: "fixed", owner: `owner-${p}` },
      });
      out.push(r >= BLOCK.from && r < BLOCK.to ? blockedEverywhere(rec) : rec);
    }
  }
  return out;
}

for (const factory of storeFactories()) {
  describe(`events on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
      await ingestMeasurements(store, rounds());
    }, 60_000);
    afterAll(async () => {
      setStoreForTests(null);
      await dispose?.();
    });

    it("stores the detected block and serves it, with the measurements behind it", async () => {
      const run = await runDetection(store, { since: null, until: null });
      expect(run).toMatchObject({ rounds: 4 * ROUNDS, withoutProbe: 0, events: 1, upserted: 1, deleted: 0 });
      const body = await (await events(new Request("http://localhost/api/v1/events?test_name=telegram&probe_cc=ru"))).json();
      expect(body.count).toBe(1);
      const e = body.results[0];
      expect(e).toMatchObject({ service: "telegram", country: "RU", kind: "block", scope: "network:RU/AS12389", asns: [12389], technique: "tcp", ongoing: false });
      expect(Date.parse(e.started_at)).toBe(T0 + BLOCK.from * 600_000);
      expect(Date.parse(e.ended_at)).toBe(T0 + BLOCK.to * 600_000);
      expect(Date.parse(e.onset_from)).toBeLessThan(Date.parse(e.onset_to));
      expect(e.measurement_ids.length).toBe(4 * (BLOCK.to - BLOCK.from));
      expect(e.evidence.counts).toMatchObject({ anomalous: 4 * (BLOCK.to - BLOCK.from) });
    });

    it("re-running keeps the id and updates instead of duplicating", async () => {
      const before = await (await events(new Request("http://localhost/api/v1/events"))).json();
      const run = await runDetection(store, { since: null, until: null });
      expect(run).toMatchObject({ events: 1, upserted: 1, deleted: 0 });
      const after = await (await events(new Request("http://localhost/api/v1/events"))).json();
      expect(after.results.map((e: { id: string }) => e.id)).toEqual(before.results.map((e: { id: string }) => e.id));
    });

    it("filters by network, overlap and state, and names bad parameters", async () => {
      const q = async (params: string) => (await events(new Request(`http://localhost/api/v1/events?${params}`))).json();
      expect((await q("probe_asn=AS8359")).count).toBe(0);
      expect((await q("probe_asn=12389&ongoing=false")).count).toBe(1);
      expect((await q("since=2026-02-10T05:00:00Z")).count).toBe(0);
      const bad = await events(new Request("http://localhost/api/v1/events?ongoing=maybe&limit=0"));
      expect(bad.status).toBe(400);
      expect((await bad.json()).issues.map((i: { path: string }) => i.path).sort()).toEqual(["limit", "ongoing"]);
    });
  });
}

describe("GET /api/v1/openapi.json", () => {
  it("describes every public route with its parameters", async () => {
    const doc = await (await openapi(new Request("http://localhost/api/v1/openapi.json"))).json();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of ["/api/v1/aggregation", "/api/v1/measurements", "/api/v1/measurements/{id}", "/api/v1/dumps/{day}.jsonl.gz", "/api/v1/events", "/api/v1/annotations", "/api/v1/annotations/{id}"]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const names = doc.paths["/api/v1/aggregation"].get.parameters.map((p: { $ref: string }) => doc.components.parameters[p.$ref.split("/").pop()!].name);
    expect(names).toEqual(expect.arrayContaining(["test_name", "probe_cc", "probe_asn", "since", "until", "time_grain", "axis_x", "axis_y", "format"]));
    // Every $ref resolves.
    const refs = JSON.stringify(doc).match(/#\/components\/[a-zA-Z]+\/[A-Za-z_]+/g) ?? [];
    for (const r of refs) {
      const [, , kind, name] = r.split("/");
      expect(doc.components[kind][name], r).toBeDefined();
    }
  });
});
