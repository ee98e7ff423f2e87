// The unsubscribe link every delivery carries. GET shows what would be cancelled and a
// button (link scanners and previews fetch GETs, so a GET never deletes); POST cancels.
import { errorResponse, internalError, jsonResponse } from "@/lib/api/respond";
import { countRequest } from "@/lib/metrics";
import { getStore, timed } from "@/lib/server/store";
import { deleteSubscriptionByToken, subscriptionByToken } from "@/lib/store/webhooks";
import { xmlEscape } from "@/lib/chart-image/svg";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/webhooks/unsubscribe";

function token(request: Request): string | null {
  const t = new URL(request.url).searchParams.get("token");
  return t && /^[A-Za-z0-9_-]{20,100}$/.test(t) ? t : null;
}

const MALFORMED = "token: missing or malformed; use the unsubscribe_url of a delivery";
const UNKNOWN = "no subscription with this token (already cancelled?)";

export async function GET(request: Request): Promise<Response> {
  const t = token(request);
  if (!t) return errorResponse(ROUTE, 400, MALFORMED);
  try {
    const sub = await timed(async () => subscriptionByToken(await getStore(), t));
    if (!sub) return errorResponse(ROUTE, 404, UNKNOWN);
    countRequest(ROUTE, 200);
    const filter = [sub.service, sub.country, sub.asn === null ? null : `AS${sub.asn}`].filter(Boolean).join(", ") || "all events";
    const html = `<!doctype html><meta charset="utf-8"><title>Unsubscribe</title>
<p>Stop sending Vantage events (${xmlEscape(filter)}) to <code>${xmlEscape(sub.url)}</code>?</p>
<form method="post"><button type="submit">Unsubscribe</button></form>`;
    return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
  } catch (error) {
    return internalError(ROUTE, error);
  }
}

export async function POST(request: Request): Promise<Response> {
  const t = token(request);
  if (!t) return errorResponse(ROUTE, 400, MALFORMED);
  try {
    const id = await timed(async () => deleteSubscriptionByToken(await getStore(), t));
    if (!id) return errorResponse(ROUTE, 404, UNKNOWN);
    return jsonResponse(ROUTE, { unsubscribed: id }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return internalError(ROUTE, error);
  }
}
