// Upload limits of POST /api/v1/measurements, from the environment with documented defaults.
import { ProbeRateLimiter, UPLOAD_RATE } from "@/lib/volunteers/probe-rate";

export const MAX_BATCH_RECORDS = Number(process.env.VANTAGE_MAX_BATCH_RECORDS ?? 1000);
export const MAX_BATCH_BYTES = Number(process.env.VANTAGE_MAX_BATCH_BYTES ?? 16 * 1024 * 1024);
export const DEFAULT_INTERVAL_S = 600;
export const SCHEDULE_JITTER = 0.1;

const key = Symbol.for("vantage.upload-limiter");
const g = globalThis as unknown as Record<symbol, ProbeRateLimiter | undefined>;

export function uploadLimiter(): ProbeRateLimiter {
  return (g[key] ??= new ProbeRateLimiter({
    burst: Number(process.env.VANTAGE_UPLOAD_BURST ?? UPLOAD_RATE.burst),
    perMinute: Number(process.env.VANTAGE_UPLOAD_PER_MINUTE ?? UPLOAD_RATE.perMinute),
  }));
}

/** Forgets every bucket (tests change the environment between cases). */
export function resetUploadLimiter(): void {
  g[key] = undefined;
}
