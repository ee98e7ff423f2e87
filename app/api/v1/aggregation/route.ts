// GET /api/v1/aggregation: OONI-compatible aggregation over the hourly rollups.
import { parseAggregationParams } from "@/lib/api/aggregation-params";
import { aggregationCsv, aggregationFileName, shapeAggregation } from "@/lib/api/aggregation-result";
import { json, route } from "@/lib/http";
import { aggregationRows } from "@/lib/store/queries/aggregation";

export const dynamic = "force-dynamic";

export const GET = route("/api/v1/aggregation", { query: parseAggregationParams }, async ({ query: q, store, timed }) => {
  const db = await store();
  const response = shapeAggregation(q, await timed(() => aggregationRows(db, q)));
  const cache = { "cache-control": "public, max-age=60" };
  if (q.format === "JSON") return json(response, { headers: cache });
  return new Response(aggregationCsv(response), {
    headers: { ...cache, "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${aggregationFileName(q)}"` },
  });
});
