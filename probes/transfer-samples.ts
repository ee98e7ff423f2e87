// Bookkeeping of one download's progress: cumulative bytes over time, thinned to a bounded
// number of samples so a 10 s transfer fits the record, with the last point always kept.
import { RECORD_LIMITS } from "../lib/measurement/schema";

export type Sample = [number, number];

export class TransferSamples {
  private readonly points: Sample[] = [];
  private readonly minGapMs: number;

  /** @param spanMs the longest transfer expected; samples are spaced to fit it. */
  constructor(spanMs: number, private readonly maxSamples: number = RECORD_LIMITS.throughputSamples) {
    // Keep a few slots spare for the final point and late chunks.
    this.minGapMs = spanMs / (maxSamples - 8);
  }

  /** Records progress; drops points closer than the spacing to the previous one. */
  add(tMs: number, cumulativeBytes: number): void {
    const last = this.points[this.points.length - 1];
    if (last && tMs - last[0] < this.minGapMs) return;
    if (this.points.length >= this.maxSamples - 1) return;
    this.points.push([round(tMs), cumulativeBytes]);
  }

  /** The samples with the final point (end of transfer) appended. */
  finish(tMs: number, cumulativeBytes: number): Sample[] {
    const last = this.points[this.points.length - 1];
    if (!last || last[1] !== cumulativeBytes || last[0] !== round(tMs)) this.points.push([round(tMs), cumulativeBytes]);
    return this.points.slice(0, this.maxSamples);
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
