// Geometry of the charts drawn on the server (components/charts/Static*.tsx): the page's
// first picture of every timeline and comparison, before Recharts (the interactive layer)
// is loaded on the reader's first touch of a chart. Pure, so the rules that matter are
// tested here: a bucket without data is never drawn as a value, lines break at gaps and
// are never interpolated, and stacked columns are exactly proportional to their counts.
//
// Coordinates: x in buckets (bucket i spans [i, i + 1]; the SVG stretches them to the
// plot's width), y in pixels from the plot's top, so text and strokes keep their size.
import { niceTicks } from "../chart-image/svg";

export interface YScale {
  ticks: number[];
  /** Pixel row of a value, 0 at the plot's top. */
  y(v: number): number;
  height: number;
}

/** A linear scale from 0 to the first nice tick at or above `max` (as Recharts' "auto" domain rounds up), about `steps` steps. */
export function countScale(max: number, height: number, steps = 4): YScale {
  const ticks = niceTicks(Math.max(1, max), steps);
  const top = ticks[ticks.length - 1];
  return { ticks, height, y: (v) => height - (Math.min(v, top) / top) * height };
}

/** Shares: 0 to 1 with ticks at every quarter. */
export function shareScale(height: number): YScale {
  return { ticks: [0, 0.25, 0.5, 0.75, 1], height, y: (v) => height - Math.min(1, Math.max(0, v)) * height };
}

/** A log scale over [lo, hi], values outside clipped to its edges (Recharts' allowDataOverflow). */
export function logScale(domain: readonly [number, number], ticks: readonly number[], height: number): YScale {
  const [lo, hi] = domain.map(Math.log10);
  return {
    ticks: [...ticks],
    height,
    y: (v) => {
      const l = Math.min(hi, Math.max(lo, Math.log10(Math.max(v, Number.MIN_VALUE))));
      return height - ((l - lo) / (hi - lo)) * height;
    },
  };
}

export interface ColumnPart<K extends string> {
  i: number;
  key: K;
  y: number;
  h: number;
}

/** Stacked columns: per bucket, each key's part from the bottom in `keys` order; null and 0 draw nothing. */
export function stackedColumns<K extends string>(rows: ReadonlyArray<Partial<Record<K, number | null>>>, keys: readonly K[], scale: YScale): ColumnPart<K>[] {
  const parts: ColumnPart<K>[] = [];
  rows.forEach((row, i) => {
    let base = 0;
    for (const key of keys) {
      const v = row[key];
      if (v == null || !(v > 0)) continue;
      const y0 = scale.y(base);
      const y1 = scale.y(base + v);
      parts.push({ i, key, y: y1, h: y0 - y1 });
      base += v;
    }
  });
  return parts;
}

/**
 * Path data of a series through bucket centres, broken at every null (no data is a gap,
 * never bridged). A value standing alone between gaps is drawn across its own bucket, so
 * it stays visible, where a line through one point would draw nothing.
 */
export function linePath(values: ReadonlyArray<number | null>, scale: YScale): string {
  const out: string[] = [];
  let run: Array<[number, number]> = [];
  const flush = () => {
    if (run.length === 1) {
      const [i, y] = run[0];
      out.push(`M${i + 0.15} ${r1(y)}H${i + 0.85}`);
    } else if (run.length > 1) {
      out.push(run.map(([i, y], k) => `${k === 0 ? "M" : "L"}${i + 0.5} ${r1(y)}`).join(""));
    }
    run = [];
  };
  values.forEach((v, i) => {
    if (v == null || !Number.isFinite(v)) flush();
    else run.push([i, scale.y(v)]);
  });
  flush();
  return out.join("");
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** x of bucket `i` of `n` as an SVG percentage of the plot's width (rects and lines take them; paths do not). */
export function xPercent(i: number, n: number): string {
  return `${Math.round((i / n) * 1e6) / 1e4}%`;
}

/** A column's width: one bucket and a hair more, so neighbours never show a seam of background between them. */
export function columnPercent(n: number): string {
  return `${Math.round((1 / n) * 1e6) / 1e4 + 0.04}%`;
}

export interface XTick {
  i: number;
  /** Centre of the bucket, as a percentage of the plot's width. */
  at: number;
  label: string;
  /** Also shown on a narrow screen (a subset of the ticks, so labels never collide on a phone). */
  narrow: boolean;
}

/**
 * Tick labels of the time axis, at bucket centres, about `wide` of them on a wide plot and
 * `narrow` (a subset) on a phone. Ticks too near the right edge for half a label are dropped
 * so no label overflows the chart.
 */
export function xTicks(starts: readonly string[], format: (iso: string) => string, wide = 8, narrow = 3): XTick[] {
  const n = starts.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.ceil(n / wide));
  const narrowStep = step * Math.max(1, Math.ceil(Math.ceil(n / narrow) / step));
  const ticks: XTick[] = [];
  for (let i = 0; i < n; i += step) {
    const at = ((i + 0.5) / n) * 100;
    const isNarrow = i % narrowStep === 0 && at <= 88;
    if (at > 96 && !isNarrow) continue;
    ticks.push({ i, at: Math.round(at * 100) / 100, label: format(starts[i]), narrow: isNarrow });
  }
  return ticks;
}

/** The index span [first, last] of a band given by bucket starts, clipped to the rows; null when outside. */
export function bandSpan(starts: readonly string[], from: string, to: string): [number, number] | null {
  const first = starts.findIndex((s) => s >= from);
  let last = -1;
  for (let i = starts.length - 1; i >= 0; i--) {
    if (starts[i] <= to) {
      last = i;
      break;
    }
  }
  return first === -1 || last === -1 || last < first ? null : [first, last];
}

/** Position (percentage of the plot's width) of the centre of the bucket starting at `at`; null when not shown. */
export function bucketCentre(starts: readonly string[], at: string): number | null {
  const i = starts.indexOf(at);
  return i === -1 ? null : ((i + 0.5) / starts.length) * 100;
}
