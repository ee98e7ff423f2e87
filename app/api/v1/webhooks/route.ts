// POST /api/v1/webhooks: subscribe a URL to newly detected events matching a filter.
// Admitted against the client's daily windows (the one client-address rule) and a cap per
// receiver host (429 with Retry-After beyond either), then pending: the server POSTs a
// verification request to the URL at once and nothing is delivered until the receiver
// echoes its challenge. The answer carries the signing secret and the unsubscribe link, once.
import { z } from "zod";
import { invalidRequest, json, NO_STORE, route } from "@/lib/http";
import { parseWebhookBody } from "@/lib/api/webhook-schema";
import { createSubscription, unsubscribeUrl } from "@/lib/store/webhooks";
import { privateDestinationsAllowed } from "@/lib/webhooks/destination";
import { wakeWebhooks } from "@/lib/webhooks/dispatch";
import { subscriptionLimits } from "@/lib/webhooks/limits";
import { SIGNATURE_FORMAT } from "@/lib/webhooks/webhook";
import { clientWindowKeys, windowRefused } from "../probes/_lib/auth";
import { publicOrigin } from "../probes/_lib/install";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/webhooks";

export const POST = route(ROUTE, {}, async ({ request, body, store, timed }) => {
  const parsed = parseWebhookBody(await body(z.unknown(), 8 * 1024), privateDestinationsAllowed());
  if (!parsed.ok) throw invalidRequest(parsed.issues.map((i) => ({ in: "body" as const, path: i.parameter.replace(/^body\.?/, ""), message: i.message })));
  const keys = clientWindowKeys(request, "webhook");
  const limits = subscriptionLimits();
  const siteUrl = publicOrigin(request);
  const db = await store();
  const { url, ...filter } = parsed.value;
  const created = await timed(() => createSubscription(db, { url, siteUrl, ...filter }, { keys, limits: limits.client, perHost: limits.perHost }));
  if (!created.ok) throw windowRefused(created.decision);
  void wakeWebhooks(db); // sends the verification request now, and retries it while pending
  return json(
    {
      id: created.id,
      url,
      filter,
      status: "pending",
      pending_until: created.expiresAt.toISOString(),
      verification:
        'a POST with {"type": "subscription.verify", "challenge": ...} is sent to url now and retried with backoff; answer it 2xx with the challenge as the body or as {"challenge": ...}. Until then no event is delivered; unconfirmed, the subscription is deleted at pending_until.',
      secret: created.secret,
      signature: SIGNATURE_FORMAT,
      unsubscribe_url: unsubscribeUrl(siteUrl, created.unsubscribeToken),
    },
    { status: 202, headers: NO_STORE },
  );
});
