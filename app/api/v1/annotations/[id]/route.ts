// PATCH and DELETE /api/v1/annotations/{id} (operator token). Seeded known events are
// reset from the code at every start, so they are refused here with 409.
import { annotationPatchSchema, parseBody } from "@/lib/api/annotation-schema";
import { readJsonBody } from "@/lib/api/json-body";
import { checkOperator } from "@/lib/api/operator-auth";
import { badRequest, errorResponse, internalError, jsonResponse } from "@/lib/api/respond";
import { AnnotationRangeError, deleteAnnotation, SEEDED_ANNOTATION_IDS, updateAnnotation } from "@/lib/store/queries/annotations";
import { countRequest } from "@/lib/metrics";
import { getStore, timed } from "@/lib/server/store";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/annotations/{id}";

type Context = { params: Promise<{ id: string }> };

/** Auth and the seeded-id rule, shared by both writes; null when the request may proceed. */
function refuse(request: Request, id: string): Response | null {
  const auth = checkOperator(request.headers.get("authorization"));
  if (!auth.ok) return errorResponse(ROUTE, auth.status, auth.error, auth.status === 401 ? { headers: { "www-authenticate": "Bearer" } } : {});
  if (SEEDED_ANNOTATION_IDS.has(id)) {
    return errorResponse(ROUTE, 409, `annotation ${id} is a seeded known event, reset from lib/annotations/known-events.ts at every start; change it there`);
  }
  return null;
}

export async function PATCH(request: Request, context: Context): Promise<Response> {
  const { id } = await context.params;
  const refused = refuse(request, id);
  if (refused) return refused;
  const body = await readJsonBody(request);
  if (!body.ok) return badRequest(ROUTE, body.issues);
  const parsed = parseBody(annotationPatchSchema, body.value);
  if (!parsed.ok) return badRequest(ROUTE, parsed.issues);
  try {
    const store = await getStore();
    const updated = await timed(() => updateAnnotation(store, id, parsed.value));
    if (!updated) return errorResponse(ROUTE, 404, `no annotation with id ${id}`);
    return jsonResponse(ROUTE, updated);
  } catch (error) {
    if (error instanceof AnnotationRangeError) return badRequest(ROUTE, [{ parameter: "end_date", message: error.message }]);
    return internalError(ROUTE, error);
  }
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  const { id } = await context.params;
  const refused = refuse(request, id);
  if (refused) return refused;
  try {
    const store = await getStore();
    if (!(await timed(() => deleteAnnotation(store, id)))) return errorResponse(ROUTE, 404, `no annotation with id ${id}`);
    countRequest(ROUTE, 204);
    return new Response(null, { status: 204 });
  } catch (error) {
    return internalError(ROUTE, error);
  }
}
