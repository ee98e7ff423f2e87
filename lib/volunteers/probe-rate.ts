// Per-probe upload rate: a token bucket per probe id. A probe that comes back after a day
// offline catches up with a burst of batches, then settles to the refill rate. The server
// keeps the buckets in the store so the limit holds across instances
// (lib/store/upload-rate.ts, the same arithmetic in one SQL statement); this in-memory
// form is the reference that statement is tested against.
export interface RateLimit {
  /** Batches allowed back to back. */
  burst: number;
  /** Batches per minute once the burst is spent. */
  perMinute: number;
}

export const UPLOAD_RATE: RateLimit = { burst: 60, perMinute: 30 };

export type RateDecision = { ok: true } | { ok: false; retryAfterS: number };

/** Seconds until a bucket holding `tokens` (< 1) has a whole token again. */
export function retryAfterS(tokens: number, limit: RateLimit): number {
  return Math.ceil(((1 - tokens) / limit.perMinute) * 60);
}

export class ProbeRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit = UPLOAD_RATE) {}

  /** Takes one token for `probeId`; returns seconds to wait when there is none. */
  take(probeId: string, nowMs: number): RateDecision {
    const b = this.buckets.get(probeId) ?? { tokens: this.limit.burst, at: nowMs };
    const refill = ((nowMs - b.at) / 60_000) * this.limit.perMinute;
    b.tokens = Math.min(this.limit.burst, b.tokens + Math.max(0, refill));
    b.at = nowMs;
    this.buckets.set(probeId, b);
    if (this.buckets.size > 100_000) this.forgetFull();
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterS: retryAfterS(b.tokens, this.limit) };
  }

  /** Full buckets carry no information: dropping them bounds memory. */
  private forgetFull(): void {
    for (const [id, b] of this.buckets) if (b.tokens >= this.limit.burst - 1) this.buckets.delete(id);
  }
}
