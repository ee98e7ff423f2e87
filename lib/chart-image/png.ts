// Rasterises a chart SVG (svg.ts) to PNG with resvg, a static-SVG renderer with its own
// text layout, so the PNG is the SVG pixel for pixel. Fonts are read from files, never
// from the system's font configuration: the same words render the same on every host.
import fs from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import { config } from "../config";

/** Debian's fonts-dejavu-core (Latin and Cyrillic); VANTAGE_CHART_FONT overrides it. */
export const DEFAULT_CHART_FONTS = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
];

export function chartFonts(configured: string | undefined = config().VANTAGE_CHART_FONT?.trim()): string[] {
  const files = configured ? configured.split(":").filter(Boolean) : DEFAULT_CHART_FONTS;
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length === files.length) {
    throw new Error(
      `no chart font found (${files.join(", ")}): install Debian's fonts-dejavu-core or set VANTAGE_CHART_FONT to a .ttf file`,
    );
  }
  return files.filter((f) => !missing.includes(f));
}

/** PNG bytes of `svg` at `width` CSS pixels times `scale` (1 or 2). */
export function rasterise(svg: string, width: number, scale: 1 | 2, fonts: string[] = chartFonts()): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: Math.round(width * scale) },
    font: { loadSystemFonts: false, fontFiles: fonts, defaultFontFamily: "DejaVu Sans" },
    background: "rgba(255,255,255,0)",
  });
  return resvg.render().asPng();
}
