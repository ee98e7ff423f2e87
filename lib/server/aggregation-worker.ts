// Worker-thread side of ./aggregation-pool: shapes an aggregation answer and writes its body.
import { renderAggregation } from "../api/aggregation-result";
import type { AggregationQuery, AggregationRows } from "../query/aggregation";
import { serveTasks } from "../workers/pool";

export interface AggregationTask {
  q: AggregationQuery;
  rows: AggregationRows;
}

serveTasks<AggregationTask, string>(({ q, rows }) => renderAggregation(q, rows));
