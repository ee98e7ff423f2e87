// PATCH and DELETE /api/v1/annotations/{id} (operator token). Seeded known events are
// reset from the code at every start, so they are refused here with 409.
import { annotationPatchSchema } from "@/lib/api/annotation-schema";
import { HttpError, json, route } from "@/lib/http";
import { deleteAnnotation, SEEDED_ANNOTATION_IDS, updateAnnotation } from "@/lib/store/queries/annotations";
import { ANNOTATION_BODY_LIMIT, annotationErrors } from "../errors";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/annotations/{id}";

function refuseSeeded(id: string): void {
  if (SEEDED_ANNOTATION_IDS.has(id)) {
    throw new HttpError(409, `annotation ${id} is a seeded known event, reset from lib/annotations/known-events.ts at every start; change it there`, { code: "seeded_annotation" });
  }
}

function notFound(id: string): HttpError {
  return new HttpError(404, `no annotation with id ${id}`, { issues: [{ in: "path", path: "id", message: "not found" }] });
}

export const PATCH = route<Record<string, never>, { id: string }>(ROUTE, { errors: annotationErrors }, async ({ params: { id }, operator, body, store, timed }) => {
  operator();
  refuseSeeded(id);
  const patch = await body(annotationPatchSchema, ANNOTATION_BODY_LIMIT);
  const db = await store();
  const updated = await timed(() => updateAnnotation(db, id, patch));
  if (!updated) throw notFound(id);
  return json(updated);
});

export const DELETE = route<Record<string, never>, { id: string }>(ROUTE, {}, async ({ params: { id }, operator, store, timed }) => {
  operator();
  refuseSeeded(id);
  const db = await store();
  if (!(await timed(() => deleteAnnotation(db, id)))) throw notFound(id);
  return new Response(null, { status: 204 });
});
