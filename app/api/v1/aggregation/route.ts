// GET /api/v1/aggregation: OONI-compatible aggregation over the hourly rollups.
import { parseAggregationParams } from "../../../../lib/api/aggregation-params";
import { aggregationCsv, aggregationFileName, shapeAggregation } from "../../../../lib/api/aggregation-result";
import { badRequest, internalError, jsonResponse } from "../../../../lib/api/respond";
import { countRequest } from "../../../../lib/metrics";
import { aggregationRows } from "../../../../lib/store/queries/aggregation";
import { getStore, timed } from "../../../../lib/server/store";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/aggregation";

export async function GET(request: Request): Promise<Response> {
  const parsed = parseAggregationParams(new URL(request.url).searchParams);
  if (!parsed.ok) return badRequest(ROUTE, parsed.issues);
  const q = parsed.value;
  try {
    const store = await getStore();
    const response = shapeAggregation(q, await timed(() => aggregationRows(store, q)));
    const headers = { "cache-control": "public, max-age=60" };
    if (q.format === "CSV") {
      countRequest(ROUTE, 200);
      return new Response(aggregationCsv(response), {
        headers: {
          ...headers,
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${aggregationFileName(q)}"`,
        },
      });
    }
    return jsonResponse(ROUTE, response, { headers });
  } catch (error) {
    return internalError(ROUTE, error);
  }
}
