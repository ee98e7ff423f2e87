// GET /api/v1/annotations (public) and POST /api/v1/annotations (operator token).
import { annotationCreateSchema, parseAnnotationListParams } from "@/lib/api/annotation-schema";
import { json, route } from "@/lib/http";
import { createAnnotation, queryAnnotations } from "@/lib/store/queries/annotations";
import { ANNOTATION_BODY_LIMIT, annotationErrors } from "./errors";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/annotations";

export const GET = route(ROUTE, { query: parseAnnotationListParams, publicRead: true }, async ({ query, store, timed }) => {
  const db = await store();
  const results = await timed(() => queryAnnotations(db, query));
  return json({ count: results.length, results });
});

export const POST = route(ROUTE, { errors: annotationErrors }, async ({ operator, body, store, timed }) => {
  operator();
  const annotation = await body(annotationCreateSchema, ANNOTATION_BODY_LIMIT);
  const db = await store();
  const created = await timed(() => createAnnotation(db, annotation));
  return json(created, { status: 201, headers: { location: `${ROUTE}/${created.id}` } });
});
