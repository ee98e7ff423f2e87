// Throughput judged against each probe's own rolling median, with event periods left out.
import { describe, expect, it } from "vitest";
import { baselineMedian, emptyBaseline, pushSample } from "../../lib/detect/baseline";
import { detect } from "../../lib/detect/detector";
import { owners, run, type P } from "./detect-builders";

const speed = (p: P) => 2000 * (1 + Number(p.owner.split("-")[1])); // each probe has its own normal speed

describe("rolling median", () => {
  it("keeps the last N samples and needs a minimum before it answers", () => {
    const b = emptyBaseline();
    for (const v of [5, 1, 4]) pushSample(b, v, 4);
    expect(baselineMedian(b, 4)).toBeNull();
    expect(baselineMedian(b, 3)).toBe(4);
    pushSample(b, 2, 4);
    expect(baselineMedian(b, 4)).toBe(3);
    pushSample(b, 100, 4); // drops the oldest (5)
    expect(b.ring).toEqual([1, 4, 2, 100]);
    expect(baselineMedian(b, 4)).toBe(3);
  });
});

describe("throughput against the probe's own baseline", () => {
  it("opens a critical throttling event below a quarter of each probe's normal speed", () => {
    const obs = run(owners(5), 120, (p, b) => ({ status: "ok", kbps: b >= 60 && b < 90 ? speed(p) * 0.2 : speed(p) }));
    const [e, ...rest] = detect(obs).events;
    expect(rest).toHaveLength(0);
    expect(e.technique).toBe("throttling");
    expect(e.level).toBe("critical");
    expect(e.baseline.meanRatio).toBe(0.2);
    expect(e.baseline.throughputKbps).toBe(6000); // median of the five probes' baselines
    expect(e.meanDrop).toBe(0.8);
  });

  it("calls a drop below half a warning, and a drop to 0.6 nothing", () => {
    const at = (ratio: number) => detect(run(owners(5), 120, (p, b) => ({ status: "ok", kbps: b >= 60 && b < 90 ? speed(p) * ratio : speed(p) }))).events;
    const warning = at(0.4);
    expect(warning).toHaveLength(1);
    expect(warning[0].level).toBe("warning");
    expect(at(0.6)).toHaveLength(0);
  });

  it("leaves event periods out of the baseline, so a throttle longer than the window never becomes the norm", () => {
    // 400 slowed buckets, well beyond the 144-sample window: were they fed into the
    // baseline, the median would sink to the slow speed and the event would close early.
    const obs = run(owners(4), 560, (p, b) => ({ status: "ok", kbps: b >= 60 && b < 460 ? speed(p) * 0.25 * 0.9 : speed(p) }));
    const events = detect(obs).events;
    expect(events).toHaveLength(1);
    expect(events[0].evidence.buckets).toBe(400);
    expect(events[0].evidence.anomalousBuckets).toBe(400);
  });

  it("adapts to a slower link that is not an event (fewer owners than the quorum)", () => {
    // One owner's link becomes slower for good: not an event, and its baseline follows.
    const obs = run(owners(5), 500, (p, b) => ({ status: "ok", kbps: p.owner.endsWith("-0") && b >= 60 ? speed(p) * 0.3 : speed(p) }));
    const result = detect(obs);
    expect(result.events).toHaveLength(0);
  });

  it("never judges a probe's speed before it has enough history", () => {
    // Slow from the very first round: no baseline, no throttling verdict.
    const obs = run(owners(5), 10, (p) => ({ status: "ok", kbps: speed(p) * 0.1 }));
    expect(detect(obs).events).toHaveLength(0);
  });
});
