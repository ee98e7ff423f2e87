// GET /api/v1/aggregation: OONI-compatible aggregation over the hourly rollups.
import { parseAggregationParams } from "@/lib/api/aggregation-params";
import { aggregationFileName } from "@/lib/api/aggregation-result";
import { readLimits, withReadSlot } from "@/lib/api/read-guard";
import { invalidRequest, queryIssues, route } from "@/lib/http";
import { answerAggregationOffThread } from "@/lib/server/aggregation-pool";
import { aggregationRecordsJson } from "@/lib/store/queries/aggregation";

export const dynamic = "force-dynamic";

// The bucket limit is checked while parsing, the cell limit on the rows (lib/api/read-limits).
const parseBounded = (params: URLSearchParams) => parseAggregationParams(params, new Date(), readLimits());

export const GET = route("/api/v1/aggregation", { query: parseBounded, publicRead: true }, async ({ query: q, store, timed }) => {
  const db = await store();
  const { maxCells } = readLimits();
  // The rows cross as JSON text and are checked, shaped and written off the server's
  // thread (lib/server/aggregation-pool): the cell limit is checked there too.
  const json = await withReadSlot(() => timed(() => aggregationRecordsJson(db, q, { rowLimit: maxCells + 1 })));
  const answer = await answerAggregationOffThread({ q, json, maxCells });
  if ("problem" in answer) throw invalidRequest(queryIssues([answer.problem]));
  const body = answer.body;
  const cache = { "cache-control": "public, max-age=60" };
  if (q.format === "JSON") return new Response(body, { headers: { ...cache, "content-type": "application/json; charset=utf-8" } });
  return new Response(body, {
    headers: { ...cache, "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${aggregationFileName(q)}"` },
  });
});
