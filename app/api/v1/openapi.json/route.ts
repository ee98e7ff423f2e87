// GET /api/v1/openapi.json: the API's OpenAPI 3.1 description (lib/api/openapi.ts).
import { OPENAPI } from "@/lib/api/openapi";
import { json, route } from "@/lib/http";

export const GET = route("/api/v1/openapi.json", {}, () => json(OPENAPI, { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } }));
