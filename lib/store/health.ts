// What GET /api/health says about the store, quickly even while heavy reads run: migrations
// cannot change under a running server, so once current they are not read again; the
// round trip is given HEALTH_PROBE_MS, and a store that answered within the last
// HEALTH_FRESH_MS but is busy now (PGlite runs one statement at a time) counts as reachable
// and busy rather than making the health check wait behind a long read. The embedded store
// runs in a worker thread that reports its own activity (lib/store/pglite-remote): while
// other statements are queued there the probe is given only HEALTH_BUSY_PROBE_MS, and any
// statement the worker answered counts as the store answering.
import { migrationStatus, type MigrationStatus } from "./migrate";
import type { Store } from "./open";

export const HEALTH_PROBE_MS = 150;
export const HEALTH_FRESH_MS = 30_000;
export const HEALTH_BUSY_PROBE_MS = 20;

export interface StoreHealth {
  reachable: boolean;
  busy: boolean;
  migrations: MigrationStatus;
}

interface HealthMemo {
  store: Store;
  current: MigrationStatus | null;
  lastAnswerMs: number;
  probe: Promise<void> | null;
}
const key = Symbol.for("vantage.store-health");
const g = globalThis as unknown as Record<symbol, HealthMemo | undefined>;

export async function storeHealth(store: Store, nowMs = () => Date.now()): Promise<StoreHealth> {
  let memo = g[key];
  if (!memo || memo.store !== store) memo = g[key] = { store, current: null, lastAnswerMs: -Infinity, probe: null };
  const m = memo;
  if (!m.current) {
    const status = await migrationStatus(store);
    m.lastAnswerMs = nowMs();
    if (status.pending.length === 0 && status.modified.length === 0) m.current = status;
    else return { reachable: true, busy: false, migrations: status };
  }
  // Other statements queued in the embedded store's worker: the probe waits behind them.
  const activity = store.activity?.();
  const othersQueued = activity !== undefined && activity.inFlight > (m.probe ? 1 : 0);
  // One round trip in flight at a time: concurrent health checks share it.
  m.probe ??= store.prisma.$queryRawUnsafe("SELECT 1").then(
    () => {
      m.lastAnswerMs = nowMs();
      m.probe = null;
    },
    (error: unknown) => {
      m.probe = null;
      throw error;
    },
  );
  const wait = othersQueued ? HEALTH_BUSY_PROBE_MS : HEALTH_PROBE_MS;
  const answered = await Promise.race([m.probe.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), wait).unref())]);
  if (answered) return { reachable: true, busy: false, migrations: m.current };
  const lastAnswerMs = Math.max(m.lastAnswerMs, store.activity?.().lastAnswerMs ?? -Infinity);
  return { reachable: nowMs() - lastAnswerMs < HEALTH_FRESH_MS, busy: true, migrations: m.current };
}
