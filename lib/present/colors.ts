// The one colour map of Vantage: every chart, image, embed and feed takes its verdict
// colours from here. Built from Okabe-Ito/Paul Tol hues and tuned (tests/unit/palette.test.ts)
// so every pair of classes stays apart under protanopia, deuteranopia and tritanopia,
// while OONI's meanings stay recognisable: ok green, anomaly amber, confirmed red,
// failure grey. Confirmed and failure also carry a mark (a pattern), so colour is never
// the only cue. Dark mode is its own palette, not an inversion.
import type { VerdictClass } from "../measurement/vocabulary";

/** The classes a chart draws: the four OONI-compatible ones and "unknown" (no data). */
export type ChartClass = VerdictClass | "unknown";
export const CHART_CLASSES: readonly ChartClass[] = ["ok", "anomaly", "confirmed", "failure", "unknown"];

export type Theme = "light" | "dark";

export interface Palette {
  classes: Record<ChartClass, string>;
  /** Page background, panels, text, secondary text, grid lines, event bands. */
  background: string;
  panel: string;
  text: string;
  muted: string;
  grid: string;
  eventBand: string;
  link: string;
  /** Stage series of the aligned per-stage chart. */
  stages: Record<"dns" | "tcp" | "tls" | "http" | "ws", string>;
  throughput: string;
}

export const PALETTES: Record<Theme, Palette> = {
  light: {
    classes: { ok: "#1B9E77", anomaly: "#F0B43C", confirmed: "#A3143C", failure: "#5F6B7A", unknown: "#E3E5E8" },
    background: "#FFFFFF",
    panel: "#F5F6F8",
    text: "#1D2430",
    muted: "#535C69",
    grid: "#D5D9DF",
    eventBand: "#A3143C",
    link: "#1F5FAD",
    // Paul Tol "bright", darkened where needed so lines read on white.
    stages: { dns: "#4477AA", tcp: "#228833", tls: "#AA3377", http: "#B08A00", ws: "#3A9BC2" },
    throughput: "#4477AA",
  },
  dark: {
    classes: { ok: "#3BB28F", anomaly: "#F0B43C", confirmed: "#C8345E", failure: "#B4BDC9", unknown: "#262C35" },
    background: "#12161C",
    panel: "#1B2028",
    text: "#E6E9EE",
    muted: "#A9B1BD",
    grid: "#343B46",
    eventBand: "#E06A8A",
    link: "#8AB8F0",
    stages: { dns: "#77AADD", tcp: "#55BB66", tls: "#DD77AA", http: "#DDCC55", ws: "#66CCEE" },
    throughput: "#77AADD",
  },
};

/** SVG pattern ids and the marks they draw: confirmed hatched, failure dotted, unknown empty. */
export const CLASS_MARKS: Record<ChartClass, "none" | "hatch" | "dots" | "outline"> = {
  ok: "none",
  anomaly: "none",
  confirmed: "hatch",
  failure: "dots",
  unknown: "outline",
};

/**
 * A bucket with data but too few rounds for a share (lib/explorer/series.ts
 * MIN_RATE_ROUNDS) is drawn with the no-data mark at this opacity, on the page's charts,
 * the images and the status strips alike: like a gap, but lighter, and labelled as itself.
 */
export const FEW_OPACITY = 0.45;

/**
 * The event detector's bucket states drawn in the class colours and marks they stand
 * beside: ok as ok, anomalous as anomaly, unknown as "no data" (hatched), never as ok.
 * The palette's tested distances between classes hold for them too.
 */
export const DETECTOR_STATE_CLASS: Record<"ok" | "anomalous" | "unknown", ChartClass> = { ok: "ok", anomalous: "anomaly", unknown: "unknown" };

/** CSS custom properties of a palette, for the site's stylesheet and for embeds. */
export function paletteCssVariables(theme: Theme): Record<string, string> {
  const p = PALETTES[theme];
  const vars: Record<string, string> = {
    "--bg": p.background,
    "--panel": p.panel,
    "--fg": p.text,
    "--muted": p.muted,
    "--grid": p.grid,
    "--event-band": p.eventBand,
    "--link": p.link,
    "--throughput": p.throughput,
  };
  for (const c of CHART_CLASSES) vars[`--${c}`] = p.classes[c];
  for (const [s, colour] of Object.entries(p.stages)) vars[`--stage-${s}`] = colour;
  return vars;
}

/** `--name: value;` lines of a palette (the site's CSS is generated from this, see app/(site)/theme-style.tsx). */
export function paletteCss(theme: Theme): string {
  return Object.entries(paletteCssVariables(theme))
    .map(([k, v]) => `${k}:${v};`)
    .join("");
}
