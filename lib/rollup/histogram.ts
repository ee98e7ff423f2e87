// Fixed log-scale histograms: the rollups keep one per metric per row, and rows merge by
// adding bucket counts, so a median read from any number of merged rows is the median of
// the raw values to within one bucket (a median of medians would be wrong).
//
// Buckets of a spec with lower bound `lo`, `perOctave` buckets per doubling and `octaves`
// doublings: bucket 0 holds values below lo (and zero); bucket i (1..n-2) holds
// [bounds[i-1], bounds[i]); the last bucket holds values at or above lo * 2^octaves.
// bounds[k] = lo * 2^(k / perOctave). Bucketing compares against these exact doubles, in
// JS here and in SQL (width_bucket over the same array), so both always agree.

export interface HistogramSpec {
  /** Name of the rollup column. */
  column: "tcp_ms_hist" | "tls_ms_hist" | "throughput_kbps_hist";
  unit: string;
  lo: number;
  perOctave: number;
  octaves: number;
}

/** 3 buckets per doubling: each bucket is 26 % wide, so a quantile is within 13 % of the truth. */
export const HISTOGRAMS = {
  tcp_ms: { column: "tcp_ms_hist", unit: "ms", lo: 1, perOctave: 3, octaves: 16 },
  tls_ms: { column: "tls_ms_hist", unit: "ms", lo: 1, perOctave: 3, octaves: 16 },
  throughput_kbps: { column: "throughput_kbps_hist", unit: "kbit/s", lo: 1, perOctave: 3, octaves: 20 },
} as const satisfies Record<string, HistogramSpec>;

export type HistogramMetric = keyof typeof HISTOGRAMS;
export const HISTOGRAM_METRICS = Object.keys(HISTOGRAMS) as HistogramMetric[];

/** A histogram: counts per bucket. Shorter arrays (e.g. '{}' in the store) read as zeros beyond their end. */
export type Histogram = number[];

const boundsCache = new Map<HistogramSpec, number[]>();

/** Lower bounds of buckets 1..n-1 (ascending); the argument of SQL's width_bucket. */
export function histogramBounds(spec: HistogramSpec): number[] {
  let bounds = boundsCache.get(spec);
  if (!bounds) {
    bounds = [];
    for (let k = 0; k <= spec.perOctave * spec.octaves; k++) bounds.push(spec.lo * 2 ** (k / spec.perOctave));
    boundsCache.set(spec, bounds);
  }
  return bounds;
}

export function bucketCount(spec: HistogramSpec): number {
  return histogramBounds(spec).length + 1;
}

/** Bucket index of a value: the number of bounds at or below it (what width_bucket returns). */
export function bucketIndex(spec: HistogramSpec, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`histogram value must be finite, got ${value}`);
  const bounds = histogramBounds(spec);
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [lower, upper) of a bucket; 0 and Infinity at the open ends. */
export function bucketRange(spec: HistogramSpec, index: number): [number, number] {
  const bounds = histogramBounds(spec);
  return [index === 0 ? 0 : bounds[index - 1], index >= bounds.length ? Infinity : bounds[index]];
}

export function emptyHistogram(spec: HistogramSpec): Histogram {
  return new Array<number>(bucketCount(spec)).fill(0);
}

/** A histogram of the given values (nulls are skipped: not measured). */
export function histogramOf(spec: HistogramSpec, values: Iterable<number | null | undefined>): Histogram {
  const h = emptyHistogram(spec);
  for (const v of values) if (v !== null && v !== undefined) h[bucketIndex(spec, v)] += 1;
  return h;
}

/** Adds `b` into a copy of `a`, bucket by bucket; missing buckets count as zero. */
export function mergeHistograms(a: readonly number[], b: readonly number[]): Histogram {
  const out = new Array<number>(Math.max(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return out;
}

export function histogramTotal(h: readonly number[]): number {
  let n = 0;
  for (const c of h) n += c;
  return n;
}

/**
 * The q-quantile (0..1) read from a histogram, or null when it is empty. The rank
 * q*(n-1) is located in its bucket and interpolated geometrically inside it (values are
 * log-distributed); the open-ended buckets answer with their finite bound. Deterministic:
 * the same counts always give the same figure, whichever rows they were merged from.
 */
export function histogramQuantile(spec: HistogramSpec, h: readonly number[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within 0..1, got ${q}`);
  const n = histogramTotal(h);
  if (n === 0) return null;
  const rank = q * (n - 1);
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    const c = h[i] ?? 0;
    if (c === 0) continue;
    if (rank < seen + c) {
      const [lower, upper] = bucketRange(spec, i);
      if (i === 0) return spec.lo;
      if (!Number.isFinite(upper)) return lower;
      const within = c === 1 ? 0.5 : (rank - seen) / (c - 1);
      return lower * (upper / lower) ** within;
    }
    seen += c;
  }
  return bucketRange(spec, h.length - 1)[0];
}

export function histogramMedian(spec: HistogramSpec, h: readonly number[]): number | null {
  return histogramQuantile(spec, h, 0.5);
}
