// GET /api/v1/measurements: the raw rows behind every aggregate, filtered, newest first,
// paginated by an opaque cursor over (started_at, id). Exported by ./route.ts, which also
// takes uploads (POST) at the same address.
import { encodeCursor } from "@/lib/api/cursor";
import { parseMeasurementParams } from "@/lib/api/measurement-params";
import { MEASUREMENTS_LICENSE, measurementSummary } from "@/lib/api/measurement-view";
import { withReadSlot } from "@/lib/api/read-guard";
import { json, route } from "@/lib/http";
import { listMeasurements } from "@/lib/store/queries/measurements";

export const GET = route("/api/v1/measurements", { query: parseMeasurementParams, publicRead: true }, async ({ url, query, store, timed }) => {
  const db = await store();
  const { rows, more } = await withReadSlot(() => timed(() => listMeasurements(db, query)));
  const last = rows.at(-1);
  const nextCursor = more && last ? encodeCursor({ startedAt: last.started_at.toISOString(), id: last.id }) : null;
  let nextUrl: string | null = null;
  if (nextCursor) {
    const next = new URLSearchParams(url.searchParams);
    next.set("cursor", nextCursor);
    nextUrl = `${url.pathname}?${next}`;
  }
  return json(
    {
      metadata: { count: rows.length, limit: query.limit, next_cursor: nextCursor, next_url: nextUrl, license: MEASUREMENTS_LICENSE.text },
      results: rows.map(measurementSummary),
    },
    { headers: { link: `<${MEASUREMENTS_LICENSE.url}>; rel="license"` } },
  );
});
