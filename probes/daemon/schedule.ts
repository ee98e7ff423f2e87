// When the daemon does things: rounds on the server's interval with jitter (so probes do
// not measure in lockstep), and exponential backoff with jitter after failed uploads.

/** Next round: `interval` after `from`, moved by up to ±jitter·interval. `random` is in [0, 1). */
export function nextRoundAt(fromMs: number, intervalS: number, jitter: number, random: number): number {
  const interval = intervalS * 1000;
  return fromMs + interval + (random * 2 - 1) * jitter * interval;
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const UPLOAD_BACKOFF: Backoff = { baseMs: 1000, maxMs: 5 * 60_000 };

/** Wait after the `failures`-th consecutive failure (1-based): doubling, capped, with "equal jitter". */
export function backoffMs(failures: number, random: number, backoff: Backoff = UPLOAD_BACKOFF): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + (random * ceiling) / 2;
}
