// Every threshold of the event detector in one place, with its default. docs/detection.md
// has the same table for readers; change a default here and there together.

export interface DetectConfig {
  /** Bucket length in minutes; as long as the probe schedule so each probe lands about once per bucket. */
  bucketMinutes: number;
  /** A bucket is final once the newest bucket seen is this many buckets later. */
  finalAfterBuckets: number;
  /** Fewest distinct owners with readable rounds in a network bucket; fewer is `unknown`. */
  minOwners: number;
  /**
   * Buckets over which an owner stays active after its last readable round (1 = this
   * bucket only). A jittered round that skips a bucket then does not shrink the quorum.
   */
  activeWindowBuckets: number;
  /** Share of active owners that must agree; the quorum is max(minOwners, ceil(share x active)). */
  quorumShare: number;
  /** Consecutive anomalous buckets (unknown ones neither count nor break the run) to open an event. */
  openBuckets: number;
  /** Mean share of active owners agreeing over those buckets for `openBuckets` to suffice. */
  openShare: number;
  /** Consecutive anomalous buckets to open an event when the agreement stays below `openShare`. */
  openBucketsWeak: number;
  /** Consecutive healthy buckets to close an event or drop a pending run (hysteresis); the end is dated to the first of them. */
  closeBuckets: number;
  /** Unknown buckets in a row that break a run of anomalous buckets that has not opened yet. */
  maxGapBuckets: number;
  /**
   * Buckets over which a probe's last throughput judgement stands for its rounds that
   * measured none (the daily data budget is spread thin: about two samples an hour). 0: none.
   */
  speedCarryBuckets: number;
  /** Throughput below this share of the probe's own baseline median is a warning-level drop. */
  warningRatio: number;
  /** Throughput below this share of the baseline median is a critical-level drop. */
  criticalRatio: number;
  /** Healthy throughput samples kept per probe and service for the rolling median. */
  baselineSamples: number;
  /** Fewest samples before a probe's baseline is used at all. */
  baselineMinSamples: number;
  /** A sample enters the baseline only this many buckets after it was taken, when its bucket is known to lie outside every event. */
  baselineLagBuckets: number;
  /** Measurement ids kept per event (the count is always exact). */
  maxMeasurementIds: number;
  /** Network events of one service whose onsets lie within this many minutes form a country event. */
  countryWindowMinutes: number;
  /** Fewest distinct ASNs for a country event. */
  countryMinAsns: number;
  /** Fewest reference owners (outside the country) that must fail for an event to be a service outage. */
  referenceMinOwners: number;
  /** Share of a reference owner's readable rounds inside the event that must fail for it to count as failing. */
  referenceFailShare: number;
  /** Incremental form: a checkpoint of each network's detector state every this many buckets. */
  checkpointEveryBuckets: number;
  /** Incremental form: checkpoints kept for this many buckets behind the newest; older late data replays the network from its start. */
  checkpointRetainBuckets: number;
  /**
   * Incremental form: keep observations only as far back as a replay from a checkpoint
   * this many buckets behind the newest needs; data older than that is dropped (counted
   * as tooLate). 0 keeps everything, so any late data is used.
   */
  retainBuckets: number;
}

export const DEFAULT_DETECT_CONFIG: Readonly<DetectConfig> = Object.freeze({
  bucketMinutes: 10,
  finalAfterBuckets: 6,
  minOwners: 3,
  activeWindowBuckets: 3,
  quorumShare: 0.5,
  openBuckets: 3,
  openShare: 0.75,
  openBucketsWeak: 6,
  closeBuckets: 3,
  maxGapBuckets: 2,
  speedCarryBuckets: 6,
  warningRatio: 0.5,
  criticalRatio: 0.25,
  baselineSamples: 144,
  baselineMinSamples: 12,
  baselineLagBuckets: 12,
  maxMeasurementIds: 100,
  countryWindowMinutes: 60,
  countryMinAsns: 2,
  referenceMinOwners: 2,
  referenceFailShare: 0.5,
  checkpointEveryBuckets: 12,
  checkpointRetainBuckets: 288,
  retainBuckets: 0,
});

const POSITIVE_INTEGERS: (keyof DetectConfig)[] = [
  "bucketMinutes",
  "finalAfterBuckets",
  "minOwners",
  "activeWindowBuckets",
  "openBuckets",
  "openBucketsWeak",
  "closeBuckets",
  "baselineSamples",
  "baselineMinSamples",
  "maxMeasurementIds",
  "countryWindowMinutes",
  "countryMinAsns",
  "referenceMinOwners",
  "checkpointEveryBuckets",
  "checkpointRetainBuckets",
];
const NON_NEGATIVE_INTEGERS: (keyof DetectConfig)[] = ["maxGapBuckets", "speedCarryBuckets", "baselineLagBuckets", "retainBuckets"];
const SHARES: (keyof DetectConfig)[] = ["quorumShare", "openShare", "warningRatio", "criticalRatio", "referenceFailShare"];

/** Merges overrides into the defaults and rejects values the detector cannot work with, naming the key. */
export function resolveDetectConfig(overrides: Partial<DetectConfig> = {}): DetectConfig {
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_DETECT_CONFIG)) throw new Error(`detect config: unknown key "${key}"`);
  }
  const config: DetectConfig = { ...DEFAULT_DETECT_CONFIG, ...overrides };
  for (const key of POSITIVE_INTEGERS) {
    const v = config[key];
    if (!Number.isInteger(v) || v < 1) throw new Error(`detect config: "${key}" must be a positive integer, got ${v}`);
  }
  for (const key of NON_NEGATIVE_INTEGERS) {
    const v = config[key];
    if (!Number.isInteger(v) || v < 0) throw new Error(`detect config: "${key}" must be an integer >= 0, got ${v}`);
  }
  for (const key of SHARES) {
    const v = config[key];
    if (typeof v !== "number" || !(v > 0 && v <= 1)) throw new Error(`detect config: "${key}" must be in (0, 1], got ${v}`);
  }
  if (config.criticalRatio >= config.warningRatio) {
    throw new Error(`detect config: "criticalRatio" (${config.criticalRatio}) must be below "warningRatio" (${config.warningRatio})`);
  }
  if (config.openBucketsWeak < config.openBuckets) {
    throw new Error(`detect config: "openBucketsWeak" must be at least "openBuckets"`);
  }
  if (config.retainBuckets > 0 && config.retainBuckets + config.checkpointEveryBuckets > config.checkpointRetainBuckets) {
    // A checkpoint must always lie between the retention horizon and the oldest kept checkpoint.
    throw new Error(`detect config: "retainBuckets" + "checkpointEveryBuckets" must not exceed "checkpointRetainBuckets"`);
  }
  if (config.baselineMinSamples > config.baselineSamples) {
    throw new Error(`detect config: "baselineMinSamples" must not exceed "baselineSamples"`);
  }
  if (config.baselineLagBuckets < config.openBuckets) {
    // Samples from an onset must still be excludable when the event opens K buckets later.
    throw new Error(`detect config: "baselineLagBuckets" must be at least "openBuckets"`);
  }
  return config;
}
