// The unsubscribe link every delivery carries. GET shows what would be cancelled and a
// button (link scanners and previews fetch GETs, so a GET never deletes); POST cancels.
import { z } from "zod";
import { HttpError, json, NO_STORE, route, zodQuery } from "@/lib/http";
import { deleteSubscriptionByToken, subscriptionByToken } from "@/lib/store/webhooks";
import { xmlEscape } from "@/lib/chart-image/svg";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/webhooks/unsubscribe";

const tokenQuery = zodQuery(z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "malformed; use the unsubscribe_url of a delivery") }));

const UNKNOWN = "no subscription with this token (already cancelled?)";

export const GET = route(ROUTE, { query: tokenQuery }, async ({ query, store, timed }) => {
  const db = await store();
  const sub = await timed(() => subscriptionByToken(db, query.token));
  if (!sub) throw new HttpError(404, UNKNOWN);
  const filter = [sub.service, sub.country, sub.asn === null ? null : `AS${sub.asn}`].filter(Boolean).join(", ") || "all events";
  const html = `<!doctype html><meta charset="utf-8"><title>Unsubscribe</title>
<p>Stop sending Vantage events (${xmlEscape(filter)}) to <code>${xmlEscape(sub.url)}</code>?</p>
<form method="post"><button type="submit">Unsubscribe</button></form>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", ...NO_STORE } });
});

export const POST = route(ROUTE, { query: tokenQuery }, async ({ query, store, timed }) => {
  const db = await store();
  const id = await timed(() => deleteSubscriptionByToken(db, query.token));
  if (!id) throw new HttpError(404, UNKNOWN);
  return json({ unsubscribed: id }, { headers: NO_STORE });
});
