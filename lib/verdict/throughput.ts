// Throughput rules P1-P3: a stall after the first few kilobytes, a policed rate, or plain
// congestion. All figures are computed from the cumulative byte samples the probe records.
import type { Transfer } from "../measurement/schema";
import type { Stages } from "../measurement/schema";
import type { Failure } from "../measurement/vocabulary";
import {
  BASELINE_DROP_RATIO,
  CONGESTION_RATIO_MIN,
  MIN_RATE_WINDOWS,
  POLICED_RATE_MAX_KBPS,
  RATE_WINDOW_MS,
  STALL_MAX_BYTES,
  STALL_MIN_BYTES,
  STALL_SILENCE_MS,
  STEADY_RATE_MAX_CV,
  THROUGHPUT_CAP_BYTES,
} from "./constants";
import { failed, passed, unattributable, type StageJudgement } from "./finding";

type ThroughputStage = NonNullable<Stages["throughput"]>;

export interface Stall {
  /** Body bytes received when the bytes stopped. */
  atBytes: number;
  /** ms since the request when the bytes stopped. */
  atMs: number;
  /** How long no new byte arrived. */
  silenceMs: number;
}

export interface RateSummary {
  /** Mean rate from the first body byte to the last, kbit/s; null with too little data. */
  meanKbps: number | null;
  /** Rates of whole RATE_WINDOW_MS windows from the first body byte, kbit/s. */
  windowKbps: number[];
  /** Coefficient of variation of windowKbps; null with fewer than MIN_RATE_WINDOWS windows. */
  cv: number | null;
}

/** Samples in time order, with a sample at the transfer's end carrying the final byte count. */
function timeline(t: Transfer): [number, number][] {
  const points = [...t.samples].sort((a, b) => a[0] - b[0]);
  const last = points.at(-1);
  if (!last || last[0] < t.t_ms) points.push([t.t_ms, Math.max(t.bytes, last?.[1] ?? 0)]);
  return points;
}

/** The whole object arrived: the transfer says so, or it has all the bytes the server announced. */
function hasWholeObject(t: Transfer): boolean {
  return t.complete || (t.expected_bytes !== null && t.bytes >= t.expected_bytes);
}

/**
 * Longest time without a new byte, if it lasted STALL_SILENCE_MS or more, or null. A pause
 * after the whole announced object arrived is not a silence (the object was just small).
 */
export function findSilence(t: Transfer): Stall | null {
  const points = timeline(t);
  let best: Stall | null = null;
  let i = 0;
  while (i < points.length) {
    const [startMs, bytes] = points[i];
    let j = i + 1;
    while (j < points.length && points[j][1] <= bytes) j++;
    // Silence runs until the next byte, or to the end of an unfinished transfer.
    const endMs = j < points.length ? points[j][0] : hasWholeObject(t) ? startMs : points[points.length - 1][0];
    const silenceMs = endMs - startMs;
    const wholeObject = t.expected_bytes !== null && bytes >= t.expected_bytes;
    if (silenceMs >= STALL_SILENCE_MS && !wholeObject && (!best || silenceMs > best.silenceMs)) {
      best = { atBytes: bytes, atMs: startMs, silenceMs };
    }
    i = j;
  }
  return best;
}

/** P1's pattern: a silence that began with STALL_MIN_BYTES..STALL_MAX_BYTES received. */
export function findStall(t: Transfer): Stall | null {
  const silence = findSilence(t);
  return silence && silence.atBytes >= STALL_MIN_BYTES && silence.atBytes <= STALL_MAX_BYTES ? silence : null;
}

/** Cumulative bytes at time `ms`, interpolated linearly between samples. */
function bytesAt(points: [number, number][], ms: number): number {
  let prev = points[0];
  for (const p of points) {
    if (p[0] >= ms) {
      if (p[0] === prev[0]) return p[1];
      return prev[1] + ((p[1] - prev[1]) * (ms - prev[0])) / (p[0] - prev[0]);
    }
    prev = p;
  }
  return prev[1];
}

const kbps = (bytes: number, ms: number): number => (bytes * 8) / ms; // bytes/ms * 8 = kbit/s

/**
 * Rates of the body. The mean is the larger of two estimates, because samples are discrete:
 * (a) all body bytes over the time since the last sample without body (too low when the
 * wait for the first byte was long), and (b) the bytes after the first body sample over the
 * time after it (too low when that first sample already held most of a small object).
 * Window rates start at the first body sample.
 */
export function summariseRate(t: Transfer): RateSummary {
  const points = timeline(t);
  const first = points.findIndex((p) => p[1] > 0);
  if (first < 0) return { meanKbps: null, windowKbps: [], cv: null };
  const body = points.slice(first);
  const [t0, b0] = body[0];
  const [tEnd, bEnd] = body[body.length - 1];
  const before = first > 0 ? points[first - 1][0] : null;
  const estimates: number[] = [];
  if (before !== null && tEnd > before) estimates.push(kbps(bEnd, tEnd - before));
  if (tEnd > t0) estimates.push(kbps(bEnd - b0, tEnd - t0));
  const meanKbps = estimates.length ? Math.max(...estimates) : null;
  const windowKbps: number[] = [];
  for (let start = t0; start + RATE_WINDOW_MS <= tEnd; start += RATE_WINDOW_MS) {
    windowKbps.push(kbps(bytesAt(body, start + RATE_WINDOW_MS) - bytesAt(body, start), RATE_WINDOW_MS));
  }
  let cv: number | null = null;
  if (windowKbps.length >= MIN_RATE_WINDOWS) {
    const mean = windowKbps.reduce((s, r) => s + r, 0) / windowKbps.length;
    const variance = windowKbps.reduce((s, r) => s + (r - mean) ** 2, 0) / windowKbps.length;
    cv = mean > 0 ? Math.sqrt(variance) / mean : null;
  }
  return { meanKbps, windowKbps, cv };
}

/** Failures that just mean the probe's time cap ended a slow download: the rate is still readable. */
const CAPPED: ReadonlySet<Failure> = new Set<Failure>(["generic_timeout_error"]);

/**
 * "The control object completes": it arrived whole, or the probe's byte cap (object larger
 * than the cap) or time cap (slow path) ended it while bytes were still flowing. A slow
 * control is still a completed one; P3 reads its rate.
 */
export function controlCompleted(control: Transfer | null): control is Transfer {
  if (control === null || control.bytes === 0) return false;
  if (control.failure !== null && !CAPPED.has(control.failure)) return false;
  if (hasWholeObject(control) || control.bytes >= THROUGHPUT_CAP_BYTES) return true;
  return findSilence(control) === null;
}

export function judgeThroughput(stage: ThroughputStage, baselineKbps: number | null): StageJudgement {
  const control = stage.control;
  const silence = findSilence(stage);
  if (findStall(stage)) {
    if (controlCompleted(control)) {
      return failed({ verdict: "stalled", grade: "anomaly", rule: "P1", stage: "throughput", failure: stage.failure, detail: null });
    }
    return unattributable("throughput", stage.failure, "control_failed");
  }
  // Bytes stopped for good, but not where the known stall pattern stops them: a failed
  // download the rules cannot attribute, and certainly not an ok one.
  if (silence && !hasWholeObject(stage)) return unattributable("throughput", stage.failure, "silence_outside_window");
  if (stage.failure !== null && !CAPPED.has(stage.failure)) {
    if (stage.failure === "connection_reset" || stage.failure === "eof_error") {
      return failed({ verdict: "http_blocked", grade: "anomaly", rule: "H2", stage: "throughput", failure: stage.failure, detail: null });
    }
    return unattributable("throughput", stage.failure, "not_a_block_failure");
  }

  const target = summariseRate(stage);
  if (target.meanKbps === null) {
    return hasWholeObject(stage) ? passed() : unattributable("throughput", stage.failure, "no_body");
  }
  const policed = target.meanKbps <= POLICED_RATE_MAX_KBPS && target.cv !== null && target.cv <= STEADY_RATE_MAX_CV;
  const belowBaseline = baselineKbps !== null && baselineKbps > 0 && target.meanKbps < BASELINE_DROP_RATIO * baselineKbps;
  if (!policed && !belowBaseline) return passed();

  // The target looks slow. Only a control object fetched in the same round can say whether
  // the service is singled out (P2) or the whole path is slow (P3).
  if (!controlCompleted(control)) return unattributable("throughput", stage.failure, "control_failed");
  const controlRate = summariseRate(control).meanKbps;
  if (controlRate === null) return unattributable("throughput", stage.failure, "control_failed");
  const controlNormal = controlRate > POLICED_RATE_MAX_KBPS;
  if (!controlNormal || target.meanKbps >= CONGESTION_RATIO_MIN * controlRate) return passed("P3");
  return failed({ verdict: "throttled", grade: "anomaly", rule: "P2", stage: "throughput", failure: stage.failure, detail: null });
}
