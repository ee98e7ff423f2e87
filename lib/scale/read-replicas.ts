// Read replicas, the pure part: what a check of a replica found, and which replica serves
// the next read. Reads go round-robin over the replicas that answered their last check
// within the lag bound (VANTAGE_READ_MAX_LAG_S); with none, the primary serves them
// (lib/server/read-store.ts does the I/O; DATABASE_READ_URL is read by lib/config).
import { redactUrl } from "../config";

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
