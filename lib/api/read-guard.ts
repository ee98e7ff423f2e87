// Applies the read limits (./read-limits) to requests: the per-client rate limit of public
// reads and the number of heavy reads running at once. Process memory, like the upload rate.
import { HttpError } from "../http/error";
import { config } from "../config";
import type { ReadLimits } from "./read-limits";
import { resetClientLimitForTests, takeClientToken } from "../net/client-limit";

/** The limits as configured (lib/config: VANTAGE_READ_*, VANTAGE_STATEMENT_TIMEOUT_MS). */
export function readLimits(): ReadLimits {
  const c = config();
  return {
    maxBuckets: c.VANTAGE_READ_MAX_BUCKETS,
    maxCells: c.VANTAGE_READ_MAX_CELLS,
    maxDetectorDays: c.VANTAGE_READ_MAX_DETECTOR_DAYS,
    maxDetectorRounds: c.VANTAGE_READ_MAX_DETECTOR_ROUNDS,
    concurrency: c.VANTAGE_READ_CONCURRENCY,
    rateBurst: c.VANTAGE_READ_RATE_BURST,
    ratePerMinute: c.VANTAGE_READ_RATE_PER_MINUTE,
    statementTimeoutMs: c.VANTAGE_STATEMENT_TIMEOUT_MS,
  };
}

interface ReadState {
  running: number;
  waiting: (() => void)[];
}
const stateKey = Symbol.for("vantage.read-limits");
const g = globalThis as unknown as Record<symbol, ReadState | undefined>;

const state = (): ReadState => (g[stateKey] ??= { running: 0, waiting: [] });

/**
 * The per-client rate limit of public reads, by the one client-address rule: throws a 429
 * naming the limit, with Retry-After, when the client has no token left. A request that did
 * not come through Vantage's server (tests calling handlers) counts under one shared key.
 */
export function takeReadToken(request: Request, nowMs = Date.now()): void {
  const l = readLimits();
  const taken = takeClientToken("read", { burst: l.rateBurst, perMinute: l.ratePerMinute }, request, nowMs);
  if (taken.ok) return;
  throw new HttpError(429, `at most ${l.rateBurst} requests at once and ${l.ratePerMinute} a minute per client on the public API; retry in ${taken.retryAfterS} s`, {
    headers: { "retry-after": String(taken.retryAfterS) },
  });
}

/** Runs a heavy read when fewer than `concurrency` are running; others wait their turn. */
export async function withReadSlot<T>(work: () => Promise<T>): Promise<T> {
  const l = readLimits();
  const s = state();
  while (s.running >= l.concurrency) await new Promise<void>((resolve) => s.waiting.push(resolve));
  s.running++;
  try {
    return await work();
  } finally {
    s.running--;
    s.waiting.shift()?.();
  }
}

/** Forgets every client's bucket (tests vary the limits between cases). */
export function resetReadLimitsForTests(): void {
  g[stateKey] = undefined;
  resetClientLimitForTests("read");
}
