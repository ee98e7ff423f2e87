// The server-drawn charts' geometry (lib/explorer/chart-layout.ts): no data is never drawn
// as a value, lines never bridge a gap, columns are proportional to their counts, and the
// time axis' labels stay inside the plot. Property tests on random series.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bandSpan, bucketCentre, countScale, linePath, logScale, shareScale, stackedColumns, xTicks } from "../../lib/explorer/chart-layout";

const value = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null });

/** The bucket columns a path's segments cover (each `M…` starts a segment). */
function segments(d: string): number[][] {
  return d
    .split("M")
    .filter(Boolean)
    .map((seg) => [...seg.matchAll(/(?:^|[LM])\s*([\d.]+) [\d.-]+|H([\d.]+)/g)].map((m) => Math.floor(Number(m[1] ?? m[2]))));
}

describe("lines", () => {
  it("never bridge a bucket without data, and draw every bucket with one", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 80 }), (values) => {
        const d = linePath(values, shareScale(100));
        const covered = new Set(segments(d).flat());
        values.forEach((v, i) => {
          if (v === null) expect(covered.has(i), `gap at ${i} is bridged`).toBe(false);
          else expect(covered.has(i), `value at ${i} is not drawn`).toBe(true);
        });
        // Each segment is a run of consecutive buckets.
        for (const seg of segments(d)) {
          const buckets = [...new Set(seg)];
          for (let k = 1; k < buckets.length; k++) expect(buckets[k] - buckets[k - 1]).toBe(1);
        }
      }),
    );
  });

  it("draws a value alone between gaps across its own bucket, not as an invisible point", () => {
    expect(linePath([null, 0.5, null], shareScale(100))).toBe("M1.15 50H1.85");
    expect(linePath([null, null], shareScale(100))).toBe("");
  });
});

describe("stacked columns", () => {
  it("are exactly proportional to their counts, stacked from the bottom without overlap", () => {
    const row = fc.record({ ok: fc.nat(500), anomaly: fc.nat(500), confirmed: fc.nat(500), failure: fc.nat(500) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
        const max = Math.max(...rows.map((r) => r.ok + r.anomaly + r.confirmed + r.failure));
        const scale = countScale(max, 200);
        const top = scale.ticks[scale.ticks.length - 1];
        expect(top).toBeGreaterThanOrEqual(max);
        const parts = stackedColumns(rows, ["ok", "anomaly", "confirmed", "failure"] as const, scale);
        rows.forEach((r, i) => {
          const mine = parts.filter((p) => p.i === i);
          expect(mine.map((p) => p.key)).toEqual((["ok", "anomaly", "confirmed", "failure"] as const).filter((k) => r[k] > 0));
          let bottom = 200;
          for (const p of mine) {
            expect(p.y + p.h).toBeCloseTo(bottom, 6);
            expect(p.h).toBeCloseTo((r[p.key] / top) * 200, 6);
            bottom = p.y;
          }
          expect(bottom).toBeGreaterThanOrEqual(-1e-9);
        });
      }),
    );
  });

  it("draw nothing for null (no data) or zero", () => {
    expect(stackedColumns([{ ok: null, failure: 0 }], ["ok", "failure"] as const, shareScale(10))).toEqual([]);
  });
});

describe("scales", () => {
  it("keep shares and throughput inside the plot, and log ticks in order", () => {
    const s = shareScale(120);
    expect([s.y(-1), s.y(0), s.y(1), s.y(2)]).toEqual([120, 120, 0, 0]);
    const t = logScale([50, 50_000], [100, 1000, 10_000], 90);
    expect(t.y(50)).toBe(90);
    expect(t.y(50_000)).toBe(0);
    expect(t.y(1)).toBe(90); // below the domain: clipped, as Recharts' allowDataOverflow
    expect(t.y(0)).toBe(90);
    expect(t.y(100)).toBeGreaterThan(t.y(1000));
  });
});

describe("time axis", () => {
  it("labels buckets inside the plot, with a phone's labels a subset of the desktop's", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (n) => {
        const starts = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString());
        const ticks = xTicks(starts, (s) => s.slice(0, 10));
        expect(ticks.length).toBeGreaterThan(0);
        expect(ticks.length).toBeLessThanOrEqual(9);
        expect(ticks.filter((t) => t.narrow).length).toBeGreaterThan(0);
        expect(ticks.filter((t) => t.narrow).length).toBeLessThanOrEqual(3);
        for (const t of ticks) {
          expect(t.at).toBeGreaterThan(0);
          expect(t.at).toBeLessThanOrEqual(96);
          if (t.narrow) expect(t.at).toBeLessThanOrEqual(88);
          expect(t.label).toBe(starts[t.i].slice(0, 10));
        }
      }),
    );
  });
});

describe("bands and markers", () => {
  const starts = ["2026-02-01", "2026-02-02", "2026-02-03", "2026-02-04"];
  it("clip an event band to the rows, and drop one outside them", () => {
    expect(bandSpan(starts, "2026-01-20", "2026-02-02")).toEqual([0, 1]);
    expect(bandSpan(starts, "2026-02-03", "2026-03-01")).toEqual([2, 3]);
    expect(bandSpan(starts, "2026-03-01", "2026-03-05")).toBeNull();
  });
  it("place a marker at its bucket's centre", () => {
    expect(bucketCentre(starts, "2026-02-02")).toBe(37.5);
    expect(bucketCentre(starts, "2026-05-01")).toBeNull();
  });
});
