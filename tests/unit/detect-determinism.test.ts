// Stable ids on re-run, order independence, incremental == batch, late data, bad input.
import { describe, expect, it } from "vitest";
import { createDetectorState, detect, ingest } from "../../lib/detect/detector";
import { eventId } from "../../lib/detect/event-id";
import { resolveDetectConfig } from "../../lib/detect/config";
import type { DetectionResult, RoundObservation } from "../../lib/detect/types";
import { Prng } from "../../bench/scenarios/prng";
import { iso, owners, run } from "./detect-builders";

function history(): RoundObservation[] {
  return [
    ...run(owners(5, 12389), 300, (p, b) => ((b >= 40 && b < 90) || (b >= 200 && b < 230 && !p.owner.endsWith("-4")) ? "blocked" : "ok")),
    ...run(owners(4, 8359), 300, (p, b) => ({ status: "ok", kbps: b >= 150 && b < 260 ? 500 : 4000 }), "telegram"),
    ...run(owners(5, 8359), 300, (_p, b) => (b >= 45 && b < 95 ? "blocked" : b % 37 === 0 ? "inconclusive" : "ok")),
  ];
}

function shuffled<T>(items: T[], seed: number): T[] {
  const rng = new Prng(seed);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function incremental(chunks: RoundObservation[][]): DetectionResult {
  let state = createDetectorState();
  let result = detect([]);
  for (const chunk of chunks) ({ state, result } = ingest(state, chunk));
  return result;
}

describe("determinism", () => {
  it("gives the same events and ids when re-run, whatever the input order", () => {
    const obs = history();
    const a = detect(obs);
    const b = detect(shuffled(obs, 7));
    expect(a.events.length).toBeGreaterThanOrEqual(4);
    expect(b).toEqual(a);
    const again = detect(obs);
    expect(again.events.map((e) => e.id)).toEqual(a.events.map((e) => e.id));
  });

  it("derives ids from service, scope and onset bucket only", () => {
    const [e] = detect(run(owners(5), 40, (_p, b) => (b >= 10 && b < 20 ? "blocked" : "ok"))).events;
    expect(e.id).toBe(eventId("whatsapp", { level: "network", cc: "RU", asn: 12389 }, iso(10)));
    expect(e.id).toMatch(/^ev_[0-9a-f]{16}$/);
    // A longer history around the same event keeps its id.
    const [e2] = detect(run(owners(5), 200, (_p, b) => (b >= 10 && b < 20 ? "blocked" : "ok"))).events;
    expect(e2.id).toBe(e.id);
  });

  it("ignores a measurement sent twice", () => {
    const obs = history();
    const result = detect([...obs, ...obs.slice(0, 50)]);
    expect(result.duplicates).toBe(50);
    expect({ ...result, duplicates: 0 }).toEqual(detect(obs));
  });
});

describe("incremental form", () => {
  it("equals the batch result when fed in time order, bucket by bucket", () => {
    const obs = history().sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
    const chunks: RoundObservation[][] = [];
    for (let i = 0; i < obs.length; i += 23) chunks.push(obs.slice(i, i + 23));
    expect(incremental(chunks)).toEqual(detect(obs));
  });

  it("equals the batch result with late and out-of-order arrivals", () => {
    const obs = shuffled(history(), 11);
    const chunks: RoundObservation[][] = [];
    for (let i = 0; i < obs.length; i += 997) chunks.push(obs.slice(i, i + 997));
    expect(incremental(chunks)).toEqual(detect(obs));
  });

  it("never modifies the state it was given", () => {
    const obs = history();
    const { state } = ingest(createDetectorState(), obs.slice(0, 3000));
    const before = detect(obs.slice(0, 3000));
    ingest(state, obs.slice(3000));
    const { result } = ingest(state, []);
    expect(result).toEqual(before);
  });

  it("re-opens detection when late data arrives for old, final buckets", () => {
    // A network's rounds for buckets 40-60 arrive last, long after those buckets were final.
    const obs = run(owners(5), 200, (_p, b) => (b >= 40 && b < 60 ? "blocked" : "ok"));
    const inGap = (o: RoundObservation) => {
      const m = Number(o.measurementId.split("-").pop());
      return m >= 40 && m < 60;
    };
    const { state, result: before } = ingest(createDetectorState(), obs.filter((o) => !inGap(o)));
    expect(before.events).toHaveLength(0);
    const { result: after } = ingest(state, obs.filter(inGap));
    expect(after.events).toHaveLength(1);
    expect(after.events[0].start).toBe(iso(40));
    expect(after.events[0].settled).toBe(true);
    expect(after).toEqual(detect(obs));
  });

  it("replays from the start when late data is older than every kept checkpoint", () => {
    const obs = history();
    const t = (o: RoundObservation) => (o.at as Date).getTime();
    const late = obs.filter((o) => t(o) >= Date.parse(iso(80)) && t(o) < Date.parse(iso(90)));
    const rest = obs.filter((o) => !late.includes(o));
    const config = { checkpointRetainBuckets: 24 };
    let { state } = ingest(createDetectorState(config), rest);
    ({ state } = ingest(state, late));
    expect(ingest(state, []).result).toEqual(detect(obs, config));
  });
});

describe("retention", () => {
  const config = { retainBuckets: 60, checkpointRetainBuckets: 120 };

  it("keeps the batch result while dropping old observations, and counts data too late to use", () => {
    // Time order with up to 20 buckets of lateness: always inside the retained window.
    const obs = history().sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
    const rng = new Prng(3);
    const arrival = obs.map((o, i) => ({ o, t: (o.at as Date).getTime() + rng.int(0, 20) * 600_000, i })).sort((a, b) => a.t - b.t || a.i - b.i);
    let state = createDetectorState(config);
    let result = detect([]);
    for (let i = 0; i < arrival.length; i += 200) ({ state, result } = ingest(state, arrival.slice(i, i + 200).map((x) => x.o)));
    expect(result).toEqual(detect(obs, config));
    for (const n of state.networks.values()) {
      expect(n.floor).not.toBeNull();
      expect(n.floor as number).toBeGreaterThan(Date.parse(iso(200)) / 600_000);
    }
    // A round from the start of the history is now older than any replay can reach.
    const { result: after } = ingest(state, [{ ...obs[0], measurementId: "very-late" }]);
    expect(after.tooLate).toBe(1);
    expect(after.events).toEqual(result.events);
  });

  it("needs a checkpoint between the horizon and the oldest kept one", () => {
    expect(() => resolveDetectConfig({ retainBuckets: 280 })).toThrow('"retainBuckets" + "checkpointEveryBuckets" must not exceed "checkpointRetainBuckets"');
  });
});

describe("bad input", () => {
  it("names the observation and the field", () => {
    const [o] = run(owners(1), 1, () => "ok");
    expect(() => detect([o, { ...o, at: "yesterday" }])).toThrow('observation 1: "at" must be a Date or an ISO timestamp');
    expect(() => detect([{ ...o, status: "down" as never }])).toThrow('observation 0: "status" must be one of');
    expect(() => detect([{ ...o, throughputKbps: -1 }])).toThrow('"throughputKbps" must be a finite number >= 0 or null');
    expect(() => detect([{ ...o, cc: "ru" }])).toThrow('"cc" must be two capital letters');
  });

  it("rejects unusable configuration, naming the key", () => {
    expect(() => resolveDetectConfig({ openBuckets: 0 })).toThrow('"openBuckets" must be a positive integer');
    expect(() => resolveDetectConfig({ criticalRatio: 0.6 })).toThrow('"criticalRatio" (0.6) must be below "warningRatio"');
    expect(() => resolveDetectConfig({ nope: 1 } as never)).toThrow('unknown key "nope"');
  });
});
