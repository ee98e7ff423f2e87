// Exactly one detector among any number of server instances: a PostgreSQL session-level
// advisory lock, taken with pg_try_advisory_lock on a connection of its own that does
// nothing else. PostgreSQL releases the lock when that session ends, so when the holder
// dies (process killed: at once; host or network gone: when TCP keepalives give up, about
// 25 s) another instance's next attempt, every `retryMs`, takes it over. The holder checks
// its connection at the same pace and stops detecting as soon as it is gone. Detection
// itself is idempotent by event id, so a takeover neither duplicates nor loses events
// (the new holder starts from what detection_state says was covered).
import pg from "pg";
import { setLeaseState } from "../scale/lease-state";

/** The lock's two keys ("VANT", 1): pg_locks shows them as classid and objid. */
export const DETECTION_LOCK = { classid: 0x56414e54, objid: 1 } as const;

/** Prefix of the lease connection's application_name; the instance id follows. */
export const LEASE_APPLICATION_PREFIX = "vantage-detector ";

export interface LeaseEvents {
  onAcquire?: () => void;
  onLose?: (reason: string) => void;
}

export interface LeaseStatus {
  held: boolean;
  since: string | null;
  attempts: number;
  last_error: string | null;
}

export class DetectionLease {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private held = false;
  private since: Date | null = null;
  private attempts = 0;
  private lastError: string | null = null;

  constructor(
    private readonly url: string,
    private readonly instance: string,
    private readonly retryMs: number,
    private readonly events: LeaseEvents = {},
  ) {}

  start(): void {
    setLeaseState(true, false);
    void this.tick();
  }

  status(): LeaseStatus {
    return { held: this.held, since: this.since?.toISOString() ?? null, attempts: this.attempts, last_error: this.lastError };
  }

  private async tick(): Promise<void> {
    this.timer = null;
    try {
      const client = this.client ?? (await this.connect());
      if (this.held) {
        await client.query("SELECT 1"); // a dead lease connection shows here, and ends the lease
      } else {
        this.attempts++;
        const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", [
          DETECTION_LOCK.classid,
          DETECTION_LOCK.objid,
        ]);
        if (rows[0]?.ok && !this.stopped) {
          this.held = true;
          this.since = new Date();
          this.lastError = null;
          setLeaseState(true, true);
          console.error(`detection lease: taken by ${this.instance}`);
          this.events.onAcquire?.();
        }
      }
    } catch (error) {
      this.drop((error as Error).message);
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.tick(), this.retryMs);
      this.timer.unref?.();
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: `${LEASE_APPLICATION_PREFIX}${this.instance}`,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // The server side notices a vanished holder too: probes after 10 s idle, 3 misses 5 s apart.
      options: "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c statement_timeout=10000",
    });
    client.on("error", (error) => this.drop(error.message));
    client.on("end", () => this.drop("lease connection closed"));
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      this.client = null;
      throw error;
    }
    return client;
  }

  /** The lease connection failed or closed: the lock is gone with it. */
  private drop(reason: string): void {
    const client = this.client;
    this.client = null;
    client?.removeAllListeners("end");
    client?.end().catch(() => {});
    this.lastError = reason;
    if (this.held) {
      this.held = false;
      this.since = null;
      setLeaseState(!this.stopped, false);
      console.error(`detection lease: lost by ${this.instance} (${reason})`);
      this.events.onLose?.(reason);
    }
  }

  /** Releases the lease (a clean shutdown hands it over at once). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (this.held) {
      this.held = false;
      this.since = null;
      this.events.onLose?.("stopped");
    }
    setLeaseState(false, false);
    if (client) {
      client.removeAllListeners("end");
      await client.end().catch(() => {}); // ending the session releases the lock
    }
  }
}

export interface LeaseHolder {
  /** The holder's instance id (from its lease connection's application_name). */
  instance: string;
  /** When the holder's lease connection was opened (null: the embedded store, no connection). */
  connected_at: string | null;
}

/**
 * Who holds the detection lease, as the primary sees it (null: nobody). Needs the lease
 * connections to run as the same database role as the caller, or pg_read_all_stats, to
 * read their application_name.
 */
export async function detectionLeaseHolder(query: <R>(sql: string, ...params: unknown[]) => Promise<R[]>): Promise<LeaseHolder | null> {
  const rows = await query<{ application_name: string | null; backend_start: Date | string }>(
    `SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 2
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    DETECTION_LOCK.classid,
    DETECTION_LOCK.objid,
  );
  const row = rows[0];
  if (!row) return null;
  const name = row.application_name ?? "";
  return {
    instance: name.startsWith(LEASE_APPLICATION_PREFIX) ? name.slice(LEASE_APPLICATION_PREFIX.length) : name || "(unknown)",
    connected_at: new Date(row.backend_start).toISOString(),
  };
}
