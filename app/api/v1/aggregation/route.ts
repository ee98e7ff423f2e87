// GET /api/v1/aggregation: OONI-compatible aggregation over the hourly rollups.
import { parseAggregationParams } from "../../../../lib/api/aggregation-params";
import { aggregationCellProblem, aggregationCsv, aggregationFileName, shapeAggregation } from "../../../../lib/api/aggregation-result";
import { readLimits, readRateLimited, withReadSlot } from "../../../../lib/api/read-guard";
import { badRequest, internalError, jsonResponse } from "../../../../lib/api/respond";
import { countRequest } from "../../../../lib/metrics";
import { aggregationRows } from "../../../../lib/store/queries/aggregation";
import { getStore, timed } from "../../../../lib/server/store";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/aggregation";

export async function GET(request: Request): Promise<Response> {
  const limited = readRateLimited(request, ROUTE);
  if (limited) return limited;
  const limits = readLimits();
  const parsed = parseAggregationParams(new URL(request.url).searchParams, new Date(), limits);
  if (!parsed.ok) return badRequest(ROUTE, parsed.issues);
  const q = parsed.value;
  try {
    const store = await getStore();
    const rows = await withReadSlot(() => timed(() => aggregationRows(store, q, { rowLimit: limits.maxCells + 1 })));
    const tooMany = aggregationCellProblem(q, rows, limits.maxCells);
    if (tooMany) return badRequest(ROUTE, [tooMany]);
    const response = shapeAggregation(q, rows);
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
