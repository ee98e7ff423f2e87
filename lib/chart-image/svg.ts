// The timeline chart as a standalone SVG document (pure): title, range and grain, "times in
// UTC", a legend, stacked class counts per bucket, events as shaded bands, runs of buckets
// without data as hatched gaps labelled "no data" (never zero, never ok), and a footer
// with the source line, the Vantage name and the permalink. Self-contained: no external
// fonts, images, scripts or styles; every word is a <text> element, so it stays text.
// The PNG is this same document rasterised (png.ts), so the two never differ.
import { FEW_OPACITY } from "../present/colors";

export type ChartClassKey = "ok" | "anomaly" | "confirmed" | "failure";

export interface ChartImageClass {
  key: ChartClassKey;
  label: string;
  color: string;
  /** A mark on top of the colour, so colour is never the only cue. */
  mark?: "stripes" | "dots";
}

export interface ChartImageBucket {
  start: Date;
  end: Date;
  counts: Record<ChartClassKey, number>;
  /** Shares left out by the thin-bucket rule (lib/explorer/series.ts): drawn as "too few rounds", counts all zero. */
  few?: boolean;
}

export interface ChartImageEvent {
  /** Number shown on the band, matched by the legend below the chart. */
  n: number;
  from: Date;
  /** null: ongoing (the band runs to the end of the range). */
  to: Date | null;
  label: string;
}

export interface ChartImagePalette {
  background: string;
  text: string;
  muted: string;
  grid: string;
  eventBand: string;
  eventText: string;
  noData: string;
  warning: string;
}

export interface ChartImageSpec {
  title: string;
  /** Range and grain, e.g. "1 Feb 2026 to 14 Feb 2026, by day". */
  subtitle: string;
  /** "Times in UTC", said on the axis. */
  timeNote: string;
  yLabel: string;
  noDataLabel: string;
  /** Label of buckets with too few rounds for a share (shares mode), e.g. "too few rounds (< 10)"; null: none drawn. */
  fewLabel?: string | null;
  range: { from: Date; to: Date };
  buckets: ChartImageBucket[];
  classes: ChartImageClass[];
  events: ChartImageEvent[];
  /** Source line; when `simulatedNote` is set it is printed beside it, in the warning colour. */
  source: string;
  simulatedNote: string | null;
  /** Pinned charts: "as of ..." */
  asOf: string | null;
  brand: string;
  permalink: string;
  palette: ChartImagePalette;
  /** Formats an x-axis tick (UTC). */
  formatTick: (d: Date, spanMs: number) => string;
  /** Accessible description (the <desc>). */
  description: string;
  width: number;
  /** Prefix of the document's ids, so several charts can share one HTML page. */
  idPrefix?: string;
}

export const DEFAULT_WIDTH = 1200;
export const MIN_WIDTH = 320;
export const MAX_WIDTH = 2400;

const FONT = "DejaVu Sans, Verdana, Arial, sans-serif";

/** Escapes text for XML content and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Round tick values covering [0, max]: 1, 2 or 5 times a power of ten. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const stepInt = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let v = 0; v < max + stepInt; v += stepInt) ticks.push(v);
  return ticks;
}

/** Time ticks at whole UTC days, months or years, about `target` of them. */
export function timeTicks(from: Date, to: Date, target: number): Date[] {
  const span = to.getTime() - from.getTime();
  const DAY = 86_400_000;
  const candidates: Array<{ ms: number; next: (d: Date) => Date; floor: (d: Date) => Date }> = [];
  for (const h of [1, 3, 6, 12]) {
    candidates.push({
      ms: h * 3_600_000,
      floor: (d) => new Date(Math.ceil(d.getTime() / (h * 3_600_000)) * h * 3_600_000),
      next: (d) => new Date(d.getTime() + h * 3_600_000),
    });
  }
  for (const n of [1, 2, 7, 14]) {
    candidates.push({
      ms: n * DAY,
      floor: (d) => {
        const day = new Date(Math.ceil(d.getTime() / DAY) * DAY);
        if (n === 7 || n === 14) day.setUTCDate(day.getUTCDate() + ((8 - day.getUTCDay()) % 7)); // Mondays
        return day;
      },
      next: (d) => new Date(d.getTime() + n * DAY),
    });
  }
  for (const m of [1, 2, 3, 6, 12, 24]) {
    candidates.push({
      ms: m * 30.4 * DAY,
      floor: (d) => {
        const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
        if (x < d) x.setUTCMonth(x.getUTCMonth() + 1);
        while (x.getUTCMonth() % Math.min(m, 12) !== 0) x.setUTCMonth(x.getUTCMonth() + 1);
        return x;
      },
      next: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 1)),
    });
  }
  const pick = candidates.find((c) => span / c.ms <= target) ?? candidates[candidates.length - 1];
  const out: Date[] = [];
  for (let t = pick.floor(from); t.getTime() <= to.getTime() && out.length < 100; t = pick.next(t)) out.push(t);
  return out;
}


/** Runs of consecutive buckets with no measurement (or, `few`, with too few for a share): [first index, last index]. */
export function gapRuns(buckets: ChartImageBucket[], few = false): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  buckets.forEach((b, i) => {
    const empty = b.counts.ok + b.counts.anomaly + b.counts.confirmed + b.counts.failure === 0;
    if (!empty || Boolean(b.few) !== few) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  });
  return runs;
}

/** Rough text width for layout (DejaVu Sans averages ~0.58 em per character). */
function textWidth(s: string, size: number): number {
  return s.length * size * 0.58;
}

/** Cuts a string to fit `px` at `size`, with an ellipsis. */
function fit(s: string, size: number, px: number): string {
  const max = Math.max(4, Math.floor(px / (size * 0.58)));
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Splits a line to fit `px` at `size`, at a space, "?" or "&" where it can, so a URL stays whole. */
export function wrap(s: string, size: number, px: number): string[] {
  const max = Math.max(8, Math.floor(px / (size * 0.58)));
  const lines: string[] = [];
  let rest = s;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const at = Math.max(window.lastIndexOf(" "), window.lastIndexOf("?"), window.lastIndexOf("&"));
    const cut = at > max / 3 ? (rest[at] === " " ? at + 1 : at) : max;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut);
  }
  lines.push(rest);
  return lines;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

export function renderChartSvg(spec: ChartImageSpec): string {
  const W = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, spec.width)));
  const k = Math.max(0.6, Math.min(1.4, W / DEFAULT_WIDTH)); // type scale follows width, within bounds
  const narrow = W < 700;
  const pad = Math.round(24 * k);
  const p = spec.palette;
  const id = (name: string) => `${spec.idPrefix ?? ""}${name}`;
  const titleSize = Math.round(26 * k);
  const subSize = Math.round(15 * k);
  const small = Math.max(10, Math.round(13 * k));

  const out: string[] = [];
  let y = pad + titleSize;
  const head: string[] = [];
  head.push(`<text x="${pad}" y="${y}" font-size="${titleSize}" font-weight="bold" fill="${p.text}">${xmlEscape(fit(spec.title, titleSize, W - 2 * pad))}</text>`);
  y += Math.round(subSize * 1.6);
  head.push(`<text x="${pad}" y="${y}" font-size="${subSize}" fill="${p.muted}">${xmlEscape(fit(`${spec.subtitle} · ${spec.timeNote}`, subSize, W - 2 * pad))}</text>`);
  if (spec.asOf) {
    y += Math.round(subSize * 1.5);
    head.push(`<text x="${pad}" y="${y}" font-size="${subSize}" fill="${p.muted}">${xmlEscape(spec.asOf)}</text>`);
  }
  // Legend: a swatch (with its mark) and a label per class, then the no-data swatch; wraps.
  y += Math.round(small * 2);
  let lx = pad;
  const sw = Math.round(small * 1.1);
  const legendItems = [
    ...spec.classes.map((c) => ({ label: c.label, fill: c.color, mark: c.mark, key: c.key as string })),
    { label: spec.noDataLabel, fill: p.noData, mark: "hatch" as const, key: "nodata", opacity: 1 },
    ...(spec.fewLabel ? [{ label: spec.fewLabel, fill: p.noData, mark: "hatch" as const, key: "few", opacity: FEW_OPACITY }] : []),
  ];
  for (const item of legendItems) {
    const wItem = sw + 6 + textWidth(item.label, small) + 18;
    if (lx + wItem > W - pad && lx > pad) {
      lx = pad;
      y += Math.round(small * 1.7);
    }
    head.push(
      `<g data-legend="${item.key}"><g${"opacity" in item && item.opacity !== 1 ? ` opacity="${item.opacity}"` : ""}><rect x="${lx}" y="${y - sw + 2}" width="${sw}" height="${sw}" fill="${item.fill}"/>` +
        (item.mark ? `<rect x="${lx}" y="${y - sw + 2}" width="${sw}" height="${sw}" fill="url(#${id(`mark-${item.mark}`)})"/>` : "") +
        `</g>` +
        `<text x="${lx + sw + 6}" y="${y}" font-size="${small}" fill="${p.text}">${xmlEscape(item.label)}</text></g>`,
    );
    lx += wItem;
  }
  const plotTop = y + Math.round(small * 1.6);

  // Footer lines, bottom up: permalink; source and simulated note; event list.
  const footer: string[] = [];
  const footerLines: Array<{ text: string; fill: string; bold?: boolean }> = [];
  const maxEventLines = narrow ? 3 : 5;
  for (const e of spec.events.slice(0, maxEventLines)) for (const text of wrap(`${e.n}. ${e.label}`, small, W - 2 * pad)) footerLines.push({ text, fill: p.muted });
  for (const text of wrap(spec.source, small, W - 2 * pad)) footerLines.push({ text, fill: p.text });
  // Bold glyphs are wider: wrap as if the type were a tenth larger.
  if (spec.simulatedNote) for (const text of wrap(spec.simulatedNote, small * 1.1, W - 2 * pad)) footerLines.push({ text, fill: p.warning, bold: true });
  for (const text of wrap(`${spec.brand} · ${spec.permalink}`, small, W - 2 * pad)) footerLines.push({ text, fill: p.muted });
  const lineH = Math.round(small * 1.45);
  const footerH = footerLines.length * lineH + pad;
  const axisH = Math.round(small * 2.6);
  const plotH = Math.max(Math.round(160 * k), Math.round(W * 0.28));
  const H = plotTop + plotH + axisH + footerH;
  let fy = plotTop + plotH + axisH + Math.round(small * 0.9);
  for (const line of footerLines) {
    fy += lineH;
    footer.push(
      `<text x="${pad}" y="${fy}" font-size="${small}" fill="${line.fill}"${line.bold ? ' font-weight="bold"' : ""}>${xmlEscape(line.text)}</text>`,
    );
  }

  // Plot area.
  const yAxisW = Math.round(textWidth("00000", small) + small * 1.8);
  const x0 = pad + yAxisW;
  const x1 = W - pad;
  const y0 = plotTop;
  const y1 = plotTop + plotH;
  const from = spec.range.from.getTime();
  const to = Math.max(spec.range.to.getTime(), from + 1);
  const xOf = (t: number) => x0 + ((Math.min(Math.max(t, from), to) - from) / (to - from)) * (x1 - x0);
  const totals = spec.buckets.map((b) => b.counts.ok + b.counts.anomaly + b.counts.confirmed + b.counts.failure);
  const ticks = niceTicks(Math.max(0, ...totals));
  const yMax = ticks[ticks.length - 1] || 1;
  const yOf = (v: number) => y1 - (v / yMax) * (y1 - y0);

  const plot: string[] = [];
  for (const v of ticks) {
    const ty = r1(yOf(v));
    plot.push(`<line x1="${x0}" x2="${x1}" y1="${ty}" y2="${ty}" stroke="${p.grid}" stroke-width="1"/>`);
    plot.push(`<text x="${x0 - 6}" y="${r1(ty + small * 0.35)}" font-size="${small}" fill="${p.muted}" text-anchor="end">${v}</text>`);
  }
  plot.push(
    `<text transform="translate(${pad + small * 0.6},${r1((y0 + y1) / 2)}) rotate(-90)" font-size="${small}" fill="${p.muted}" text-anchor="middle">${xmlEscape(spec.yLabel)}</text>`,
  );
  // Event bands behind the bars, numbered at the top.
  for (const e of spec.events) {
    const ex0 = xOf(e.from.getTime());
    const ex1 = xOf(e.to ? e.to.getTime() : to);
    plot.push(
      `<g data-event="${e.n}"><rect x="${r1(ex0)}" y="${y0}" width="${r1(Math.max(2, ex1 - ex0))}" height="${plotH}" fill="${p.eventBand}"/>` +
        `<text x="${r1(ex0 + 4)}" y="${y0 + small + 2}" font-size="${small}" font-weight="bold" fill="${p.eventText}">${e.n}</text></g>`,
    );
  }
  // Gaps: hatched, labelled where there is room; runs with too few rounds for a share the same, lighter.
  const gaps = [
    ...gapRuns(spec.buckets).map((run) => ({ run, label: spec.noDataLabel, attr: "data-gap", opacity: "" })),
    ...(spec.fewLabel ? gapRuns(spec.buckets, true).map((run) => ({ run, label: spec.fewLabel!, attr: "data-few", opacity: ` opacity="${FEW_OPACITY}"` })) : []),
  ];
  for (const { run: [a, b], label, attr, opacity } of gaps) {
    const gx0 = xOf(spec.buckets[a].start.getTime());
    const gx1 = xOf(spec.buckets[b].end.getTime());
    const gw = Math.max(1, gx1 - gx0);
    plot.push(
      `<g ${attr}="${spec.buckets[a].start.toISOString()}"><g${opacity}><rect x="${r1(gx0)}" y="${y0}" width="${r1(gw)}" height="${plotH}" fill="${p.noData}"/>` +
        `<rect x="${r1(gx0)}" y="${y0}" width="${r1(gw)}" height="${plotH}" fill="url(#${id("mark-hatch")})"/></g>` +
        (gw >= textWidth(label, small) + 8
          ? `<text x="${r1(gx0 + gw / 2)}" y="${r1((y0 + y1) / 2)}" font-size="${small}" fill="${p.muted}" text-anchor="middle">${xmlEscape(label)}</text>`
          : "") +
        `</g>`,
    );
  }
  // Stacked bars, in the classes' order from the baseline up.
  spec.buckets.forEach((b, i) => {
    if (totals[i] === 0) return;
    const bx0 = xOf(b.start.getTime());
    const bx1 = xOf(b.end.getTime());
    const bw = Math.max(0.5, bx1 - bx0 - (bx1 - bx0 > 4 ? 1 : 0));
    let acc = 0;
    const rects: string[] = [];
    for (const c of spec.classes) {
      const v = b.counts[c.key];
      if (v <= 0) continue;
      const top = yOf(acc + v);
      const h = yOf(acc) - top;
      const attrs = `x="${r1(bx0)}" y="${r1(top)}" width="${r1(bw)}" height="${r1(h)}"`;
      rects.push(`<rect ${attrs} fill="${c.color}" data-class="${c.key}" data-value="${v}"/>`);
      if (c.mark) rects.push(`<rect ${attrs} fill="url(#${id(`mark-${c.mark}`)})"/>`);
      acc += v;
    }
    plot.push(`<g data-bucket="${b.start.toISOString()}">${rects.join("")}</g>`);
  });
  // Time axis: ticks at whole UTC units, the note that times are UTC at its end.
  plot.push(`<line x1="${x0}" x2="${x1}" y1="${y1}" y2="${y1}" stroke="${p.muted}" stroke-width="1"/>`);
  const maxTicks = Math.max(2, Math.floor((x1 - x0) / (textWidth("00 Mmm 0000", small) + 16)));
  let lastRight = -Infinity;
  for (const t of timeTicks(spec.range.from, spec.range.to, maxTicks)) {
    const tx = xOf(t.getTime());
    const label = spec.formatTick(t, to - from);
    const half = textWidth(label, small) / 2;
    if (tx - half < lastRight + 8 || tx + half > x1 + pad / 2) continue;
    lastRight = tx + half;
    plot.push(`<line x1="${r1(tx)}" x2="${r1(tx)}" y1="${y1}" y2="${y1 + 5}" stroke="${p.muted}"/>`);
    plot.push(`<text x="${r1(tx)}" y="${y1 + small + 8}" font-size="${small}" fill="${p.muted}" text-anchor="middle">${xmlEscape(label)}</text>`);
  }
  plot.push(
    `<text x="${x1}" y="${y1 + 2 * small + 12}" font-size="${small}" fill="${p.muted}" text-anchor="end">${xmlEscape(spec.timeNote)}</text>`,
  );

  const markSize = Math.max(6, Math.round(8 * k));
  out.push(
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id("chart-title")} ${id("chart-desc")}" font-family="${FONT}">`,
    `<title id="${id("chart-title")}">${xmlEscape(spec.title)}</title>`,
    `<desc id="${id("chart-desc")}">${xmlEscape(spec.description)}</desc>`,
    `<defs>`,
    `<pattern id="${id("mark-stripes")}" width="${markSize}" height="${markSize}" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="${markSize / 3}" height="${markSize}" fill="#ffffff" fill-opacity="0.45"/></pattern>`,
    `<pattern id="${id("mark-dots")}" width="${markSize}" height="${markSize}" patternUnits="userSpaceOnUse"><circle cx="${markSize / 2}" cy="${markSize / 2}" r="${markSize / 6}" fill="#000000" fill-opacity="0.35"/></pattern>`,
    `<pattern id="${id("mark-hatch")}" width="${markSize}" height="${markSize}" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="1" height="${markSize}" fill="${p.muted}" fill-opacity="0.45"/></pattern>`,
    `</defs>`,
    `<rect width="${W}" height="${H}" fill="${p.background}"/>`,
    ...head,
    ...plot,
    ...footer,
    `</svg>`,
  );
  return out.join("\n");
}
