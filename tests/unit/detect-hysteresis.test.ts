// Opening after K anomalous buckets, closing after M healthy ones, and how onset and end are dated.
import { describe, expect, it } from "vitest";
import { detect } from "../../lib/detect/detector";
import { DEFAULT_DETECT_CONFIG } from "../../lib/detect/config";
import type { RoundObservation } from "../../lib/detect/types";
import { iso, owners, run } from "./detect-builders";

const K = DEFAULT_DETECT_CONFIG.openBuckets;
const M = DEFAULT_DETECT_CONFIG.closeBuckets;
const WEAK = DEFAULT_DETECT_CONFIG.openBucketsWeak;
const net = (obs: RoundObservation[]) => detect(obs).events.filter((e) => e.scope.level === "network");

describe("hysteresis", () => {
  it("opens after K consecutive anomalous buckets and not after K-1", () => {
    const five = owners(5);
    expect(net(run(five, 30, (_p, b) => (b >= 10 && b < 10 + K ? "blocked" : "ok")))).toHaveLength(1);
    expect(net(run(five, 30, (_p, b) => (b >= 10 && b < 10 + K - 1 ? "blocked" : "ok")))).toHaveLength(0);
  });

  it("needs a longer streak when only a bare quorum agrees", () => {
    // 3 of 6 owners is a quorum but only half the network: it must last WEAK buckets.
    const bare = (n: number) => run(owners(6), 40, (p, b) => (b >= 10 && b < 10 + n && Number(p.owner.split("-")[1]) < 3 ? "blocked" : "ok"));
    expect(net(bare(WEAK - 1))).toHaveLength(0);
    const [e] = net(bare(WEAK));
    expect(e.start).toBe(iso(10));
    // All six agreeing opens after K.
    expect(net(run(owners(6), 40, (_p, b) => (b >= 10 && b < 10 + K ? "blocked" : "ok")))).toHaveLength(1);
  });

  it("does not move the onset for one noisy healthy bucket early in a run", () => {
    const obs = run(owners(5), 40, (_p, b) => (b >= 10 && b < 30 && b !== 12 ? "blocked" : "ok"));
    const [e, ...rest] = net(obs);
    expect(rest).toHaveLength(0);
    expect(e.start).toBe(iso(10));
    expect(e.evidence.anomalousBuckets).toBe(19);
  });

  it("drops a run that never opened after M healthy buckets", () => {
    // Two short failures M buckets apart never add up to an event.
    const obs = run(owners(5), 40, (_p, b) => ((b >= 10 && b < 12) || (b >= 12 + M && b < 14 + M) ? "blocked" : "ok"));
    expect(net(obs)).toHaveLength(0);
  });

  it("dates the onset to the first anomalous bucket, bracketed by the last healthy one", () => {
    const [e] = net(run(owners(5), 40, (_p, b) => (b >= 12 && b < 25 ? "blocked" : "ok")));
    expect(e.start).toBe(iso(12));
    expect(e.onset).toEqual({ lastHealthy: iso(11), firstAnomalous: iso(12) });
    expect(e.end).toBe(iso(25));
    expect(e.endBracket).toEqual({ lastAnomalous: iso(24), firstHealthy: iso(25) });
    expect(e.ongoing).toBe(false);
    expect(e.evidence.anomalousBuckets).toBe(13);
    expect(e.evidence.buckets).toBe(13);
  });

  it("keeps one event open through healthy spells shorter than M buckets", () => {
    // Blocked 4 buckets, open 2, six times over: one event, not six.
    const obs = run(owners(5), 60, (_p, b) => (b >= 10 && b < 46 && (b - 10) % 6 < 4 ? "blocked" : "ok"));
    const events = net(obs);
    expect(events).toHaveLength(1);
    expect(events[0].start).toBe(iso(10));
    expect(events[0].end).toBe(iso(44));
  });

  it("closes after M healthy buckets, so a longer spell splits the event", () => {
    const obs = run(owners(5), 60, (_p, b) => ((b >= 10 && b < 20) || (b >= 20 + M && b < 40) ? "blocked" : "ok"));
    const events = net(obs);
    expect(events).toHaveLength(2);
    expect(events[0].end).toBe(iso(20));
    expect(events[1].start).toBe(iso(20 + M));
  });

  it("reports an event still running at the newest bucket as ongoing", () => {
    const result = detect(run(owners(5), 30, (_p, b) => (b >= 20 ? "blocked" : "ok")));
    const [e] = result.events;
    expect(e.ongoing).toBe(true);
    expect(e.end).toBeNull();
    expect(e.settled).toBe(false);
    expect(result.networks[0].state).toBe("event");
    expect(result.networks[0].openEventId).toBe(e.id);
  });

  it("has no healthy bracket when the block predates coverage", () => {
    const [e] = net(run(owners(4), 30, () => "blocked"));
    expect(e.onset.lastHealthy).toBeNull();
    expect(e.start).toBe(iso(0));
  });

  it("does not let a coverage gap break or extend a run: unknown buckets are neutral", () => {
    // Anomalous, then 2 buckets with only two owners reporting (unknown), then anomalous again.
    const obs = run(owners(5), 40, (p, b) => {
      if (b < 10 || b >= 20) return "ok";
      if (b === 11 || b === 12) return p.owner.endsWith("-0") || p.owner.endsWith("-1") ? "blocked" : null;
      return "blocked";
    });
    const [e] = net(obs);
    expect(e.start).toBe(iso(10));
    expect(e.evidence.unknownBuckets).toBe(2);
  });

  it("weighs severity as the relative drop times the duration", () => {
    const [full] = net(run(owners(4), 40, (_p, b) => (b >= 10 && b < 22 ? "blocked" : "ok")));
    expect(full.meanDrop).toBe(1);
    expect(full.severity).toBe(2); // 12 buckets of 10 minutes, fully down
    const [partial] = net(run(owners(4), 40, (_p, b) => (b >= 10 && b < 22 ? "partial" : "ok")));
    expect(partial.severity).toBe(1);
    expect(partial.level).toBe("critical");
  });
});
