// The thin-bucket rule (lib/explorer/series.ts), once for every chart: a rate (stage failure
// share, class share, the comparison's share of ok) is drawn only for a bucket of at least
// MIN_RATE_ROUNDS rounds; fewer is "too few rounds", drawn like no data but labelled as
// itself, on the page's chart rows, on the image (PNG/SVG, embeds, cards) and on the status
// strips (a dominant class is read from shares too) alike; counts are drawn whatever their size.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StatusStrip } from "../../components/explorer/StatusStrip";
import { shapeNetworkStrips } from "../../lib/explorer/networks";
import { renderChartSvg, xmlEscape } from "../../lib/chart-image/svg";
import { viewChartSpec } from "../../lib/chart-image/view-chart";
import { chartRows, classValue, MIN_RATE_ROUNDS, okShare, shapeBuckets, stageRate, stripCell, stripRuns, tooFewForRate } from "../../lib/explorer/series";
import { bucketStarts, DEFAULT_VIEW, resolveWindow, type ExplorerView } from "../../lib/explorer/view";
import type { ViewData } from "../../lib/explorer/view-data";
import { translator } from "../../lib/i18n";

const view: ExplorerView = { ...DEFAULT_VIEW, cc: "RU", service: "whatsapp", range: "custom", from: "2026-02-10", to: "2026-02-10", grain: "hour" };
const window = resolveWindow(view, new Date("2026-03-01T00:00:00Z"), null).window!;
const [h0, h1, h2, h3] = bucketStarts(window);
// h0: one round, failing at TCP (the 0-or-100 % swing); h1: 2 rounds; h2: no data; h3: exactly the minimum.
const buckets = shapeBuckets(
  window,
  [
    { bucket: h0, stage: "tcp", ok: 0, anomaly: 1, confirmed: 0, failure: 0 },
    { bucket: h1, stage: "", ok: 2, anomaly: 0, confirmed: 0, failure: 0 },
    { bucket: h3, stage: "", ok: MIN_RATE_ROUNDS - 3, anomaly: 0, confirmed: 0, failure: 0 },
    { bucket: h3, stage: "tls", ok: 0, anomaly: 3, confirmed: 0, failure: 0 },
  ],
  [],
  [],
);

describe("thin-bucket rule", () => {
  it("leaves out rates of buckets with fewer than MIN_RATE_ROUNDS rounds, keeps their counts", () => {
    expect(MIN_RATE_ROUNDS).toBe(10);
    expect(buckets.slice(0, 4).map((b) => tooFewForRate(b))).toEqual([true, true, false, false]);
    expect(stageRate(buckets[0], "tcp")).toBeNull(); // not 100 %
    expect(stageRate(buckets[3], "tls")).toBeCloseTo(0.3);
    expect(classValue(buckets[0], "anomaly", "shares")).toBeNull();
    expect(classValue(buckets[0], "anomaly", "counts")).toBe(1);
    expect(okShare(buckets[1])).toBeNull();
    expect(okShare(buckets[3])).toBeCloseTo(0.7);
  });

  it("marks the page chart's rows: a 'too few' column in shares, a 'too few' band on the stage panel, no data stays no data", () => {
    const shares = chartRows(buckets, "shares");
    expect(shares[0]).toMatchObject({ ok: null, anomaly: null, tcp: null, unknown: null, few: 1, stageFew: 1, total: 1 });
    expect(shares[2]).toMatchObject({ unknown: 1, few: null, stageFew: null, total: 0 });
    expect(shares[3]).toMatchObject({ few: null, stageFew: null });
    expect(shares[3].tls).toBeCloseTo(0.3);
    const counts = chartRows(buckets, "counts");
    expect(counts[0]).toMatchObject({ anomaly: 1, few: null, stageFew: 1, tcp: null });
  });

  it("draws the same rule on the chart image, labelled and in the legend, in shares only", () => {
    const data: ViewData = { view, window, buckets, sources: ["simulated"], simulated: true, events: [], annotations: [], messages: [] };
    const o = { lang: "en" as const, theme: "light" as const, permalink: "https://v.example/ru/whatsapp" };
    const spec = viewChartSpec(data, o);
    expect(spec.buckets.slice(0, 4).map((b) => Boolean(b.few))).toEqual([true, true, false, false]);
    expect(spec.buckets[0].counts).toEqual({ ok: 0, anomaly: 0, confirmed: 0, failure: 0 });
    expect(spec.buckets[3].counts.anomaly).toBeCloseTo(30);
    const label = translator("en")("common.tooFew", { min: MIN_RATE_ROUNDS });
    expect(label).toBe("too few rounds (< 10)");
    const svg = renderChartSvg(spec);
    expect(svg).toContain(`data-few="${h0}"`);
    expect(svg).toContain('data-legend="few"');
    expect(svg).toContain(xmlEscape(label));
    expect(svg).not.toContain(`data-bucket="${h0}"`); // no 100 % bar for one round
    const counts = viewChartSpec({ ...data, view: { ...view, mode: "counts" } }, o);
    expect(counts.buckets[0]).toMatchObject({ counts: { anomaly: 1 } });
    expect(counts.fewLabel).toBeNull();
    expect(renderChartSvg(counts)).not.toContain("data-few=");
    expect(translator("ru")("common.tooFew", { min: MIN_RATE_ROUNDS })).toBe("мало замеров (< 10)");
  });

  it("draws a status strip's thin buckets as too few rounds, not as their dominant class", () => {
    // h0: one anomalous round would be a solid anomaly cell; h3: 3 of 10 anomalous is one.
    expect(buckets.slice(0, 4).map(stripCell)).toEqual([
      { state: "few", rounds: 1 },
      { state: "few", rounds: 2 },
      { state: "unknown", rounds: 0 },
      { state: "anomaly", rounds: MIN_RATE_ROUNDS },
    ]);
    // The timeline's network strips apply it too.
    const { networks } = shapeNetworkStrips(
      window,
      [
        { asn: 1, bucket: h0, ok: 0, anomaly: 2, confirmed: 0, failure: 0 },
        { asn: 1, bucket: h1, ok: 0, anomaly: 0, confirmed: 12, failure: 0 },
      ],
      new Map([[1, 3]]),
      new Map(),
    );
    expect(networks[0].strip.slice(0, 3).map((c) => c.state)).toEqual(["few", "confirmed", "unknown"]);
  });

  it("titles a strip's thin cells and names them in its label, in both languages", () => {
    const strip = buckets.slice(0, 4).map(stripCell);
    const en = renderToStaticMarkup(createElement(StatusStrip, { strip, label: "WhatsApp: 70 % ok", lang: "en" }));
    expect(en.match(/data-few="1"/g)).toHaveLength(2); // 1 round, then 2: two shapes, each titled with its own
    expect(en).toContain("<title>too few rounds for a verdict: 1 (&lt; 10)</title>");
    expect(en).toContain('aria-label="WhatsApp: 70 % ok; buckets with too few rounds for a verdict (&lt; 10): 2"');
    expect(en).toContain('fill-opacity="0.45"');
    expect(en).toContain('fill="url(#vantage-mark-unknown)"'); // the charts' no-data mark, lighter
    const ru = renderToStaticMarkup(createElement(StatusStrip, { strip, label: "WhatsApp", lang: "ru" }));
    expect(ru).toContain("<title>слишком мало замеров для вердикта: 2 (&lt; 10)</title>");
    expect(ru).toContain("интервалов, где слишком мало замеров для вердикта (&lt; 10): 2");
    // A strip with enough rounds everywhere says nothing more.
    const plain = renderToStaticMarkup(createElement(StatusStrip, { strip: [strip[3]], label: "AS1", lang: "en" }));
    expect(plain).toContain('aria-label="AS1"');
    expect(plain).not.toContain("<title>");
  });

  it("draws runs of equal cells as one shape, thin runs only with equal rounds", () => {
    const ok = { state: "ok" as const, rounds: 40 };
    const few = (rounds: number) => ({ state: "few" as const, rounds });
    const runs = stripRuns([ok, { ...ok, rounds: 12 }, few(2), few(2), few(3), { state: "unknown", rounds: 0 }, ok]);
    expect(runs).toEqual([
      { state: "ok", rounds: 0, from: 0, length: 2 },
      { state: "few", rounds: 2, from: 2, length: 2 },
      { state: "few", rounds: 3, from: 4, length: 1 },
      { state: "unknown", rounds: 0, from: 5, length: 1 },
      { state: "ok", rounds: 0, from: 6, length: 1 },
    ]);
    const svg = renderToStaticMarkup(createElement(StatusStrip, { strip: [ok, ok, ok, few(4)], label: "x", lang: "en" }));
    expect(svg.match(/<rect/g)).toHaveLength(2);
    expect(svg).toContain('x="0%" width="75.5%"');
    expect(svg).toContain('x="75%" width="25.5%"');
  });
});
