// The throughput unit end to end, without I/O: a download of known size and duration, as a
// probe records it, goes through the one conversion (bytes * 8 / ms = kbit/s), the rollup
// histogram, the chart's series and its axis, and comes out as the same rate on an axis
// whose title and ticks say bit/s with SI prefixes (a 4 Mbit/s line sits at "1 M".."10 M",
// never "4M" under a kbit/s title). And the demo's healthy downloads report the rates they
// were simulated at, not the 500 ms sample tick.
import { describe, expect, it } from "vitest";
import { simulateRounds } from "../../lib/demo/simulate";
import { chartRows, shapeBuckets } from "../../lib/explorer/series";
import { THROUGHPUT_AXIS, throughputText, throughputTick } from "../../lib/explorer/throughput";
import { DEFAULT_VIEW, resolveWindow } from "../../lib/explorer/view";
import { throughputWords, translator } from "../../lib/i18n";
import { transferKbps } from "../../lib/ingest/rows";
import { histogramOf, HISTOGRAMS } from "../../lib/rollup/histogram";

const en = throughputWords("en");
const ru = throughputWords("ru");

describe("throughput unit, sample to plotted value and axis label", () => {
  it("plots a 4 Mbit/s download as 4000 kbit/s under a bit/s axis", () => {
    // 500 000 bytes in 1 000 ms: 4 000 000 bit/s = 4 000 kbit/s = 4 Mbit/s.
    const kbps = transferKbps(500_000, 1_000)!;
    expect(kbps).toBe(4_000);
    const { window } = resolveWindow({ ...DEFAULT_VIEW, cc: "RU", service: "whatsapp", range: "custom", from: "2026-02-10", to: "2026-02-10", grain: "hour" }, new Date(), null);
    const bucket = "2026-02-10T06:00:00.000Z";
    const buckets = shapeBuckets(window!, [{ bucket, stage: "", ok: 3, anomaly: 0, confirmed: 0, failure: 0 }], [{ bucket, throughput: histogramOf(HISTOGRAMS.throughput_kbps, [kbps, kbps, kbps]) }], []);
    const row = chartRows(buckets, "shares").find((r) => r.start === bucket)!;
    // The histogram's buckets are 26 % wide: the median is within 13 % of the value.
    expect(row.throughputKbps! / 4_000).toBeGreaterThan(0.87);
    expect(row.throughputKbps! / 4_000).toBeLessThan(1.13);
    // The point lies between the "1 M" and "10 M" ticks of the axis, which is in bit/s.
    const [k100, m1, m10] = THROUGHPUT_AXIS.ticks;
    expect([k100, m1, m10].map((v) => throughputTick(v, en))).toEqual(["100 k", "1 M", "10 M"]);
    expect(row.throughputKbps!).toBeGreaterThan(m1);
    expect(row.throughputKbps!).toBeLessThan(m10);
    expect(translator("en")("view.throughputPanel")).toMatch(/\(bit\/s,/);
    expect(translator("ru")("view.throughputPanel")).toMatch(/\(бит\/с,/);
    // Figures shown as text carry their own unit.
    expect(throughputText(4_000, en)).toBe("4\u00a0Mbit/s");
    expect(throughputText(4_190, ru)).toBe("4,2\u00a0Мбит/с");
    expect(throughputText(130.4, en)).toBe("130\u00a0kbit/s");
    expect(throughputText(14_400, en)).toBe("14\u00a0Mbit/s");
  });

  it("keeps the demo's healthy downloads at their simulated 8-20 Mbit/s", () => {
    const rates: number[] = [];
    for (const round of simulateRounds({ from: "2025-09-01T00:00:00Z", to: "2025-09-03T00:00:00Z", denseWindows: [] })) {
      for (const rec of round) {
        for (const target of rec.targets) {
          const th = target.stages.throughput;
          if (th?.complete) rates.push(transferKbps(th.bytes, th.t_ms)!);
        }
      }
    }
    expect(rates.length).toBeGreaterThan(10);
    for (const r of rates) {
      expect(r).toBeGreaterThanOrEqual(7_990);
      expect(r).toBeLessThanOrEqual(20_010);
    }
    expect(new Set(rates.map(Math.round)).size).toBeGreaterThan(rates.length / 2); // not one tick-bound figure
  });
});
