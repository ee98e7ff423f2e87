// A probe's own throughput baseline: the median of its last N healthy samples. Samples are
// fed only from buckets known to lie outside events, so a long block never becomes the norm.

export interface Baseline {
  /** Samples in arrival order (oldest first). */
  ring: number[];
  /** The same samples, sorted, for the median. */
  sorted: number[];
}

export function emptyBaseline(): Baseline {
  return { ring: [], sorted: [] };
}

export function cloneBaseline(b: Baseline): Baseline {
  return { ring: b.ring.slice(), sorted: b.sorted.slice() };
}

function lowerBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds a sample, dropping the oldest beyond `capacity`. Mutates `b` (the caller owns it). */
export function pushSample(b: Baseline, kbps: number, capacity: number): void {
  if (b.ring.length >= capacity) {
    const oldest = b.ring.shift() as number;
    b.sorted.splice(lowerBound(b.sorted, oldest), 1);
  }
  b.ring.push(kbps);
  b.sorted.splice(lowerBound(b.sorted, kbps), 0, kbps);
}

/** Median of the samples, or null with fewer than `minSamples`. */
export function baselineMedian(b: Baseline, minSamples: number): number | null {
  const n = b.sorted.length;
  if (n < minSamples || n === 0) return null;
  const mid = n >> 1;
  return n % 2 === 1 ? b.sorted[mid] : (b.sorted[mid - 1] + b.sorted[mid]) / 2;
}
