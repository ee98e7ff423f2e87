// What both annotation routes share: the body limit and the store's refusals as the API answers them.
import { HttpError } from "@/lib/http";
import { AnnotationRangeError } from "@/lib/store/queries/annotations";

/** An annotation's text may run to 5,000 characters of any script. */
export const ANNOTATION_BODY_LIMIT = 64 * 1024;

export function annotationErrors(error: unknown): HttpError | null {
  if (!(error instanceof AnnotationRangeError)) return null;
  return new HttpError(400, `bad request: end_date: ${error.message}`, { issues: [{ in: "body", path: "end_date", message: error.message }] });
}
