// Numeric thresholds of the verdict rules. Every number a rule reads is named here, so the
// documentation (docs/verdicts.md) and the tests quote the same values. Change any of them
// and bump RULES_VERSION: stored records say which rules scored them.

/** Version of the rules; stored with every record, bumped whenever a rule or threshold changes. */
export const RULES_VERSION = "2026.12.02-2";

const KIB = 1024;

/** P1: bytes must stop for at least this long to count as a stall. */
export const STALL_SILENCE_MS = 5_000;
/** P1: the stall must begin with between these many body bytes received (inclusive, KiB = 1024). */
export const STALL_MIN_BYTES = 14 * KIB;
export const STALL_MAX_BYTES = 24 * KIB;

/** P2: a steady rate at or below this ceiling (kbit/s) looks like a policer. */
export const POLICED_RATE_MAX_KBPS = 200;
/** P2: "low variance" = coefficient of variation (stddev / mean) of per-window rates at or below this. */
export const STEADY_RATE_MAX_CV = 0.25;
/** P2: length of one rate window ("per-second rates"). */
export const RATE_WINDOW_MS = 1_000;
/** P2: windows needed before variance means anything (a 64 KiB object at 200 kbit/s lasts 2.6 s). */
export const MIN_RATE_WINDOWS = 2;
/** P2: a rate below this fraction of the probe's own baseline for the target is throttled. */
export const BASELINE_DROP_RATIO = 0.25;

/**
 * P3: target and control are "equally slow" when the target's rate is at least this fraction
 * of the control's. Below it, with a normal control, the target is singled out (P2).
 */
export const CONGESTION_RATIO_MIN = 0.5;

/**
 * The probe caps a download at 256 KiB (and 10 s). A control that reached the byte cap
 * without a failure counts as completed even though the object itself is larger.
 */
export const THROUGHPUT_CAP_BYTES = 256 * KIB;

/** H5: speed of light in optical fibre, km per millisecond (about two thirds of c). */
export const FIBRE_KM_PER_MS = 200;
/**
 * H5: answers from two sites must take at least this fraction of the physical floor
 * (twice their distance over FIBRE_KM_PER_MS); the rest covers sites known to city
 * precision and timer granularity.
 */
export const DISTANCE_FLOOR_MARGIN = 0.8;
/** H5: an answer quicker than this fraction of the connect round trip to the same address came from something nearer. */
export const ANSWER_RTT_RATIO = 0.5;
/** H5: the connect round trip must be at least this long (ms) for that comparison to outweigh jitter. */
export const ANSWER_RTT_MIN_MS = 20;
