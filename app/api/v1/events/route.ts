// GET /api/v1/events: detected blocking events and service outages, newest start first.
import { parseEventParams } from "@/lib/api/event-params";
import { eventView } from "@/lib/api/event-view";
import { readRateLimited, withReadSlot } from "@/lib/api/read-guard";
import { badRequest, internalError, jsonResponse } from "@/lib/api/respond";
import { listEvents } from "@/lib/store/queries/events";
import { getStore, timed } from "@/lib/server/store";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/events";

export async function GET(request: Request): Promise<Response> {
  const limited = readRateLimited(request, ROUTE);
  if (limited) return limited;
  const parsed = parseEventParams(new URL(request.url).searchParams);
  if (!parsed.ok) return badRequest(ROUTE, parsed.issues);
  try {
    const store = await getStore();
    const rows = await withReadSlot(() => timed(() => listEvents(store, parsed.value)));
    return jsonResponse(ROUTE, { count: rows.length, results: rows.map(eventView) }, { headers: { "cache-control": "public, max-age=60" } });
  } catch (error) {
    return internalError(ROUTE, error);
  }
}
