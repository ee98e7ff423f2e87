// POST /api/v1/webhooks: subscribe a URL to newly detected events matching a filter.
// The answer carries the signing secret and the unsubscribe link, once.
import { readJsonBody } from "@/lib/api/json-body";
import { badRequest, internalError, jsonResponse } from "@/lib/api/respond";
import { parseWebhookBody } from "@/lib/api/webhook-schema";
import { getStore, timed } from "@/lib/server/store";
import { createSubscription, unsubscribeUrl } from "@/lib/store/webhooks";
import { privateDestinationsAllowed } from "@/lib/webhooks/destination";
import { publicOrigin } from "../probes/_lib/install";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/webhooks";

export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request, 8 * 1024);
  if (!body.ok) return badRequest(ROUTE, body.issues);
  const parsed = parseWebhookBody(body.value, privateDestinationsAllowed());
  if (!parsed.ok) return badRequest(ROUTE, parsed.issues);
  try {
    const siteUrl = publicOrigin(request);
    const store = await getStore();
    const { url, ...filter } = parsed.value;
    const created = await timed(() => createSubscription(store, { url, siteUrl, ...filter }));
    return jsonResponse(
      ROUTE,
      {
        id: created.id,
        url,
        filter,
        secret: created.secret,
        signature: "X-Vantage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")>",
        unsubscribe_url: unsubscribeUrl(siteUrl, created.unsubscribeToken),
      },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return internalError(ROUTE, error);
  }
}
