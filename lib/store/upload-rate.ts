// The per-probe upload rate limit, kept in the store so it holds across every server
// instance behind a load balancer: one statement refills the probe's bucket, takes a token
// if there is one, and says whether it did, under the row's lock (ON CONFLICT DO UPDATE),
// so concurrent uploads of one probe through different instances are counted one by one.
// The arithmetic is lib/volunteers/probe-rate.ts's, which the tests hold it to.
import { retryAfterS, type RateDecision, type RateLimit } from "../volunteers/probe-rate";
import type { SqlExecutor, Store } from "./open";

// refilled = min(burst, tokens + max(0, elapsed minutes * perMinute)); a first upload finds a full bucket.
const REFILLED = `least($2::float8, b.tokens + greatest(0, extract(epoch FROM ($4::timestamptz - b.updated_at)) / 60) * $3::float8)`;

const TAKE_SQL = `
INSERT INTO upload_rate_buckets AS b (probe_id, tokens, updated_at, granted)
VALUES ($1, $2::float8 - 1, $4::timestamptz, true)
ON CONFLICT (probe_id) DO UPDATE SET
  tokens = CASE WHEN ${REFILLED} >= 1 THEN ${REFILLED} - 1 ELSE ${REFILLED} END,
  granted = ${REFILLED} >= 1,
  updated_at = $4::timestamptz
RETURNING tokens, granted`;

/** Takes one upload token for `probeId` at `now`; says how long to wait when there is none. */
export async function takeUploadToken(store: Store | SqlExecutor, probeId: string, limit: RateLimit, now: Date): Promise<RateDecision> {
  const params = [probeId, limit.burst, limit.perMinute, now.toISOString()];
  const rows =
    "prisma" in store
      ? await store.prisma.$queryRawUnsafe<{ tokens: number; granted: boolean }[]>(TAKE_SQL, ...params)
      : await store.query<{ tokens: number; granted: boolean }>(TAKE_SQL, params);
  const row = rows[0];
  if (!row) throw new Error(`upload rate: no bucket row returned for probe ${probeId}`);
  return row.granted ? { ok: true } : { ok: false, retryAfterS: retryAfterS(Number(row.tokens), limit) };
}
