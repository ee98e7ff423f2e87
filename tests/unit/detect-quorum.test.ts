// Quorum of distinct owners, `unknown` on thin coverage, and what is no evidence.
import { describe, expect, it } from "vitest";
import { detect } from "../../lib/detect/detector";
import { quorumFor } from "../../lib/detect/quorum";
import { resolveDetectConfig } from "../../lib/detect/config";
import type { RoundObservation } from "../../lib/detect/types";
import { MIN, T0, owners, run, type P } from "./detect-builders";

const networkEvents = (obs: RoundObservation[]) => detect(obs).events.filter((e) => e.scope.level === "network");

describe("quorum", () => {
  it("is at least 3 owners, or half of the active ones, whichever is more", () => {
    const c = resolveDetectConfig();
    expect(quorumFor(3, c)).toBe(3);
    expect(quorumFor(6, c)).toBe(3);
    expect(quorumFor(7, c)).toBe(4);
    expect(quorumFor(10, c)).toBe(5);
  });

  it("opens an event when 3 of 6 owners fail, not when 2 do", () => {
    const six = owners(6);
    const fail3 = run(six, 40, (p, b) => (b >= 10 && b < 30 && ["o12389-0", "o12389-1", "o12389-2"].includes(p.owner) ? "blocked" : "ok"));
    const fail2 = run(six, 40, (p, b) => (b >= 10 && b < 30 && ["o12389-0", "o12389-1"].includes(p.owner) ? "blocked" : "ok"));
    expect(networkEvents(fail3)).toHaveLength(1);
    expect(networkEvents(fail2)).toHaveLength(0);
  });

  it("needs half of a larger network: 4 of 8 owners open, 3 of 8 do not", () => {
    const eight = owners(8);
    const failing = (n: number) => run(eight, 40, (p, b) => (b >= 10 && b < 30 && Number(p.owner.split("-")[1]) < n ? "blocked" : "ok"));
    expect(networkEvents(failing(4))).toHaveLength(1);
    expect(networkEvents(failing(3))).toHaveLength(0);
  });

  it("counts owners, not probes: one volunteer's three failing probes are one vote", () => {
    const probes: P[] = [
      { probe: "a1", owner: "alice" },
      { probe: "a2", owner: "alice" },
      { probe: "a3", owner: "alice" },
      { probe: "b1", owner: "bob" },
      { probe: "c1", owner: "carol" },
      { probe: "d1", owner: "dave" },
    ];
    const obs = run(probes, 40, (p, b) => (b >= 10 && b < 30 && (p.owner === "alice" || p.owner === "bob") ? "blocked" : "ok"));
    expect(networkEvents(obs)).toHaveLength(0);
  });

  it("says unknown, never ok or blocked, when fewer than 3 owners report", () => {
    const probes: P[] = [
      { probe: "a1", owner: "alice" },
      { probe: "a2", owner: "alice" },
      { probe: "b1", owner: "bob" },
    ];
    const result = detect(run(probes, 40, (_p, b) => (b >= 10 ? "blocked" : "ok")));
    expect(result.events).toHaveLength(0);
    const net = result.networks[0];
    expect(net.state).toBe("unknown");
    expect(net.timeline).toEqual([{ from: new Date(T0).toISOString(), to: new Date(T0 + 400 * MIN).toISOString(), state: "unknown" }]);
  });

  it("treats a control outage (inconclusive rounds) as no evidence, not as an event", () => {
    const obs = run(owners(5), 60, (_p, b) => (b >= 10 && b < 40 ? "inconclusive" : "ok"));
    const result = detect(obs);
    expect(result.events).toHaveLength(0);
    const states = result.networks[0].timeline.map((r) => r.state);
    expect(states).toEqual(["ok", "unknown", "ok"]);
  });

  it("does not open an event when probes go offline", () => {
    const obs = run(owners(5), 60, (p, b) => (b >= 10 && b < 40 && p.owner !== "o12389-0" ? null : "ok"));
    const result = detect(obs);
    expect(result.events).toHaveLength(0);
    expect(result.networks[0].timeline.map((r) => r.state)).toEqual(["ok", "unknown", "ok"]);
  });

  it("reads the rest of the network when some probes cannot measure", () => {
    // Two owners' controls fail; the other four all see the block.
    const obs = run(owners(6), 40, (p, b) => {
      if (b < 10 || b >= 30) return "ok";
      return p.owner === "o12389-0" || p.owner === "o12389-1" ? "inconclusive" : "blocked";
    });
    const events = networkEvents(obs);
    expect(events).toHaveLength(1);
    expect(events[0].evidence.noEvidence).toBe(2 * 20);
    expect(events[0].evidence.owners).toBe(4);
  });
});
