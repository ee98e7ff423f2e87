// Upload limits of POST /api/v1/measurements, from the configuration (lib/config).
import { config } from "@/lib/config";
import { ProbeRateLimiter } from "@/lib/volunteers/probe-rate";

export const DEFAULT_INTERVAL_S = 600;
export const SCHEDULE_JITTER = 0.1;

/** What a volunteer may choose for a probe: seconds between rounds and bytes a day. */
export interface ProbeSettingBounds {
  interval: { min: number; max: number; default: number };
  dailyBudget: { min: number; max: number };
}

export function probeSettingBounds(): ProbeSettingBounds {
  const c = config();
  const maxInterval = Math.max(c.VANTAGE_PROBE_MIN_INTERVAL_S, c.VANTAGE_PROBE_MAX_INTERVAL_S);
  return {
    interval: { min: c.VANTAGE_PROBE_MIN_INTERVAL_S, max: maxInterval, default: Math.min(maxInterval, Math.max(c.VANTAGE_PROBE_MIN_INTERVAL_S, DEFAULT_INTERVAL_S)) },
    dailyBudget: { min: c.VANTAGE_PROBE_MIN_BUDGET_BYTES, max: Math.max(c.VANTAGE_PROBE_MIN_BUDGET_BYTES, c.VANTAGE_PROBE_MAX_BUDGET_BYTES) },
  };
}

export function maxBatchRecords(): number {
  return config().VANTAGE_MAX_BATCH_RECORDS;
}

export function maxBatchBytes(): number {
  return config().VANTAGE_MAX_BATCH_BYTES;
}

const key = Symbol.for("vantage.upload-limiter");
const g = globalThis as unknown as Record<symbol, ProbeRateLimiter | undefined>;

export function uploadLimiter(): ProbeRateLimiter {
  return (g[key] ??= new ProbeRateLimiter({
    burst: config().VANTAGE_UPLOAD_BURST,
    perMinute: config().VANTAGE_UPLOAD_PER_MINUTE,
  }));
}

/** Forgets every bucket and re-reads the environment (tests vary the rate between cases). */
export function resetUploadLimiter(): void {
  g[key] = undefined;
}
