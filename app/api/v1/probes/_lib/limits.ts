// Upload limits of POST /api/v1/measurements, from the environment with documented
// defaults (read per call, so an operator's change needs no code and tests can vary them).
import { ProbeRateLimiter, UPLOAD_RATE } from "@/lib/volunteers/probe-rate";

export const DEFAULT_INTERVAL_S = 600;
export const SCHEDULE_JITTER = 0.1;

function envInt(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** What a volunteer may choose for a probe: seconds between rounds and bytes a day. */
export interface ProbeSettingBounds {
  interval: { min: number; max: number; default: number };
  dailyBudget: { min: number; max: number };
}

export function probeSettingBounds(): ProbeSettingBounds {
  const minInterval = envInt("VANTAGE_PROBE_MIN_INTERVAL_S", 300);
  const maxInterval = Math.max(minInterval, envInt("VANTAGE_PROBE_MAX_INTERVAL_S", 3600));
  const minBudget = envInt("VANTAGE_PROBE_MIN_BUDGET_BYTES", 20 * 1024 * 1024);
  return {
    interval: { min: minInterval, max: maxInterval, default: Math.min(maxInterval, Math.max(minInterval, DEFAULT_INTERVAL_S)) },
    dailyBudget: { min: minBudget, max: Math.max(minBudget, envInt("VANTAGE_PROBE_MAX_BUDGET_BYTES", 1024 * 1024 * 1024)) },
  };
}

export function maxBatchRecords(): number {
  return envInt("VANTAGE_MAX_BATCH_RECORDS", 1000);
}

export function maxBatchBytes(): number {
  return envInt("VANTAGE_MAX_BATCH_BYTES", 16 * 1024 * 1024);
}

const key = Symbol.for("vantage.upload-limiter");
const g = globalThis as unknown as Record<symbol, ProbeRateLimiter | undefined>;

export function uploadLimiter(): ProbeRateLimiter {
  return (g[key] ??= new ProbeRateLimiter({
    burst: envInt("VANTAGE_UPLOAD_BURST", UPLOAD_RATE.burst),
    perMinute: envInt("VANTAGE_UPLOAD_PER_MINUTE", UPLOAD_RATE.perMinute),
  }));
}

/** Forgets every bucket and re-reads the environment (tests vary the rate between cases). */
export function resetUploadLimiter(): void {
  g[key] = undefined;
}
