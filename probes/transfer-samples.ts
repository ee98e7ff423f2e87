// Bookkeeping of one download's progress: cumulative bytes over time, thinned to a bounded
// number of samples so a 10 s transfer fits the record, with the last point always kept.
import { RECORD_LIMITS } from "../lib/measurement/schema";

export type Sample = [number, number];

export class TransferSamples {
  private readonly points: Sample[] = [];
  /** The latest point dropped for being too close; kept when a gap follows it (a stall's start). */
  private pending: Sample | null = null;
  private readonly minGapMs: number;

  /** @param spanMs the longest transfer expected; samples are spaced to fit it. */
  constructor(spanMs: number, private readonly maxSamples: number = RECORD_LIMITS.throughputSamples) {
    // A kept point can bring its pending predecessor along: two points per gap at most,
    // plus a few spare slots for the final point.
    this.minGapMs = (2 * spanMs) / (maxSamples - 8);
  }

  /** Records progress; drops points closer than the spacing to the previous one. */
  add(tMs: number, cumulativeBytes: number): void {
    const last = this.points[this.points.length - 1];
    const point: Sample = [round(tMs), cumulativeBytes];
    if (last && tMs - last[0] < this.minGapMs) {
      this.pending = point;
      return;
    }
    if (this.points.length >= this.maxSamples - 2) return;
    if (this.pending) this.points.push(this.pending);
    this.pending = null;
    this.points.push(point);
  }

  /** The samples with the final point (end of transfer) appended. */
  finish(tMs: number, cumulativeBytes: number): Sample[] {
    if (this.pending) this.points.push(this.pending);
    this.pending = null;
    const last = this.points[this.points.length - 1];
    if (!last || last[1] !== cumulativeBytes || last[0] !== round(tMs)) this.points.push([round(tMs), cumulativeBytes]);
    return this.points.slice(0, this.maxSamples);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
