// Per-client token buckets in process memory, one set per named limit, counted by the one
// client-address rule (./peer, ./client-address): the public read rate (lib/api/read-guard)
// and new pinned chart snapshots (lib/exports/snapshot-limit). A request that did not come
// through Vantage's server (tests calling handlers) counts under one shared key.
import { ProbeRateLimiter, type RateDecision, type RateLimit } from "../volunteers/probe-rate";
import { requestClientAddress, type RequestHeaders } from "./peer";

interface Bucket {
  limiter: ProbeRateLimiter;
  /** The limit it was made for: a changed limit starts afresh. */
  limit: string;
}
const key = Symbol.for("vantage.client-limits");
const g = globalThis as unknown as Record<symbol, Map<string, Bucket> | undefined>;

/** Takes one token of the limit `name` for the request's client. */
export function takeClientToken(name: string, limit: RateLimit, request: RequestHeaders, nowMs = Date.now()): RateDecision {
  const limits = (g[key] ??= new Map());
  const shape = `${limit.burst}/${limit.perMinute}`;
  let bucket = limits.get(name);
  if (!bucket || bucket.limit !== shape) limits.set(name, (bucket = { limiter: new ProbeRateLimiter(limit), limit: shape }));
  return bucket.limiter.take(requestClientAddress(request) ?? "unknown", nowMs);
}

/** Forgets every client's tokens of `name` (tests vary the limits between cases). */
export function resetClientLimitForTests(name: string): void {
  g[key]?.delete(name);
}
