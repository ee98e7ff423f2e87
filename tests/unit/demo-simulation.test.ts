// The demo history follows the known events: the server's rules, applied to the simulated
// raw results, give the story the design brief tells (and Max stays reachable).
import { describe, expect, it } from "vitest";
import { parseMeasurement } from "../../lib/measurement/schema";
import { DEMO_DENSE_ASNS, DEMO_PROBES, demoSchedule, simulateRounds } from "../../lib/demo/simulate";
import { scoreRecord } from "../../lib/verdict";
import type { ServiceId } from "../../lib/measurement/vocabulary";

function statusShare(service: ServiceId, from: string, to: string) {
  const counts: Record<string, number> = {};
  let total = 0;
  for (const round of simulateRounds({ from, to, everyHours: 3 })) {
    for (const rec of round.filter((r) => r.service === service)) {
      const v = scoreRecord(rec);
      counts[v.status] = (counts[v.status] ?? 0) + 1;
      total++;
    }
  }
  return { share: (s: string) => (counts[s] ?? 0) / total, counts, total };
}

describe("simulated demo history", () => {
  it("produces records valid under the v1 schema, labelled simulated, deterministic per seed", () => {
    const a = [...simulateRounds({ from: "2025-10-25T00:00:00Z", to: "2025-10-25T06:00:00Z" })].flat();
    const b = [...simulateRounds({ from: "2025-10-25T00:00:00Z", to: "2025-10-25T06:00:00Z" })].flat();
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    for (const rec of a) {
      const parsed = parseMeasurement(rec);
      expect(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues.slice(0, 2))).toBe(true);
      expect(rec.source).toBe("simulated");
    }
  });

  it("has WhatsApp mostly ok before the restriction, partial in its first wave from 2025-10-20, ok once it lifts", () => {
    expect(statusShare("whatsapp", "2025-09-01T00:00:00Z", "2025-09-08T00:00:00Z").share("ok")).toBeGreaterThan(0.85);
    expect(statusShare("whatsapp", "2025-10-21T00:00:00Z", "2025-10-26T00:00:00Z").share("partial")).toBeGreaterThan(0.85);
    expect(statusShare("whatsapp", "2025-11-01T00:00:00Z", "2025-11-08T00:00:00Z").share("ok")).toBeGreaterThan(0.85);
  });

  it("measures the three-owner networks every 10 minutes inside the dense windows only", () => {
    const inside = demoSchedule({ from: "2026-02-10T00:00:00Z", to: "2026-02-10T01:00:00Z" });
    // Every probe of those networks has a round in each of the hour's six buckets.
    const denseProbes = DEMO_PROBES.map((p, i) => i).filter((i) => DEMO_DENSE_ASNS.has(DEMO_PROBES[i].asn));
    expect(denseProbes).toHaveLength(6);
    for (const p of denseProbes) {
      const buckets = new Set(inside.filter((r) => r.probe === p).map((r) => Math.floor(r.start / 600_000)));
      expect(buckets.size).toBe(6);
    }
    const outside = demoSchedule({ from: "2026-01-10T00:00:00Z", to: "2026-01-11T00:00:00Z" });
    expect(outside.length).toBe(DEMO_PROBES.length);
    expect(outside.map((r) => r.start)).toEqual([...outside.map((r) => r.start)].sort((a, b) => a - b));
  });

  it("has WhatsApp mostly blocked after the block attempt of 2026-02-11", () => {
    expect(statusShare("whatsapp", "2026-02-15T00:00:00Z", "2026-02-22T00:00:00Z").share("blocked")).toBeGreaterThan(0.6);
  });

  it("has Telegram ok before 2026-02-10 and restricted after", () => {
    expect(statusShare("telegram", "2026-01-10T00:00:00Z", "2026-01-17T00:00:00Z").share("ok")).toBeGreaterThan(0.85);
    const after = statusShare("telegram", "2026-02-20T00:00:00Z", "2026-02-27T00:00:00Z");
    expect(after.share("partial") + after.share("blocked")).toBeGreaterThan(0.85);
  });

  it("keeps Max reachable throughout", () => {
    expect(statusShare("max", "2026-02-15T00:00:00Z", "2026-03-15T00:00:00Z").share("ok")).toBeGreaterThan(0.85);
  });
});
