// Spreads importItem over worker threads (lib/workers/pool): parsing, mapping, validating
// and scoring OONI measurements is CPU work that one thread cannot do at the rate the
// store writes. Chunks are answered in any order; callers keep their own order by awaiting
// chunk promises in sequence.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { createWorkerPool } from "../workers/pool";
import type { ImportItem, ItemOutcome } from "./item";
import type { ItemTask } from "./item-worker";

/**
 * One worker per core but one: the main thread (reading, gunzip, the store's client) and
 * the database need a core too. Measured on 2 cores (bench:import, 30,000 measurements):
 * 1 worker 1,997/s, 2 workers 1,975/s at more CPU per measurement.
 */
export function defaultImportWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

export interface ItemPool {
  run(items: ImportItem[], receivedAt: Date): Promise<ItemOutcome[]>;
  close(): Promise<void>;
}

export function createItemPool(size: number): ItemPool {
  const fromSources = import.meta.url.endsWith(".ts");
  const file = fileURLToPath(new URL(fromSources ? "./item-worker.ts" : "./item-worker.js", import.meta.url));
  const pool = createWorkerPool<ItemTask, ItemOutcome[]>(file, size);
  return {
    run: (items, receivedAt) => pool.run({ items, receivedAt: receivedAt.getTime() }),
    close: () => pool.close(),
  };
}
