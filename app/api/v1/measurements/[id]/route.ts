// GET /api/v1/measurements/{id}: one stored record with its per-stage evidence and the
// server's verdict with the rules that fired.
import { measurementIdParam } from "@/lib/api/measurement-params";
import { measurementDetail, MEASUREMENTS_LICENSE } from "@/lib/api/measurement-view";
import { readRateLimited } from "@/lib/api/read-guard";
import { badRequest, errorResponse, internalError, jsonResponse } from "@/lib/api/respond";
import { getMeasurement } from "@/lib/store/queries/measurements";
import { getStore, timed } from "@/lib/server/store";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/measurements/{id}";

export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const limited = readRateLimited(request, ROUTE);
  if (limited) return limited;
  const { id } = await context.params;
  const parsed = measurementIdParam.safeParse(id.toLowerCase());
  if (!parsed.success) return badRequest(ROUTE, [{ parameter: "id", message: "expected a measurement id (a UUID)" }]);
  try {
    const store = await getStore();
    const found = await timed(() => getMeasurement(store, parsed.data));
    if (!found) return errorResponse(ROUTE, 404, `no measurement with id ${parsed.data}`);
    return jsonResponse(ROUTE, measurementDetail(found.row, found.record, found.verdict), {
      headers: { "cache-control": "public, max-age=3600", link: `<${MEASUREMENTS_LICENSE.url}>; rel="license"` },
    });
  } catch (error) {
    return internalError(ROUTE, error);
  }
}
