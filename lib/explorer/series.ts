// Pure shaping of a view's rollup rows into the chart's series: one entry per bucket of
// the window (gaps kept, as "no data"), with class counts, the share of rounds failing at
// each stage, the median throughput from merged histograms, and the coverage behind the
// bucket. The pages, the table view and the kit's exports all draw from this one shape.
import { type Histogram, histogramMedian, HISTOGRAMS, mergeHistograms } from "../rollup/histogram";
import type { VerdictClass } from "../measurement/vocabulary";
import type { DetectorTrace } from "../detect/trace";
import type { BucketState } from "../detect/types";
import type { ViewMode, ViewWindow } from "./view";
import { bucketStarts } from "./view";

/** Stages whose failures the aligned per-stage chart shows (throughput has its own series). */
export const FAILURE_STAGES = ["dns", "tcp", "tls", "http", "ws", "throughput"] as const;
export type FailureStage = (typeof FAILURE_STAGES)[number];

/** Rounds by verdict class, and their sum. */
export type ClassCounts = Record<VerdictClass | "total", number>;

/** One bucket's rounds by class (what a status strip and a range's totals need). */
export interface ClassBucket extends ClassCounts {
  /** Bucket start, ISO 8601 UTC. */
  start: string;
  /** Rounds in the bucket (the four classes sum to it); 0 is "no data". */
  total: number;
}

export interface ViewBucket extends ClassBucket {
  /** Rounds whose verdict's cause lay at each stage (any class but ok). */
  stageFailures: Record<FailureStage, number>;
  /** Median per-target throughput of the bucket (kbit/s), null without samples. */
  throughputMedianKbps: number | null;
  /** Distinct probes and distinct owners reporting in the bucket (0 when none). */
  probes: number;
  owners: number;
}

export interface CountInput {
  bucket: string;
  /** Cause stage of the rows ('' for ok and inconclusive rounds). */
  stage: string;
  ok: number;
  anomaly: number;
  confirmed: number;
  failure: number;
}
export interface HistogramInput {
  bucket: string;
  throughput: Histogram;
}
export interface CoverageInput {
  bucket: string;
  probes: number;
  owners: number;
}

const emptyStages = (): Record<FailureStage, number> => ({ dns: 0, tcp: 0, tls: 0, http: 0, ws: 0, throughput: 0 });
const isFailureStage = (s: string): s is FailureStage => (FAILURE_STAGES as readonly string[]).includes(s);

/** Adds a row's class counts to `to` (and their sum to its total). */
export function addClassCounts(to: ClassCounts, row: Record<VerdictClass, number>): void {
  to.ok += row.ok;
  to.anomaly += row.anomaly;
  to.confirmed += row.confirmed;
  to.failure += row.failure;
  to.total += row.ok + row.anomaly + row.confirmed + row.failure;
}

/** Every bucket of the window with the rows' class counts summed in (rows outside the window are ignored). */
export function shapeClassBuckets(window: ViewWindow, rows: (Record<VerdictClass, number> & { bucket: string })[]): ClassBucket[] {
  const byStart = new Map<string, ClassBucket>();
  const buckets = bucketStarts(window).map((start) => {
    const b: ClassBucket = { start, ok: 0, anomaly: 0, confirmed: 0, failure: 0, total: 0 };
    byStart.set(start, b);
    return b;
  });
  for (const r of rows) {
    const b = byStart.get(r.bucket);
    if (b) addClassCounts(b, r);
  }
  return buckets;
}

/** Every bucket of the window, filled from the rows (rows outside the window are ignored). */
export function shapeBuckets(window: ViewWindow, counts: CountInput[], histograms: HistogramInput[], coverage: CoverageInput[]): ViewBucket[] {
  const byStart = new Map<string, ViewBucket>();
  const hist = new Map<string, Histogram>();
  const buckets = shapeClassBuckets(window, counts).map((c) => {
    const b: ViewBucket = { ...c, stageFailures: emptyStages(), throughputMedianKbps: null, probes: 0, owners: 0 };
    byStart.set(b.start, b);
    return b;
  });
  for (const r of counts) {
    const b = byStart.get(r.bucket);
    if (b && isFailureStage(r.stage)) b.stageFailures[r.stage] += r.anomaly + r.confirmed + r.failure;
  }
  for (const r of histograms) {
    if (!byStart.has(r.bucket)) continue;
    hist.set(r.bucket, mergeHistograms(hist.get(r.bucket) ?? [], r.throughput));
  }
  for (const [start, h] of hist) byStart.get(start)!.throughputMedianKbps = histogramMedian(HISTOGRAMS.throughput_kbps, h);
  for (const r of coverage) {
    const b = byStart.get(r.bucket);
    if (!b) continue;
    b.probes = r.probes;
    b.owners = r.owners;
  }
  return buckets;
}

/**
 * The thin-bucket rule: a rate (a stage's failure share, a class's share, the comparison's
 * share of ok) is drawn only for a bucket with at least this many rounds. With fewer, one
 * round moves the rate by more than ten points (one round of one is 0 or 100 %), which is
 * noise, not news: such a bucket is drawn as "too few rounds", like no data, and its counts
 * stay in the table, the tooltips and the downloads. Counts are drawn whatever their size.
 */
export const MIN_RATE_ROUNDS = 10;

/** A bucket with data but fewer rounds than a rate needs. */
export function tooFewForRate(b: Pick<ViewBucket, "total">): boolean {
  return b.total > 0 && b.total < MIN_RATE_ROUNDS;
}

/** `part / b.total` where the rule allows a rate, else null (no data, or too few rounds). */
export function bucketRate(b: Pick<ViewBucket, "total">, part: number): number | null {
  return b.total >= MIN_RATE_ROUNDS ? part / b.total : null;
}

/** Share of the bucket's rounds failing at a stage; null without data or with too few rounds. */
export function stageRate(b: ViewBucket, stage: FailureStage): number | null {
  return bucketRate(b, b.stageFailures[stage]);
}

/** A class as counts or as a share of the bucket; null for no data (a gap) and, as a share, for too few rounds. */
export function classValue(b: ViewBucket, cls: VerdictClass, mode: ViewMode): number | null {
  if (b.total === 0) return null;
  return mode === "shares" ? bucketRate(b, b[cls]) : b[cls];
}

/** Share of ok rounds, the normalised measure the comparison chart draws (the same rule). */
export function okShare(b: ViewBucket): number | null {
  return bucketRate(b, b.ok);
}

/** Range summary for titles and the state-now grid. */
export interface SeriesSummary {
  total: number;
  ok: number;
  anomaly: number;
  confirmed: number;
  failure: number;
  bucketsWithData: number;
  buckets: number;
  maxProbes: number;
  maxOwners: number;
}

/** A range's totals; coverage maxima stay 0 for buckets that carry none (ClassBucket). */
export function summarise(buckets: readonly (ClassBucket & Partial<Pick<ViewBucket, "probes" | "owners">>)[]): SeriesSummary {
  const s: SeriesSummary = { total: 0, ok: 0, anomaly: 0, confirmed: 0, failure: 0, bucketsWithData: 0, buckets: buckets.length, maxProbes: 0, maxOwners: 0 };
  for (const b of buckets) {
    s.total += b.total;
    s.ok += b.ok;
    s.anomaly += b.anomaly;
    s.confirmed += b.confirmed;
    s.failure += b.failure;
    if (b.total > 0) s.bucketsWithData++;
    s.maxProbes = Math.max(s.maxProbes, b.probes ?? 0);
    s.maxOwners = Math.max(s.maxOwners, b.owners ?? 0);
  }
  return s;
}

/** The dominant class of a summary (for status strips and the grid); "unknown" without data. */
export function dominantClass(s: Pick<SeriesSummary, VerdictClass | "total">): VerdictClass | "unknown" {
  if (s.total === 0) return "unknown";
  // Blocking outranks ok when it is a substantial share: a quarter of rounds blocked is news.
  const blocked = s.anomaly + s.confirmed;
  if (blocked / s.total >= 0.25) return s.confirmed >= s.anomaly ? "confirmed" : "anomaly";
  if (s.failure / s.total >= 0.5) return "failure";
  return "ok";
}

/**
 * One cell of a status strip: the bucket's dominant class, "unknown" without data, and
 * "few" with data but fewer than MIN_RATE_ROUNDS rounds. A dominant class is read from
 * shares (a quarter blocked, half failing), so the thin-bucket rule holds for it as for
 * any rate: one anomalous round of two would paint the cell solid anomaly, a block
 * as loud as a hundred rounds of it. Such a cell is drawn as "too few rounds".
 */
export interface StripCell {
  state: VerdictClass | "unknown" | "few";
  /** Rounds behind the cell (its tooltip says how few). */
  rounds: number;
}

export function stripCell(b: ClassCounts): StripCell {
  return { state: tooFewForRate(b) ? "few" : dominantClass(b), rounds: b.total };
}

/** A run of equal strip cells (thin cells only with equal rounds): drawn as one shape. */
export interface StripRun extends StripCell {
  /** Index of the run's first cell, and how many cells it spans. */
  from: number;
  length: number;
}

/** Consecutive equal cells merged: a week by the hour is some 168 cells but a few runs. */
export function stripRuns(strip: readonly StripCell[]): StripRun[] {
  const runs: StripRun[] = [];
  strip.forEach((c, i) => {
    const last = runs[runs.length - 1];
    if (last && last.state === c.state && (c.state !== "few" || last.rounds === c.rounds)) last.length++;
    else runs.push({ ...c, rounds: c.state === "few" ? c.rounds : 0, from: i, length: 1 });
  });
  return runs;
}

/**
 * The event detector's own state in one bucket of a view (lib/detect/trace.ts): for a
 * network view the network's, for a country view the country aggregate's.
 */
export interface DetectorCell {
  state: BucketState;
  quorumMet: boolean;
  /** Failing owners (network) or networks anomalous at once (country), and how many the quorum needs. */
  anomalous: number;
  quorum: number;
  unit: "owners" | "networks";
  /** Owners reporting (network) or networks decided (country). */
  reporting: number;
  eventIds: string[];
}

/** The detector's cells by bucket start, from its trace at the view's grain. */
export function detectorCells(trace: DetectorTrace, asn: number | null): Map<string, DetectorCell> {
  const cells = new Map<string, DetectorCell>();
  if (asn !== null) {
    for (const b of trace.networks.find((n) => n.asn === asn)?.buckets ?? []) {
      cells.set(b.start, { state: b.state, quorumMet: b.quorumMet, anomalous: b.anomalousOwners, quorum: b.quorum, unit: "owners", reporting: b.owners, eventIds: b.eventIds });
    }
  } else {
    for (const b of trace.country ?? []) {
      const reporting = b.networks.ok + b.networks.anomalous;
      cells.set(b.start, { state: b.state, quorumMet: b.quorumMet, anomalous: b.anomalousNetworks, quorum: b.quorum, unit: "networks", reporting, eventIds: b.eventIds });
    }
  }
  return cells;
}

/** One row per bucket for the chart and the table: flat numbers, no data as null. */
export interface ChartRow {
  start: string;
  ok: number | null;
  anomaly: number | null;
  confirmed: number | null;
  failure: number | null;
  /** Filled when the bucket has no data, so the gap is drawn and labelled "no data". */
  unknown: number | null;
  /** Filled (full height) in shares mode when the bucket has too few rounds for a share: drawn as "too few rounds". */
  few: number | null;
  /** 1 when the stage rates are left out for too few rounds (the stage panel's "too few" band), else null. */
  stageFew: number | null;
  total: number;
  dns: number | null;
  tcp: number | null;
  tls: number | null;
  http: number | null;
  ws: number | null;
  throughput: number | null;
  throughputKbps: number | null;
  probes: number;
  owners: number;
  /** The detector's state of the bucket; null where the view shows none (range too long). */
  detector: BucketState | null;
  /** 1 where a detector state is drawn (the strip's full-height bar). */
  detectorBar: number | null;
  detectorCell: DetectorCell | null;
}

export function chartRows(buckets: ViewBucket[], mode: ViewMode, detector: ReadonlyMap<string, DetectorCell> | null = null): ChartRow[] {
  const maxTotal = Math.max(1, ...buckets.map((b) => b.total));
  return buckets.map((b) => ({
    start: b.start,
    ok: classValue(b, "ok", mode),
    anomaly: classValue(b, "anomaly", mode),
    confirmed: classValue(b, "confirmed", mode),
    failure: classValue(b, "failure", mode),
    unknown: b.total === 0 ? (mode === "shares" ? 1 : maxTotal) : null,
    few: mode === "shares" && tooFewForRate(b) ? 1 : null,
    stageFew: tooFewForRate(b) ? 1 : null,
    total: b.total,
    dns: stageRate(b, "dns"),
    tcp: stageRate(b, "tcp"),
    tls: stageRate(b, "tls"),
    http: stageRate(b, "http"),
    ws: stageRate(b, "ws"),
    throughput: stageRate(b, "throughput"),
    throughputKbps: b.throughputMedianKbps,
    probes: b.probes,
    owners: b.owners,
    ...detectorFields(detector, b.start),
  }));
}

function detectorFields(detector: ReadonlyMap<string, DetectorCell> | null, start: string): Pick<ChartRow, "detector" | "detectorBar" | "detectorCell"> {
  if (!detector) return { detector: null, detectorBar: null, detectorCell: null };
  // A bucket the detector reported nothing for was never decided: unknown, never ok.
  const cell = detector.get(start) ?? { state: "unknown" as const, quorumMet: false, anomalous: 0, quorum: 0, unit: "owners" as const, reporting: 0, eventIds: [] };
  return { detector: cell.state, detectorBar: 1, detectorCell: cell };
}
