// Read replicas, the pure part: which URLs DATABASE_READ_URL names, how far behind a
// replica may be, and which replica serves the next read. Reads go round-robin over the
// replicas that answered their last check within the lag bound; with none, the primary
// serves them (lib/scale/read-store.ts does the I/O).
import { redactUrl } from "../store/config";

export class ReadReplicaConfigError extends Error {
  override name = "ReadReplicaConfigError";
}

/** DATABASE_READ_URL: one or several PostgreSQL URLs, comma-separated (empty: no replicas). */
export function parseReadUrls(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === "") return [];
  const urls = raw.split(",").map((u) => u.trim());
  urls.forEach((url, i) => {
    if (!/^postgres(ql)?:\/\/[^/\s]/.test(url)) {
      throw new ReadReplicaConfigError(
        `DATABASE_READ_URL entry ${i + 1} of ${urls.length} must be a postgres:// or postgresql:// URL (got "${redactUrl(url)}")`,
      );
    }
  });
  if (new Set(urls).size !== urls.length) throw new ReadReplicaConfigError("DATABASE_READ_URL names the same replica twice");
  return urls;
}

export const DEFAULT_READ_MAX_LAG_S = 10;

/** VANTAGE_READ_MAX_LAG_S: a replica further behind than this many seconds is skipped. */
export function readMaxLagSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.VANTAGE_READ_MAX_LAG_S;
  if (raw === undefined || raw.trim() === "") return DEFAULT_READ_MAX_LAG_S;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ReadReplicaConfigError(`VANTAGE_READ_MAX_LAG_S must be a number of seconds above 0 (got "${raw}")`);
  return n;
}

/** What the last check of a replica found. */
export interface ReplicaCheck {
  /** Null: never checked. */
  checkedAtMs: number | null;
  /** The replica answered the check. */
  reachable: boolean;
  /** Seconds of replay lag (0 when it has replayed all it received while streaming). */
  lagS: number | null;
  /** pg_is_in_recovery(): a standby (false: the URL names a primary, which is never behind). */
  standby: boolean | null;
  error: string | null;
}

export type ReplicaState = "serving" | "lagging" | "failing" | "unchecked";

export function replicaState(check: ReplicaCheck, maxLagS: number): ReplicaState {
  if (check.checkedAtMs === null) return "unchecked";
  if (!check.reachable) return "failing";
  if (check.lagS === null || check.lagS > maxLagS) return "lagging";
  return "serving";
}

/**
 * The replica to serve the `turn`-th read (round-robin over those serving), or null when
 * none serves and the primary must.
 */
export function pickReplica(checks: readonly ReplicaCheck[], maxLagS: number, turn: number): number | null {
  const serving = checks.flatMap((c, i) => (replicaState(c, maxLagS) === "serving" ? [i] : []));
  if (serving.length === 0) return null;
  return serving[((turn % serving.length) + serving.length) % serving.length];
}

/**
 * Replay lag in seconds as a standby reports it. A standby that has replayed everything it
 * received while its WAL receiver streams is current (lag 0) however long ago the last
 * write was; otherwise the lag is the age of the last replayed transaction.
 */
export const REPLICA_LAG_SQL = `
SELECT pg_is_in_recovery() AS standby,
  CASE
    WHEN NOT pg_is_in_recovery() THEN 0::float8
    WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
         AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0::float8
    ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8
  END AS lag_s`;

/** A replica's name in /metrics and /api/health: host, port and database, never credentials. */
export function replicaName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return redactUrl(url);
  }
}
