// GET /api/v1/events: detected blocking events and service outages, newest start first.
import { parseEventParams } from "@/lib/api/event-params";
import { eventView } from "@/lib/api/event-view";
import { withReadSlot } from "@/lib/api/read-guard";
import { json, route } from "@/lib/http";
import { listEvents } from "@/lib/store/queries/events";

export const dynamic = "force-dynamic";

export const GET = route("/api/v1/events", { query: parseEventParams, publicRead: true }, async ({ query, store, timed }) => {
  const db = await store();
  const rows = await withReadSlot(() => timed(() => listEvents(db, query)));
  return json({ count: rows.length, results: rows.map(eventView) }, { headers: { "cache-control": "public, max-age=60" } });
});
