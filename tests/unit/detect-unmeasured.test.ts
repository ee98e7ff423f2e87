// Not measured is unknown, never healthy. A throttle lasting several days, seen by probes on
// the default daily data budget: each evening the budget runs out and the rounds after it
// reach the service but measure no throughput. Those rounds must not count as healthy in
// the quorum, close the event, or refute a pending run: one event, not one per UTC day.
import { describe, expect, it } from "vitest";
import { detect } from "../../lib/detect/detector";
import { owners, iso, run, type Round } from "./detect-builders";

const DAY = 144; // 10-minute buckets
const THROTTLE_FROM = DAY; // day 1, 00:00 UTC
const THROTTLE_TO = 4 * DAY + 48; // day 4, 08:00 UTC
/** From 18:00 UTC the probe's daily budget is spent: it still reaches the service, but measures no throughput. */
const budgetSpent = (b: number) => b % DAY >= 108;

function round(b: number): Round {
  if (budgetSpent(b)) return { status: "ok", kbps: null };
  if (b >= THROTTLE_FROM && b < THROTTLE_TO) return { status: "throttled", kbps: 120, technique: "throttling" };
  return { status: "ok", kbps: 8000 };
}

describe("unmeasured rounds during a speed event", () => {
  it("keeps a throttle longer than a day, seen under the daily budget, one event from onset to end", () => {
    const obs = run(owners(5), 6 * DAY, (_p, b) => round(b));
    const events = detect(obs).events.filter((e) => e.scope.level === "network");
    expect(events.map((e) => [e.start, e.end])).toEqual([[iso(THROTTLE_FROM), iso(THROTTLE_TO)]]);
    expect(events[0]).toMatchObject({ technique: "throttling", ongoing: false });
    // The evenings are unknown, not healthy.
    expect(events[0].evidence.unknownBuckets).toBeGreaterThan(0);
  });

  it("finds a throttle seen through sparse samples (about two an hour per probe, staggered) as one event", () => {
    const five = owners(5);
    const sampled = (probe: string, b: number) => (b + 2 * five.findIndex((p) => p.probe === probe)) % 6 < 2;
    const obs = run(five, 4 * DAY, (p, b) => {
      if (!sampled(p.probe, b)) return { status: "ok", kbps: null };
      return b >= DAY && b < 3 * DAY ? { status: "throttled", kbps: 120, technique: "throttling" } : { status: "ok", kbps: 8000 };
    });
    const events = detect(obs).events.filter((e) => e.scope.level === "network");
    expect(events).toHaveLength(1);
    const bucketOf = (t: string) => (Date.parse(t) - Date.parse(iso(0))) / 600_000;
    expect(Math.abs(bucketOf(events[0].start) - DAY)).toBeLessThanOrEqual(2);
    expect(Math.abs(bucketOf(events[0].end!) - 3 * DAY)).toBeLessThanOrEqual(6);
    // Carried judgements decide the quorum but are no measurements of their own.
    expect(events[0].measurementCount).toBeLessThanOrEqual(obs.filter((o) => o.status === "throttled").length);
  });

  it("still closes a reachability block on rounds that reached the service without a throughput sample", () => {
    const obs = run(owners(5), 3 * DAY, (_p, b) =>
      b >= DAY && b < DAY + 60 ? { status: "blocked", technique: "tcp" } : { status: "ok", kbps: budgetSpent(b) ? null : 8000 },
    );
    const events = detect(obs).events.filter((e) => e.scope.level === "network");
    expect(events.map((e) => [e.start, e.end])).toEqual([[iso(DAY), iso(DAY + 60)]]);
  });
});
