// Country events from network events with near onsets, and outage versus block.
import { describe, expect, it } from "vitest";
import { detect } from "../../lib/detect/detector";
import { iso, owners, run, type P } from "./detect-builders";

const refs: P[] = [1, 2, 3].map((i) => ({ probe: `ref-p${i}`, owner: `ref-${i}`, asn: 3320, cc: "DE", region: "Hesse", reference: true }));

/** Whatsapp blocked in `asn` from bucket `from` to `to`, on a 5-owner network. */
function blockIn(asn: number, from: number, to: number, buckets = 80) {
  return run(owners(5, asn), buckets, (_p, b) => (b >= from && b < to ? "blocked" : "ok"));
}

describe("country events", () => {
  it("groups network events of one service whose onsets lie within an hour", () => {
    const obs = [...blockIn(12389, 20, 50), ...blockIn(8359, 24, 52), ...blockIn(3216, 0, 0)];
    const events = detect(obs).events;
    const network = events.filter((e) => e.scope.level === "network");
    const country = events.filter((e) => e.scope.level === "country");
    expect(network).toHaveLength(2);
    expect(country).toHaveLength(1);
    const c = country[0];
    expect(c.scope).toEqual({ level: "country", cc: "RU" });
    expect(c.asns).toEqual([8359, 12389]);
    expect(c.start).toBe(iso(20));
    expect(c.end).toBe(iso(52));
    expect(c.kind).toBe("block");
    expect(c.members.sort()).toEqual(network.map((e) => e.id).sort());
    expect(c.measurementCount).toBe(network[0].measurementCount + network[1].measurementCount);
    // Two of the three networks fully down for about 5 hours: a third of their summed severity each.
    expect(c.severity).toBeCloseTo((network[0].severity + network[1].severity) / 3, 2);
  });

  it("does not group onsets more than an hour apart, nor a single network", () => {
    const apart = detect([...blockIn(12389, 10, 40), ...blockIn(8359, 17, 45)]).events;
    expect(apart.filter((e) => e.scope.level === "country")).toHaveLength(0);
    const single = detect(blockIn(12389, 10, 40)).events;
    expect(single.filter((e) => e.scope.level === "country")).toHaveLength(0);
  });

  it("does not group different services", () => {
    const obs = [...blockIn(12389, 20, 50), ...run(owners(5, 8359), 80, (_p, b) => (b >= 20 && b < 50 ? "blocked" : "ok"), "telegram")];
    expect(detect(obs).events.filter((e) => e.scope.level === "country")).toHaveLength(0);
  });

  it("calls it an outage when reference probes abroad fail too", () => {
    const obs = [
      ...blockIn(12389, 20, 50),
      ...blockIn(8359, 20, 50),
      ...run(refs, 80, (_p, b) => (b >= 21 && b < 50 ? "blocked" : "ok")),
    ];
    const events = detect(obs).events;
    expect(events).toHaveLength(3);
    for (const e of events) expect(e.kind).toBe("outage");
  });

  it("keeps it a block when reference probes abroad are fine", () => {
    const obs = [...blockIn(12389, 20, 50), ...blockIn(8359, 20, 50), ...run(refs, 80, () => "ok")];
    const events = detect(obs).events;
    expect(events).toHaveLength(3);
    for (const e of events) expect(e.kind).toBe("block");
  });

  it("does not let one failing reference owner turn a block into an outage", () => {
    const obs = [...blockIn(12389, 20, 50), ...blockIn(8359, 20, 50), ...run(refs, 80, (p, b) => (p.owner === "ref-1" && b >= 20 ? "blocked" : "ok"))];
    expect(detect(obs).events.every((e) => e.kind === "block")).toBe(true);
  });

  it("never makes reference probes a network of the country", () => {
    const result = detect([...blockIn(12389, 20, 50), ...run(refs, 80, () => "blocked")]);
    expect(result.networks.map((n) => n.asn)).toEqual([12389]);
  });
});
