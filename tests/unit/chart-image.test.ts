// The chart image renderer: a valid, self-contained SVG whose words are text, gaps labelled
// "no data" and never drawn as bars, events as bands; and its PNG at the requested width.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { gapRuns, niceTicks, renderChartSvg, timeTicks } from "../../lib/chart-image/svg";
import { sampleSpec } from "../helpers/chart-spec";
import { rasterise } from "../../lib/chart-image/png";

describe("chart SVG", () => {
  it("is well-formed XML, self-contained, with its words as text", () => {
    const svg = renderChartSvg(sampleSpec());
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toMatch(/href=|<image|<script|<style|@import|url\((?!#)/);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(doc.svg["@_width"]).toBe("1200");
    const texts: string[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (n && typeof n === "object") {
        for (const [k, v] of Object.entries(n)) {
          if (k === "text") (Array.isArray(v) ? v : [v]).forEach((t) => texts.push(typeof t === "object" ? String((t as Record<string, unknown>)["#text"]) : String(t)));
          else walk(v);
        }
      }
    };
    walk(doc);
    const all = texts.join("\n");
    expect(all).toContain("WhatsApp in Russia <AS12389 & co>");
    expect(all).toContain("times in UTC");
    expect(all).toContain("no data");
    expect(all).toContain("Simulated data: not real observations");
    expect(all).toContain("Vantage · http://127.0.0.1:3000/ru/whatsapp?from=2026-02-01&to=2026-02-15");
    expect(all).toContain("1. WhatsApp blocked (tcp), from 10 Feb 2026, ongoing");
  });

  it("draws no bar in a gap and labels the gap once", () => {
    const svg = renderChartSvg(sampleSpec());
    expect(svg).not.toContain('data-bucket="2026-02-06T00:00:00.000Z"');
    expect(svg).toContain('data-gap="2026-02-06T00:00:00.000Z"');
    expect(svg.match(/data-gap=/g)).toHaveLength(1);
    expect(svg.match(/data-bucket=/g)).toHaveLength(12);
    expect(svg).toContain('data-event="1"');
  });

  it("stacks each bucket's classes to its total", () => {
    const svg = renderChartSvg(sampleSpec());
    const bucket = svg.match(/<g data-bucket="2026-02-12T00:00:00.000Z">(.*?)<\/g>/)![1];
    const values = [...bucket.matchAll(/data-class="(\w+)" data-value="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(values).toEqual([["ok", 3], ["anomaly", 30], ["confirmed", 6], ["failure", 1]]);
  });

  it("clamps the width and scales to narrow frames", () => {
    expect(renderChartSvg(sampleSpec({ width: 10 }))).toContain('width="320"');
    expect(renderChartSvg(sampleSpec({ width: 99_999 }))).toContain('width="2400"');
    const narrow = renderChartSvg(sampleSpec({ width: 390 }));
    expect(XMLValidator.validate(narrow)).toBe(true);
    // The permalink wraps rather than being cut: its pieces add up to the whole URL.
    const pieces = [...narrow.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((t) => /whatsapp\?|&amp;|to=2026/.test(t));
    expect(pieces.join("").replace(/&amp;/g, "&")).toContain("/ru/whatsapp?from=2026-02-01&to=2026-02-15");
  });

  it("finds gap runs, nice ticks and UTC time ticks", () => {
    expect(gapRuns(sampleSpec().buckets)).toEqual([[5, 6]]);
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(0)).toEqual([0, 1]);
    const ticks = timeTicks(new Date("2026-02-01T00:00:00Z"), new Date("2026-02-15T00:00:00Z"), 8);
    expect(ticks.every((t) => t.getUTCHours() === 0)).toBe(true);
    expect(ticks.length).toBeLessThanOrEqual(8);
  });
});

describe("chart PNG", () => {
  it("decodes at the requested width, and twice that at 2x", () => {
    for (const [width, scale] of [[1200, 1], [600, 2]] as const) {
      const png = rasterise(renderChartSvg(sampleSpec({ width })), width, scale);
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      expect(png.readUInt32BE(16)).toBe(width * scale); // IHDR width
    }
  });
});
