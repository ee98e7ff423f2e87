// GET /api/v1/measurements: the raw rows behind every aggregate, filtered, newest first,
// paginated by an opaque cursor over (started_at, id). Exported by ./route.ts.
import { encodeCursor } from "@/lib/api/cursor";
import { parseMeasurementParams } from "@/lib/api/measurement-params";
import { MEASUREMENTS_LICENSE, measurementSummary } from "@/lib/api/measurement-view";
import { readRateLimited, withReadSlot } from "@/lib/api/read-guard";
import { badRequest, internalError, jsonResponse } from "@/lib/api/respond";
import { listMeasurements } from "@/lib/store/queries/measurements";
import { getStore, timed } from "@/lib/server/store";

const ROUTE = "/api/v1/measurements";

export async function GET(request: Request): Promise<Response> {
  const limited = readRateLimited(request, ROUTE);
  if (limited) return limited;
  const url = new URL(request.url);
  const parsed = parseMeasurementParams(url.searchParams);
  if (!parsed.ok) return badRequest(ROUTE, parsed.issues);
  try {
    const store = await getStore();
    const { rows, more } = await withReadSlot(() => timed(() => listMeasurements(store, parsed.value)));
    const last = rows.at(-1);
    const nextCursor = more && last ? encodeCursor({ startedAt: last.started_at.toISOString(), id: last.id }) : null;
    let nextUrl: string | null = null;
    if (nextCursor) {
      const next = new URLSearchParams(url.searchParams);
      next.set("cursor", nextCursor);
      nextUrl = `${url.pathname}?${next}`;
    }
    return jsonResponse(ROUTE, {
      metadata: { count: rows.length, limit: parsed.value.limit, next_cursor: nextCursor, next_url: nextUrl, license: MEASUREMENTS_LICENSE.text },
      results: rows.map(measurementSummary),
    }, { headers: { link: `<${MEASUREMENTS_LICENSE.url}>; rel="license"` } });
  } catch (error) {
    return internalError(ROUTE, error);
  }
}
