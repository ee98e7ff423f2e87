// Where the aggregation API turns the store's answer into its own: in one worker thread, so
// that parsing the rows (handed over as JSON text, Store.queryJson), checking the cell
// limit, shaping the answer (every time bucket of the range for every value of the other
// axis, medians, sorting) and writing its JSON or CSV (1.5 MB for the largest answer the
// limits allow) run beside the web server's thread instead of on it. Measured under
// bench:abuse (docs/limits.md): this was most of what still held up /api/health once the
// store had its own thread. Without the worker file (a bundle without sources) it runs in
// the route's thread.
import path from "node:path";
import type { ParamIssue } from "../api/params";
import { aggregationCellProblem, renderAggregation } from "../api/aggregation-result";
import type { AggregationQuery } from "../query/aggregation";
import { aggregationRowsOf, parseAggregationJson, type AggregationJson } from "../store/queries/aggregation";
import { processWorkerPool } from "../workers/pool";

export interface AggregationTask {
  q: AggregationQuery;
  json: AggregationJson;
  maxCells: number;
}
/** The answer's body, or the cell limit's problem (a 400). */
export type AggregationAnswer = { body: string } | { problem: ParamIssue };

/** Parses the store's answer, checks the cell limit, shapes and writes the answer (pure). */
export function answerAggregation({ q, json, maxCells }: AggregationTask): AggregationAnswer {
  const rows = aggregationRowsOf(q, parseAggregationJson(json));
  const problem = aggregationCellProblem(q, rows, maxCells);
  return problem ? { problem } : { body: renderAggregation(q, rows) };
}

const WORKER_FILE = path.join(process.cwd(), "lib", "server", "aggregation-worker.ts");

const pool = processWorkerPool<AggregationTask, AggregationAnswer>("vantage.aggregation-pool", WORKER_FILE, () => ({
  size: 1,
  onWorkerDied: (error) => console.error(`aggregation worker died (replaced): ${error instanceof Error ? error.message : String(error)}`),
}));

/** The aggregation answer for the store's rows, in the worker thread when there is one. */
export async function answerAggregationOffThread(task: AggregationTask): Promise<AggregationAnswer> {
  const workers = pool();
  return workers ? workers.run(task) : answerAggregation(task);
}
