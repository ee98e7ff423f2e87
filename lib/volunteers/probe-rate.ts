// Per-probe upload rate: a token bucket per probe id, in this server process's memory
// (a restart forgets it, which only ever lets a probe through). A probe that comes back
// after a day offline catches up with a burst of batches, then settles to the refill rate.
export interface RateLimit {
  /** Batches allowed back to back. */
  burst: number;
  /** Batches per minute once the burst is spent. */
  perMinute: number;
}

export const UPLOAD_RATE: RateLimit = { burst: 60, perMinute: 30 };

export class ProbeRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit = UPLOAD_RATE) {}

  /** Takes one token for `probeId`; returns seconds to wait when there is none. */
  take(probeId: string, nowMs: number): { ok: true } | { ok: false; retryAfterS: number } {
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
    return { ok: false, retryAfterS: Math.ceil(((1 - b.tokens) / this.limit.perMinute) * 60) };
  }

  /** Full buckets carry no information: dropping them bounds memory. */
  private forgetFull(): void {
    for (const [id, b] of this.buckets) if (b.tokens >= this.limit.burst - 1) this.buckets.delete(id);
  }
}
