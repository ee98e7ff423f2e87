// POST /api/v1/webhooks: subscribe a URL to newly detected events matching a filter.
// The answer carries the signing secret and the unsubscribe link, once.
import { z } from "zod";
import { invalidRequest, json, NO_STORE, route } from "@/lib/http";
import { parseWebhookBody } from "@/lib/api/webhook-schema";
import { createSubscription, unsubscribeUrl } from "@/lib/store/webhooks";
import { privateDestinationsAllowed } from "@/lib/webhooks/destination";
import { publicOrigin } from "../probes/_lib/install";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/webhooks";

export const POST = route(ROUTE, {}, async ({ request, body, store, timed }) => {
  const parsed = parseWebhookBody(await body(z.unknown(), 8 * 1024), privateDestinationsAllowed());
  if (!parsed.ok) throw invalidRequest(parsed.issues.map((i) => ({ in: "body" as const, path: i.parameter.replace(/^body\.?/, ""), message: i.message })));
  const siteUrl = publicOrigin(request);
  const db = await store();
  const { url, ...filter } = parsed.value;
  const created = await timed(() => createSubscription(db, { url, siteUrl, ...filter }));
  return json(
    {
      id: created.id,
      url,
      filter,
      secret: created.secret,
      signature: "X-Vantage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")>",
      unsubscribe_url: unsubscribeUrl(siteUrl, created.unsubscribeToken),
    },
    { status: 201, headers: NO_STORE },
  );
});
