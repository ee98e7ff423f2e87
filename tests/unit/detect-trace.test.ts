// The detector's per-bucket decision (decideBucket) and the state reader built on it
// (traceDetection): the quorum is never met by fewer owners than it requires, a bucket
// without readable rounds is unknown, and the reader reports exactly the detector's walk.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveDetectConfig } from "../../lib/detect/config";
import { detect } from "../../lib/detect/detector";
import { decideBucket, emptyTrack } from "../../lib/detect/network-track";
import { compareCompact, type CompactObservation } from "../../lib/detect/observation";
import { traceDetection, traceBucketCount } from "../../lib/detect/trace";
import type { ServiceStatus } from "../../lib/measurement/vocabulary";
import { BUCKET, T0, iso, owners, run } from "./detect-builders";

const config = resolveDetectConfig();
const STATUSES: ServiceStatus[] = ["ok", "blocked", "partial", "throttled", "inconclusive", "error"];

/** One bucket: rounds of up to 7 owners with 1-2 probes each, any status. */
const bucketArb = fc.array(
  fc.record({ owner: fc.integer({ min: 0, max: 6 }), probe: fc.integer({ min: 0, max: 1 }), status: fc.constantFrom(...STATUSES), repeat: fc.integer({ min: 1, max: 2 }) }),
  { maxLength: 14 },
);

function compact(bucket: number, rounds: { owner: number; probe: number; status: ServiceStatus; repeat: number }[]): CompactObservation[] {
  const out: CompactObservation[] = [];
  rounds.forEach((r, i) => {
    for (let k = 0; k < r.repeat; k++) {
      out.push({
        id: `m${bucket}-${i}-${k}`,
        probeId: `p${r.owner}-${r.probe}`,
        owner: `o${r.owner}`,
        region: null,
        atMs: bucket * BUCKET + k * 60_000 + i,
        status: r.status,
        technique: r.status === "blocked" ? "tcp" : null,
        allowlist: false,
        kbps: null,
      });
    }
  });
  return out.sort(compareCompact);
}

describe("decideBucket: the detector's one per-bucket decision", () => {
  it("never meets the quorum with fewer failing owners than it requires, nor with fewer than minOwners reporting; no readable round is unknown", () => {
    fc.assert(
      fc.property(fc.array(bucketArb, { minLength: 1, maxLength: 30 }), (buckets) => {
        const t = emptyTrack(1000);
        buckets.forEach((rounds, i) => {
          const list = compact(1000 + i, rounds);
          const d = decideBucket(t, list, undefined, config);
          const readableOwners = new Set(list.filter((o) => o.status !== "inconclusive" && o.status !== "error").map((o) => o.owner));
          expect(d.bucket).toBe(1000 + i);
          // During a speed run a round without a throughput sample is no evidence, so fewer may count.
          expect(d.owners).toBeLessThanOrEqual(readableOwners.size);
          expect(d.rounds).toBe(list.length);
          expect(d.quorum).toBeGreaterThanOrEqual(config.minOwners);
          if (d.owners < config.minOwners) {
            expect(d.state).toBe("unknown");
            expect(d.quorumMet).toBe(false);
          }
          if (d.anomalousOwners < d.quorum) expect(d.quorumMet).toBe(false);
          if (d.quorumMet) {
            expect(d.state).toBe("anomalous");
            expect(d.anomalousOwners).toBeGreaterThanOrEqual(d.quorum);
            expect(d.owners).toBeGreaterThanOrEqual(d.quorum);
          }
          if (readableOwners.size === 0) {
            expect(d.state).toBe("unknown");
            expect(d.evidenceRounds).toBe(0);
            expect(d.probes).toBe(0);
          }
          // An event only opens on anomalous buckets: the phase moves to open only on one.
          if (d.phase !== "idle") expect(d.runOnset).not.toBeNull();
        });
      }),
      { numRuns: 300 },
    );
  });

  it("a bucket with no observations at all is unknown, whatever came before", () => {
    const t = emptyTrack(0);
    const six = Array.from({ length: 6 }, (_, i) => ({ owner: i, probe: 0, status: "ok" as ServiceStatus, repeat: 1 }));
    expect(decideBucket(t, compact(0, six), undefined, config).state).toBe("ok");
    const d = decideBucket(t, undefined, undefined, config);
    expect(d).toMatchObject({ state: "unknown", rounds: 0, owners: 0, probes: 0, quorumMet: false });
    expect(d.activeOwners).toBe(6); // the owners seen just before still size the quorum
  });
});

describe("traceDetection reports the detector's own walk", () => {
  it("its 10-minute states are the timeline detect() keeps, for random fleets", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.constantFrom<ServiceStatus>("ok", "ok", "blocked", "inconclusive"), { minLength: 7, maxLength: 7 }),
        fc.integer({ min: 5, max: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (n, perOwner, buckets, seed) => {
          let s = seed;
          const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
          const obs = run(owners(n), buckets, (p, b) => (rnd() < 0.15 ? null : b > buckets / 3 ? perOwner[Number(p.owner.split("-")[1])] : "ok"));
          if (obs.length === 0) return;
          const timeline = detect(obs).networks[0].timeline;
          const trace = traceDetection(obs, { service: "whatsapp", cc: "RU", asn: 12389, from: new Date(T0), to: new Date(T0 + buckets * BUCKET), grainMinutes: 10 });
          const states = trace.networks[0].buckets.map((b) => b.state);
          const expected: string[] = [];
          for (const r of timeline) for (let t = Date.parse(r.from); t < Date.parse(r.to); t += BUCKET) expected.push(r.state);
          // The walk starts at the first bucket with a round; before it nothing was decided.
          const first = (Date.parse(timeline[0].from) - T0) / BUCKET;
          expect(states.slice(0, first).every((x) => x === "unknown")).toBe(true);
          expect(states.slice(first, first + expected.length)).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("shows why an event opened, stayed open and closed", () => {
    const six = owners(6);
    // Blocked for 4 of 6 owners in buckets 10-29, one noisy healthy bucket (20) inside, silence from 40.
    const obs = run(six, 40, (p, b) => (b >= 10 && b < 30 && b !== 20 && Number(p.owner.split("-")[1]) < 4 ? "blocked" : "ok"));
    const [event] = detect(obs).events;
    expect(event.start).toBe(iso(10));
    expect(event.end).toBe(iso(30));
    const trace = traceDetection(obs, { service: "whatsapp", cc: "RU", asn: null, from: new Date(T0), to: new Date(T0 + 48 * BUCKET), grainMinutes: 10 });
    const b = trace.networks[0].buckets;
    expect(b).toHaveLength(48);
    for (let i = 0; i < 10; i++) expect(b[i]).toMatchObject({ state: "ok", eventIds: [], phase: "idle" });
    expect(b[10]).toMatchObject({ state: "anomalous", quorumMet: true, anomalousOwners: 4, quorum: 3, owners: 6, technique: "tcp", phase: "pending", eventIds: [event.id] });
    expect(b[14]).toMatchObject({ state: "anomalous", phase: "pending" }); // 4 of 6 owners is below openShare: it takes openBucketsWeak in a row
    expect(b[15]).toMatchObject({ state: "anomalous", phase: "open" });
    expect(b[20]).toMatchObject({ state: "ok", quorumMet: false, phase: "open", eventIds: [event.id] }); // one healthy bucket does not close it
    for (const i of [29]) expect(b[i]).toMatchObject({ state: "anomalous", eventIds: [event.id] });
    expect(b[30]).toMatchObject({ state: "ok", phase: "open", eventIds: [] }); // the closing run, dated to its first bucket
    expect(b[32]).toMatchObject({ state: "ok", phase: "idle" });
    for (let i = 40; i < 48; i++) expect(b[i]).toMatchObject({ state: "unknown", rounds: 0, owners: 0, quorumMet: false, eventIds: [] }); // never measured
    expect(trace.events.map((e) => e.id)).toEqual([event.id]);
    // One network: the country aggregate never reaches countryMinAsns networks.
    expect(trace.country?.every((c) => c.quorumMet === false && c.state !== "anomalous")).toBe(true);
    expect(trace.country?.[0]).toMatchObject({ state: "unknown", networks: { ok: 1, anomalous: 0, unknown: 0 } });
  });

  it("summarises by hour: anomalous if any bucket was, counts per state, the event named", () => {
    const six = owners(6);
    const obs = run(six, 36, (p, b) => (b >= 12 && b < 18 && Number(p.owner.split("-")[1]) < 4 ? "blocked" : b >= 30 ? null : "ok"));
    const [event] = detect(obs).events;
    const trace = traceDetection(obs, { service: "whatsapp", cc: "RU", asn: 12389, from: new Date(T0), to: new Date(T0 + 7 * 6 * BUCKET), grainMinutes: 60 });
    const h = trace.networks[0].buckets;
    expect(h.map((x) => x.state)).toEqual(["ok", "ok", "anomalous", "ok", "ok", "unknown", "unknown"]);
    expect(h[2]).toMatchObject({ buckets: { ok: 0, anomalous: 6, unknown: 0 }, quorumMet: true, eventIds: [event.id], technique: "tcp", owners: 6 });
    expect(h[5]).toMatchObject({ buckets: { ok: 0, anomalous: 0, unknown: 6 }, rounds: 0 });
    expect(traceBucketCount(new Date(T0 + 1), new Date(T0 + 3_600_000 + 1), 60)).toBe(2);
  });

  it("country aggregate: two networks blocked together meet the country rule and carry the country event", () => {
    const a = owners(5, 12389);
    const b = owners(5, 8359);
    const obs = [
      ...run(a, 30, (p, k) => (k >= 10 && k < 20 ? "blocked" : "ok")),
      ...run(b, 30, (p, k) => (k >= 11 && k < 20 ? "blocked" : "ok")),
    ];
    const result = detect(obs);
    const country = result.events.find((e) => e.scope.level === "country");
    expect(country).toBeDefined();
    const trace = traceDetection(obs, { service: "whatsapp", cc: "RU", asn: null, from: new Date(T0), to: new Date(T0 + 30 * BUCKET), grainMinutes: 10 });
    expect(trace.networks.map((n) => n.asn)).toEqual([8359, 12389]);
    const c = trace.country!;
    expect(c[9]).toMatchObject({ state: "ok", anomalousNetworks: 0, networksInEvent: 0, eventIds: [] });
    expect(c[10]).toMatchObject({ state: "ok", anomalousNetworks: 1, networksInEvent: 1, eventIds: [country!.id] });
    expect(c[11]).toMatchObject({ state: "anomalous", quorumMet: true, anomalousNetworks: 2, quorum: 2, networksInEvent: 2, networks: { ok: 0, anomalous: 2, unknown: 0 } });
    expect(c[25]).toMatchObject({ state: "ok", eventIds: [] });
  });
});
