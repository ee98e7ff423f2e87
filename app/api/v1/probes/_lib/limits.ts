// Upload limits of POST /api/v1/measurements, from the environment with documented
// defaults (read per call, so an operator's change needs no code and tests can vary them).
import { UPLOAD_RATE, type RateLimit } from "@/lib/volunteers/probe-rate";

export const DEFAULT_INTERVAL_S = 600;
export const SCHEDULE_JITTER = 0.1;

function envInt(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function maxBatchRecords(): number {
  return envInt("VANTAGE_MAX_BATCH_RECORDS", 1000);
}

export function maxBatchBytes(): number {
  return envInt("VANTAGE_MAX_BATCH_BYTES", 16 * 1024 * 1024);
}

const key = Symbol.for("vantage.upload-rate");
const g = globalThis as unknown as Record<symbol, RateLimit | undefined>;

/** Each probe's upload rate; the buckets themselves live in the store (lib/store/upload-rate.ts). */
export function uploadRate(): RateLimit {
  return (g[key] ??= {
    burst: envInt("VANTAGE_UPLOAD_BURST", UPLOAD_RATE.burst),
    perMinute: envInt("VANTAGE_UPLOAD_PER_MINUTE", UPLOAD_RATE.perMinute),
  });
}

/** Re-reads the rate from the environment (tests vary it between cases). */
export function resetUploadLimiter(): void {
  g[key] = undefined;
}
