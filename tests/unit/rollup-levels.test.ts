// The daily rollup level (pure parts): which level reads which part of a range, and daily
// increments as the hourly ones summed per UTC day with the mask of their hours.
import { describe, expect, it } from "vitest";
import { emptyHistogram, HISTOGRAMS } from "../../lib/rollup/histogram";
import { dailyIncrements, hourSpans, type RollupIncrement } from "../../lib/rollup/rows";
import { rollupLevels } from "../../lib/rollup/time-grain";

const t = (iso: string) => new Date(iso);

describe("rollupLevels", () => {
  it("reads whole days from the daily level", () => {
    expect(rollupLevels(t("2026-01-01T00:00:00Z"), t("2026-04-01T00:00:00Z"))).toEqual([
      { level: "day", since: t("2026-01-01T00:00:00Z"), until: t("2026-04-01T00:00:00Z") },
    ]);
    expect(rollupLevels(null, null)).toEqual([{ level: "day", since: null, until: null }]);
  });

  it("reads ragged ends from the hourly level, disjoint and covering the range", () => {
    expect(rollupLevels(t("2026-01-01T05:00:00Z"), t("2026-01-04T07:00:00Z"))).toEqual([
      { level: "hour", since: t("2026-01-01T05:00:00Z"), until: t("2026-01-02T00:00:00Z") },
      { level: "day", since: t("2026-01-02T00:00:00Z"), until: t("2026-01-04T00:00:00Z") },
      { level: "hour", since: t("2026-01-04T00:00:00Z"), until: t("2026-01-04T07:00:00Z") },
    ]);
    expect(rollupLevels(null, t("2026-01-04T07:00:00Z"))).toEqual([
      { level: "day", since: null, until: t("2026-01-04T00:00:00Z") },
      { level: "hour", since: t("2026-01-04T00:00:00Z"), until: t("2026-01-04T07:00:00Z") },
    ]);
  });

  it("reads hourly only without a whole day, or when asked", () => {
    const range = [t("2026-01-01T05:00:00Z"), t("2026-01-02T04:00:00Z")] as const;
    expect(rollupLevels(...range)).toEqual([{ level: "hour", since: range[0], until: range[1] }]);
    expect(rollupLevels(t("2026-01-01T00:00:00Z"), t("2026-01-08T00:00:00Z"), true)).toEqual([
      { level: "hour", since: t("2026-01-01T00:00:00Z"), until: t("2026-01-08T00:00:00Z") },
    ]);
  });
});

describe("dailyIncrements", () => {
  const inc = (hour: string, asn: number, ok: number, tcpBucket: number): RollupIncrement => {
    const tcp = emptyHistogram(HISTOGRAMS.tcp_ms);
    tcp[tcpBucket] = ok;
    return {
      hour, service: "whatsapp", stage: "", country: "RU", region: "", asn, network_type: "fixed", source: "vantage",
      measurement_count: ok, ok_count: ok, anomaly_count: 0, confirmed_count: 0, failure_count: 0,
      tcp_ms_hist: tcp, tls_ms_hist: emptyHistogram(HISTOGRAMS.tls_ms), throughput_kbps_hist: emptyHistogram(HISTOGRAMS.throughput_kbps),
    };
  };

  it("sums the hours of a day and key, with a bit per hour", () => {
    const input = [inc("2026-01-01T23:00:00.000Z", 1, 2, 5), inc("2026-01-01T00:00:00.000Z", 1, 3, 5), inc("2026-01-01T05:00:00.000Z", 2, 1, 7)];
    const copy = structuredClone(input);
    const days = dailyIncrements(input);
    expect(input).toEqual(copy); // the hourly increments are left as they were
    expect(days.map((d) => [d.day, d.asn, d.hour_mask, d.measurement_count, d.ok_count, d.tcp_ms_hist[5], d.tcp_ms_hist[7]])).toEqual([
      ["2026-01-01T00:00:00.000Z", 1, (1 << 23) | 1, 5, 5, 5, 0],
      ["2026-01-01T00:00:00.000Z", 2, 1 << 5, 1, 1, 0, 1],
    ]);
    expect(days[0]).not.toHaveProperty("hour");
  });

  it("keeps UTC days apart", () => {
    const days = dailyIncrements([inc("2026-01-02T00:00:00.000Z", 1, 1, 0), inc("2026-01-01T23:00:00.000Z", 1, 1, 0)]);
    expect(days.map((d) => [d.day, d.hour_mask])).toEqual([
      ["2026-01-01T00:00:00.000Z", 1 << 23],
      ["2026-01-02T00:00:00.000Z", 1],
    ]);
  });
});

describe("hourSpans (the hours a rescore batch rebuilds)", () => {
  const iso = (d: Date) => d.toISOString();
  it("covers every instant's hour, joining close hours and keeping far ones apart", () => {
    const spans = hourSpans([
      "2024-03-01T10:59:59Z",
      "2024-03-01T10:00:00Z",
      "2024-03-01T13:30:00Z",
      "2025-07-04T00:00:01Z",
    ]);
    expect(spans.map((s) => [iso(s.since), iso(s.until)])).toEqual([
      ["2024-03-01T10:00:00.000Z", "2024-03-01T14:00:00.000Z"],
      ["2025-07-04T00:00:00.000Z", "2025-07-04T01:00:00.000Z"],
    ]);
  });
  it("is empty for no instants", () => {
    expect(hourSpans([])).toEqual([]);
  });
});
