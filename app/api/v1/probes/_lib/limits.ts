// Upload limits of POST /api/v1/measurements, from the configuration (lib/config).
import { config } from "@/lib/config";
import { ProbeRateLimiter } from "@/lib/volunteers/probe-rate";

export const DEFAULT_INTERVAL_S = 600;
export const SCHEDULE_JITTER = 0.1;

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
