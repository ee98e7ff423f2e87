// Time buckets as long as the probe schedule. A bucket is an integer index counted from the
// Unix epoch, so the same instant always falls into the same bucket whatever range is run.
import type { DetectConfig } from "./config";

export function bucketMs(config: Pick<DetectConfig, "bucketMinutes">): number {
  return config.bucketMinutes * 60_000;
}

export function bucketOf(atMs: number, config: Pick<DetectConfig, "bucketMinutes">): number {
  return Math.floor(atMs / bucketMs(config));
}

export function bucketStartIso(bucket: number, config: Pick<DetectConfig, "bucketMinutes">): string {
  return new Date(bucket * bucketMs(config)).toISOString();
}

/**
 * Late-data rule: a bucket is final once the newest bucket seen is `finalAfterBuckets`
 * later. Data arriving for a final bucket is still used (detection re-runs over the
 * affected range), but consumers may treat final buckets as settled.
 */
export function isFinalBucket(bucket: number, frontier: number, config: Pick<DetectConfig, "finalAfterBuckets">): boolean {
  return frontier - bucket >= config.finalAfterBuckets;
}
