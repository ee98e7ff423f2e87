// GET /api/v1/measurements/{id}: one stored record with its per-stage evidence and the
// server's verdict with the rules that fired.
import { measurementIdParam } from "@/lib/api/measurement-params";
import { measurementDetail, MEASUREMENTS_LICENSE } from "@/lib/api/measurement-view";
import { HttpError, invalidRequest, json, route } from "@/lib/http";
import { getMeasurement } from "@/lib/store/queries/measurements";

export const dynamic = "force-dynamic";

export const GET = route<Record<string, never>, { id: string }>("/api/v1/measurements/{id}", { publicRead: true }, async ({ params, store, timed }) => {
  const parsed = measurementIdParam.safeParse(params.id.toLowerCase());
  if (!parsed.success) throw invalidRequest([{ in: "path", path: "id", message: "expected a measurement id (a UUID)" }]);
  const db = await store();
  const found = await timed(() => getMeasurement(db, parsed.data));
  if (!found) throw new HttpError(404, `no measurement with id ${parsed.data}`);
  return json(measurementDetail(found.row, found.record, found.verdict), {
    headers: { "cache-control": "public, max-age=3600", link: `<${MEASUREMENTS_LICENSE.url}>; rel="license"` },
  });
});
