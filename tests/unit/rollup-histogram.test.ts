// Log-scale histograms: bucket bounds, merging, and quantiles within one bucket of the truth.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../lib/random";
import {
  bucketCount, bucketIndex, bucketRange, histogramBounds, histogramMedian, histogramOf, histogramQuantile, HISTOGRAMS, mergeHistograms,
} from "../../lib/rollup/histogram";

const tcp = HISTOGRAMS.tcp_ms;

describe("histogram buckets", () => {
  it("has underflow, 3 buckets per doubling and overflow", () => {
    expect(bucketCount(tcp)).toBe(16 * 3 + 2);
    expect(bucketIndex(tcp, 0)).toBe(0);
    expect(bucketIndex(tcp, 0.999)).toBe(0);
    expect(bucketIndex(tcp, 1)).toBe(1);
    expect(bucketIndex(tcp, 2)).toBe(4); // [2, 2.52)
    expect(bucketIndex(tcp, 65_536)).toBe(bucketCount(tcp) - 1);
    expect(bucketIndex(tcp, 1e9)).toBe(bucketCount(tcp) - 1);
    expect(bucketRange(tcp, 4)).toEqual([2, 2 * 2 ** (1 / 3)]);
  });

  it("puts every value inside its bucket's range", () => {
    const rnd = mulberry32(1);
    for (let i = 0; i < 2000; i++) {
      const v = 10 ** (rnd() * 6 - 1);
      const [lo, hi] = bucketRange(tcp, bucketIndex(tcp, v));
      expect(v >= lo && v < hi).toBe(true);
    }
    expect(histogramBounds(tcp).every((b, i, a) => i === 0 || b > a[i - 1])).toBe(true);
  });

  it("refuses values that are not finite", () => {
    expect(() => bucketIndex(tcp, Number.NaN)).toThrow(/finite/);
  });
});

describe("merging and quantiles", () => {
  it("merges bucket by bucket, reading missing buckets as zero", () => {
    expect(mergeHistograms([1, 2], [3, 4, 5])).toEqual([4, 6, 5]);
    expect(mergeHistograms([], [1])).toEqual([1]);
  });

  it("gives the same median whichever way the values were split into rows", () => {
    const rnd = mulberry32(2);
    const values = Array.from({ length: 999 }, () => 5 + rnd() * 500);
    const whole = histogramOf(tcp, values);
    const parts = [values.slice(0, 100), values.slice(100, 700), values.slice(700)].map((p) => histogramOf(tcp, p));
    expect(histogramMedian(tcp, parts.reduce(mergeHistograms))).toBe(histogramMedian(tcp, whole));
  });

  it("reads a quantile within the bucket of the true one", () => {
    const rnd = mulberry32(3);
    const values = Array.from({ length: 501 }, () => 10 ** (1 + rnd() * 3)).sort((a, b) => a - b);
    const h = histogramOf(tcp, values);
    for (const q of [0.1, 0.5, 0.9]) {
      const truth = values[Math.round(q * (values.length - 1))];
      const [lo, hi] = bucketRange(tcp, bucketIndex(tcp, truth));
      const read = histogramQuantile(tcp, h, q)!;
      expect(read).toBeGreaterThanOrEqual(lo);
      expect(read).toBeLessThanOrEqual(hi);
    }
  });

  it("answers null for an empty histogram and rejects a quantile out of range", () => {
    expect(histogramMedian(tcp, [])).toBeNull();
    expect(() => histogramQuantile(tcp, [1], 1.5)).toThrow(/0\.\.1/);
  });
});
