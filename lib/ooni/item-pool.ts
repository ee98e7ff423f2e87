// Spreads importItem over worker threads (lib/workers/pool): parsing, mapping, validating
// and scoring OONI measurements is CPU work that one thread cannot do at the rate the
// store writes. Chunks are answered in any order; callers keep their own order by awaiting
// chunk promises in sequence.
import { fileURLToPath } from "node:url";
import { createWorkerPool } from "../workers/pool";
import type { ImportItem, ItemOutcome } from "./item";
import type { ItemTask } from "./item-worker";

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
