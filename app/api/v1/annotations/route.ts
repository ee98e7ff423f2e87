// GET /api/v1/annotations (public) and POST /api/v1/annotations (operator token).
import { annotationCreateSchema, parseAnnotationListParams, parseBody } from "@/lib/api/annotation-schema";
import { readJsonBody } from "@/lib/api/json-body";
import { checkOperator } from "@/lib/api/operator-auth";
import { readRateLimited } from "@/lib/api/read-guard";
import { badRequest, errorResponse, internalError, jsonResponse } from "@/lib/api/respond";
import { createAnnotation, queryAnnotations } from "@/lib/store/queries/annotations";
import { getStore, timed } from "@/lib/server/store";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/annotations";

export async function GET(request: Request): Promise<Response> {
  const limited = readRateLimited(request, ROUTE);
  if (limited) return limited;
  const parsed = parseAnnotationListParams(new URL(request.url).searchParams);
  if (!parsed.ok) return badRequest(ROUTE, parsed.issues);
  try {
    const store = await getStore();
    const results = await timed(() => queryAnnotations(store, parsed.value));
    return jsonResponse(ROUTE, { count: results.length, results });
  } catch (error) {
    return internalError(ROUTE, error);
  }
}

export async function POST(request: Request): Promise<Response> {
  const auth = checkOperator(request.headers.get("authorization"));
  if (!auth.ok) return errorResponse(ROUTE, auth.status, auth.error, auth.status === 401 ? { headers: { "www-authenticate": "Bearer" } } : {});
  const body = await readJsonBody(request);
  if (!body.ok) return badRequest(ROUTE, body.issues);
  const parsed = parseBody(annotationCreateSchema, body.value);
  if (!parsed.ok) return badRequest(ROUTE, parsed.issues);
  try {
    const store = await getStore();
    const created = await timed(() => createAnnotation(store, parsed.value));
    return jsonResponse(ROUTE, created, { status: 201, headers: { location: `${ROUTE}/${created.id}` } });
  } catch (error) {
    return internalError(ROUTE, error);
  }
}
