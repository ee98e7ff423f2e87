// Upload limits of POST /api/v1/measurements, from the configuration (lib/config).
import { config } from "@/lib/config";
import type { RateLimit } from "@/lib/volunteers/probe-rate";

export const DEFAULT_INTERVAL_S = 600;
export const SCHEDULE_JITTER = 0.1;

export function maxBatchRecords(): number {
  return config().VANTAGE_MAX_BATCH_RECORDS;
}

export function maxBatchBytes(): number {
  return config().VANTAGE_MAX_BATCH_BYTES;
}

/** Each probe's upload rate; the buckets themselves live in the store (lib/store/upload-rate.ts). */
export function uploadRate(): RateLimit {
  return { burst: config().VANTAGE_UPLOAD_BURST, perMinute: config().VANTAGE_UPLOAD_PER_MINUTE };
}
