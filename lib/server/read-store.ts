// The store that read routes and pages use: a read replica from DATABASE_READ_URL when one
// is current, the primary otherwise. Writes, ingestion, detection and anything that must
// read its own writes keep using getStore() (lib/server/store.ts), the primary. Each
// replica is checked at most once a second, on demand: a first check is awaited, later
// ones run in the background while the last result decides. A replica that fails or lags
// beyond VANTAGE_READ_MAX_LAG_S is skipped until a check finds it well again.
import { config } from "../config";
import { countRead } from "../metrics";
import { pickReplica, REPLICA_LAG_SQL, replicaName, replicaState, type ReplicaCheck, type ReplicaState } from "../scale/read-replicas";
import { resolveStoreTarget } from "../store/config";
import { openStore, type Store } from "../store/open";
import { getStore } from "./store";


const CHECK_EVERY_MS = 1_000;
const CHECK_TIMEOUT_MS = 2_000;

interface Replica {
  url: string;
  name: string;
  store: Promise<Store> | null;
  check: ReplicaCheck;
  checking: Promise<void> | null;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export class ReadRouter {
  private readonly replicas: Replica[];
  private turn = 0;

  constructor(
    urls: readonly string[],
    private readonly maxLagS: number,
  ) {
    this.replicas = urls.map((url) => ({
      url,
      name: replicaName(url),
      store: null,
      check: { checkedAtMs: null, reachable: false, lagS: null, standby: null, error: null },
      checking: null,
    }));
  }

  private checkReplica(r: Replica): Promise<void> {
    r.checking ??= (async () => {
      try {
        r.store ??= openStore({ databaseUrl: r.url, migrate: false });
        const store = await withTimeout(r.store, CHECK_TIMEOUT_MS, `replica ${r.name}`);
        const [row] = await withTimeout(
          store.prisma.$queryRawUnsafe<{ standby: boolean; lag_s: number | null }[]>(REPLICA_LAG_SQL),
          CHECK_TIMEOUT_MS,
          `replica ${r.name}`,
        );
        r.check = { checkedAtMs: Date.now(), reachable: true, lagS: row?.lag_s ?? null, standby: row?.standby ?? null, error: null };
      } catch (error) {
        r.check = { checkedAtMs: Date.now(), reachable: false, lagS: null, standby: null, error: (error as Error).message };
        const failed = r.store;
        r.store = null; // reconnect at the next check
        failed?.then((s) => s.close()).catch(() => {});
      } finally {
        r.checking = null;
      }
    })();
    return r.checking;
  }

  /** Brings every replica's check up to date: awaited when never checked (or `wait`), else in the background. */
  async refresh(wait = false): Promise<void> {
    const now = Date.now();
    const pending: Promise<void>[] = [];
    for (const r of this.replicas) {
      if (r.check.checkedAtMs !== null && now - r.check.checkedAtMs < CHECK_EVERY_MS && !wait) continue;
      const p = this.checkReplica(r);
      if (wait || r.check.checkedAtMs === null) pending.push(p);
    }
    await Promise.all(pending);
  }

  /** The replica store to read from, or null when none is current. */
  async pick(): Promise<{ store: Store; name: string } | null> {
    await this.refresh();
    const i = pickReplica(
      this.replicas.map((r) => r.check),
      this.maxLagS,
      this.turn++,
    );
    if (i === null) return null;
    const r = this.replicas[i];
    if (!r.store) return null;
    return { store: await r.store, name: r.name };
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((r) => ({
      name: r.name,
      role: r.check.standby === false ? "primary" : "replica",
      state: replicaState(r.check, this.maxLagS),
      lag_s: r.check.lagS,
      checked_at: r.check.checkedAtMs === null ? null : new Date(r.check.checkedAtMs).toISOString(),
      error: r.check.error,
    }));
  }

  async close(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.store?.then((s) => s.close()).catch(() => {})));
  }
}

export interface ReplicaStatus {
  name: string;
  /** What the server says it is: a standby ("replica"), or a primary named as a replica. */
  role: "replica" | "primary";
  state: ReplicaState;
  lag_s: number | null;
  checked_at: string | null;
  error: string | null;
}

const key = Symbol.for("vantage.read-router");
const g = globalThis as unknown as Record<symbol, ReadRouter | null | undefined>;

/** The process's router (null: no replicas configured, or the store is PGlite). */
export function readRouter(): ReadRouter | null {
  if (g[key] === undefined) {
    const { DATABASE_READ_URL: urls, VANTAGE_READ_MAX_LAG_S: maxLagS } = config();
    g[key] = urls.length > 0 && resolveStoreTarget().kind === "postgres" ? new ReadRouter(urls, maxLagS) : null;
  }
  return g[key];
}

/** The store for a read that may be a little behind the primary (public pages and read API). */
export async function getReadStore(): Promise<Store> {
  const picked = await readRouter()?.pick();
  countRead(picked ? `replica ${picked.name}` : "primary");
  return picked?.store ?? getStore();
}
