// The scenario generator: reproducible from its seed, noisy as stated, and honest ground truth.
import { describe, expect, it } from "vitest";
import { SCENARIOS, scenarioByName } from "../../bench/scenarios/catalog";
import { arrivalOrder, generateScenario } from "../../bench/scenarios/generate";
import { Prng } from "../../bench/scenarios/prng";
import type { ScenarioSpec } from "../../bench/scenarios/types";

const small: ScenarioSpec = {
  ...scenarioByName("one-asn-block"),
  name: "small",
  days: 2,
  effects: [{ kind: "block", services: ["telegram"], technique: "tls", asns: [8359], from: 20, to: 30 }],
};

describe("prng", () => {
  it("repeats a stream from its seed and forks independent ones", () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(new Prng(43).next()).not.toBe(xs[0]);
    expect(new Prng(42).fork("x").next()).not.toBe(new Prng(42).fork("y").next());
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe("generateScenario", () => {
  it("gives the same stream for the same seed and another for another seed", () => {
    const a = generateScenario(small, 5);
    const b = generateScenario(small, 5);
    const c = generateScenario(small, 6);
    expect(b.observations).toEqual(a.observations);
    expect(b.receivedAtMs).toEqual(a.receivedAtMs);
    expect(b.truth).toEqual(a.truth);
    expect(c.observations.length === a.observations.length && c.receivedAtMs.every((t, i) => t === a.receivedAtMs[i])).toBe(false);
  });

  it("has 2-5 % random failures on healthy days", () => {
    const g = generateScenario({ ...small, effects: [], churn: false, correlatedNoise: false }, 3);
    const failing = g.observations.filter((o) => o.status !== "ok").length / g.observations.length;
    expect(g.failureRate).toBeGreaterThanOrEqual(0.02);
    expect(g.failureRate).toBeLessThanOrEqual(0.05);
    expect(Math.abs(failing - g.failureRate)).toBeLessThan(0.01);
  });

  it("jitters rounds and delivers some late and out of order", () => {
    const g = generateScenario(small, 2);
    const minutes = new Set(g.observations.map((o) => (o.at as Date).getUTCSeconds()));
    expect(minutes.size).toBeGreaterThan(30);
    const order = arrivalOrder(g);
    let outOfOrder = 0;
    for (let i = 1; i < order.length; i++) if ((g.observations[order[i]].at as Date) < (g.observations[order[i - 1]].at as Date)) outOfOrder++;
    expect(outOfOrder).toBeGreaterThan(100);
    const hourLate = g.observations.filter((o, i) => g.receivedAtMs[i] - (o.at as Date).getTime() > 3_600_000).length;
    expect(hourLate).toBeGreaterThan(0);
  });

  it("lets probes join and leave when churn is on", () => {
    const g = generateScenario({ ...scenarioByName("healthy-30-days"), days: 6 }, 1);
    const spans = new Map<string, [number, number]>();
    for (const o of g.observations) {
      const t = (o.at as Date).getTime();
      const s = spans.get(o.probeId) ?? [t, t];
      spans.set(o.probeId, [Math.min(s[0], t), Math.max(s[1], t)]);
    }
    const start = Date.parse(g.start);
    const end = Date.parse(g.end);
    const joined = [...spans.values()].filter(([a]) => a - start > 86_400_000).length;
    const left = [...spans.values()].filter(([, b]) => end - b > 86_400_000).length;
    expect(joined).toBeGreaterThan(0);
    expect(left).toBeGreaterThan(0);
  });

  it("writes the block into the data and into the ground truth", () => {
    const g = generateScenario(small, 9);
    expect(g.truth).toHaveLength(1);
    const t = g.truth[0];
    expect(t).toMatchObject({ service: "telegram", asn: 8359, technique: "tls", detectable: true, kind: "block" });
    const inside = g.observations.filter((o) => o.service === "telegram" && o.asn === 8359 && (o.at as Date) >= new Date(t.start) && (o.at as Date) < new Date(t.end as string));
    const blocked = inside.filter((o) => o.status === "blocked").length / inside.length;
    expect(blocked).toBeGreaterThan(0.9);
    const elsewhere = g.observations.filter((o) => o.asn !== 8359 && o.status === "blocked").length / g.observations.length;
    expect(elsewhere).toBeLessThan(0.05);
  });

  it("marks a block in a network of two owners as undetectable", () => {
    const g = generateScenario(scenarioByName("thin-coverage"), 1);
    expect(g.truth).toHaveLength(1);
    expect(g.truth[0].detectable).toBe(false);
  });

  it("dates a block older than the probes from when a quorum could see it", () => {
    const g = generateScenario(scenarioByName("block-before-enrolment"), 1);
    const [t] = g.truth;
    expect(Date.parse(t.observableStart)).toBeGreaterThan(Date.parse(t.start));
    const first = Math.min(...g.observations.filter((o) => o.asn === t.asn).map((o) => (o.at as Date).getTime()));
    expect(first).toBeGreaterThan(Date.parse(t.start));
  });

  it("lets reference probes abroad see an outage but never a block", () => {
    const outage = generateScenario(scenarioByName("service-outage"), 1);
    const refFails = (g: ReturnType<typeof generateScenario>) => g.observations.filter((o) => o.reference && o.service === "whatsapp" && o.status === "blocked").length;
    expect(refFails(outage)).toBeGreaterThan(50);
    expect(outage.truth.every((t) => t.kind === "outage")).toBe(true);
    const block = generateScenario(scenarioByName("full-block"), 1);
    expect(refFails(block)).toBeLessThan(20);
  });

  it("keeps the domestic service working under an allowlist", () => {
    const g = generateScenario(scenarioByName("allowlist"), 1);
    expect(g.truth.map((t) => t.service).sort()).toEqual(["telegram", "telegram", "whatsapp", "whatsapp"]);
    const allowlisted = g.observations.filter((o) => o.technique === "allowlist");
    expect(allowlisted.length).toBeGreaterThan(100);
    expect(allowlisted.every((o) => o.service !== "max" && o.allowlist && o.networkType === "mobile")).toBe(true);
  });

  it("generates every catalogued scenario", () => {
    expect(SCENARIOS.map((s) => s.name)).toEqual([
      "full-block",
      "one-asn-block",
      "block-before-enrolment",
      "block-30-days",
      "throttle-quarter",
      "throttle-multiday-budget",
      "stall-16kb",
      "allowlist",
      "probe-offline",
      "control-outage",
      "flapping",
      "thin-coverage",
      "healthy-30-days",
      "service-outage",
    ]);
    expect(() => scenarioByName("nope")).toThrow('unknown scenario "nope"');
  });
});
