// GET /api/v1/openapi.json: the API's OpenAPI 3.1 description (lib/api/openapi.ts).
import { OPENAPI } from "@/lib/api/openapi";
import { jsonResponse } from "@/lib/api/respond";

export function GET(): Response {
  return jsonResponse("/api/v1/openapi.json", OPENAPI, { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } });
}
