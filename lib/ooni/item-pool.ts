// Spreads importItem over worker threads: parsing, mapping, validating and scoring OONI
// measurements is CPU work that one thread cannot do at the rate the store writes. Chunks
// are answered in any order; callers keep their own order by awaiting chunk promises in
// sequence. Workers run this module's sibling ./item-worker, through tsx when the process
// itself runs from TypeScript sources (workers do not inherit tsx's loader hooks).
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ImportItem, ItemOutcome } from "./item";

/**
 * One worker per core but one: the main thread (reading, gunzip, the store's client) and
 * the database need a core too. Measured on 2 cores (12,000 measurements, bench:import):
 * 1 worker 694/s, none 595/s, 2 workers 531/s.
 */
export function defaultImportWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

export interface ItemPool {
  run(items: ImportItem[], receivedAt: Date): Promise<ItemOutcome[]>;
  close(): Promise<void>;
}

/**
 * Each item allocates a parsed 33 KB document and the record built from it, nearly all
 * short-lived: a young generation larger than V8's default (about 48 MB here) lets them
 * die young instead of being scavenged repeatedly and promoted. Measured on 2 cores, dry
 * run of 10,000 bench measurements, 1 worker: 2,160/s at the default, 2,130/s at 48 MB,
 * 2,430/s at 96 MB, with the same peak RSS.
 */
const WORKER_YOUNG_GENERATION_MB = 96;

export function createItemPool(size: number): ItemPool {
  const fromSources = import.meta.url.endsWith(".ts");
  const url = new URL(fromSources ? "./item-worker.ts" : "./item-worker.js", import.meta.url);
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  const start = () =>
    fromSources
      ? new Worker(`import("tsx/esm/api").then((tsx) => tsx.register()).then(() => import(${JSON.stringify(url.href)}))`, { eval: true, resourceLimits })
      : new Worker(url, { resourceLimits });
  const workers = Array.from({ length: size }, start);
  const pending = new Map<number, { resolve: (o: ItemOutcome[]) => void; reject: (e: unknown) => void }>();
  const load = workers.map(() => 0);
  let nextId = 0;
  let failed: unknown = null;
  workers.forEach((worker, i) => {
    worker.on("message", (msg: { id: number; outcomes: ItemOutcome[] }) => {
      load[i] -= 1;
      pending.get(msg.id)?.resolve(msg.outcomes);
      pending.delete(msg.id);
    });
    worker.on("error", (error) => {
      failed = error;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
  });
  return {
    run(items, receivedAt) {
      if (failed) return Promise.reject(failed);
      const id = nextId++;
      // The least busy worker: chunks are similar in size, so this spreads them evenly.
      const i = load.indexOf(Math.min(...load));
      load[i] += 1;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        workers[i].postMessage({ id, items, receivedAt: receivedAt.getTime() });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
