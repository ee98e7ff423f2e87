// Request plumbing shared by the volunteer API's route handlers: one JSON error shape,
// bearer tokens, and a body reader that enforces a byte limit while it reads (a missing
// or false Content-Length cannot get a large body past it).
import type { z } from "zod";

export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: ApiIssue[] = [],
    readonly headers: Record<string, string> = {},
    /** More fields of the error body (e.g. retry_after_s beside Retry-After, for the page). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function errorResponse(error: ApiError): Response {
  return Response.json(
    { error: error.message, issues: error.issues, ...error.extra },
    { status: error.status, headers: { "cache-control": "no-store", ...error.headers } },
  );
}

/** Turns an ApiError into its response; anything else is a 500 without internals. */
export function toResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error);
  console.error("volunteer api:", error);
  return errorResponse(new ApiError(500, "internal error"));
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

export function requireBearer(request: Request, what: string): string {
  const token = bearerToken(request);
  if (!token) throw new ApiError(401, `missing credential: send "Authorization: Bearer <${what}>"`, [{ path: "headers.authorization", message: "missing or malformed" }]);
  return token;
}

/** Reads the body as text, refusing (413) past `maxBytes` by Content-Length or by counting. */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    throw new ApiError(413, `request body is ${declared} bytes; the limit is ${maxBytes}`, [{ path: "body", message: `at most ${maxBytes} bytes` }]);
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ApiError(413, `request body exceeds the limit of ${maxBytes} bytes`, [{ path: "body", message: `at most ${maxBytes} bytes` }]);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body against `schema`; 400 naming every bad field. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S, maxBytes = 16_384): Promise<z.infer<S>> {
  const text = await readBodyLimited(request, maxBytes);
  return parseJsonText(text, schema);
}

export function parseJsonText<S extends z.ZodType>(text: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = text.length === 0 ? {} : JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, `body is not valid JSON: ${(e as Error).message}`, [{ path: "body", message: "invalid JSON" }]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    throw new ApiError(400, `invalid request: ${issues[0].path || "(body)"}: ${issues[0].message}`, issues);
  }
  return parsed.data;
}
