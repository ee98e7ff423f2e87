// Where the aggregation API shapes its answers: in one worker thread, so that turning the
// store's rows into the answer (every time bucket of the range for every value of the
// other axis, medians, sorting) and writing its JSON or CSV (1.5 MB for the largest answer
// the limits allow) runs beside the web server's thread instead of on it. Measured under
// bench:abuse (docs/limits.md): this was most of what still held up /api/health once the
// store had its own thread. Without the worker file (a bundle without sources) it runs in
// the route's thread.
import path from "node:path";
import { existsSync } from "node:fs";
import { renderAggregation } from "../api/aggregation-result";
import type { AggregationQuery, AggregationRows } from "../query/aggregation";
import { createWorkerPool, type WorkerPool } from "../workers/pool";
import type { AggregationTask } from "./aggregation-worker";

const WORKER_FILE = path.join(process.cwd(), "lib", "server", "aggregation-worker.ts");

type Pool = WorkerPool<AggregationTask, string>;
const key = Symbol.for("vantage.aggregation-pool");
const g = globalThis as unknown as Record<symbol, Pool | null | undefined>;

function pool(): Pool | null {
  if (g[key] !== undefined) return g[key];
  g[key] = existsSync(WORKER_FILE)
    ? createWorkerPool<AggregationTask, string>(WORKER_FILE, 1, {
        onWorkerDied: (error) => console.error(`aggregation worker died (replaced): ${error instanceof Error ? error.message : String(error)}`),
      })
    : null;
  return g[key];
}

/** renderAggregation, in the worker thread when there is one. */
export async function renderAggregationOffThread(q: AggregationQuery, rows: AggregationRows): Promise<string> {
  const workers = pool();
  return workers ? workers.run({ q, rows }) : renderAggregation(q, rows);
}
