// The web server's single store, opened lazily once per process and shared by every
// request (PGlite allows one owner per data directory).
import { openStore, type Store } from "../store/open";
import { observeStoreLatency } from "../metrics";
import { config } from "../config";

const key = Symbol.for("vantage.store");
const g = globalThis as unknown as Record<symbol, Promise<Store> | undefined>;

export function getStore(): Promise<Store> {
  let pending = g[key];
  if (!pending) {
    pending = openStore({ statementTimeoutMs: config().VANTAGE_STATEMENT_TIMEOUT_MS });
    pending.catch(() => {
      g[key] = undefined; // let the next request try again
    });
    g[key] = pending;
  }
  return pending;
}

/**
 * Closes the server's store if one was opened (on SIGTERM/SIGINT, scripts/next-server.ts):
 * PGlite flushes and its data directory's lock is released for the next owner.
 */
export async function closeServerStore(): Promise<void> {
  const pending = g[key];
  g[key] = undefined;
  const store = await pending?.catch(() => null);
  await store?.close();
}

/** Times one store round trip for /metrics. */
export async function timed<T>(work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    observeStoreLatency((performance.now() - t0) / 1000);
  }
}

/** Tests hand route handlers a store of their own (null: back to the lazily opened one). */
export function setStoreForTests(store: Store | null): void {
  g[key] = store ? Promise.resolve(store) : undefined;
}
