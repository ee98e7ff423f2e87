// The one bounded body reader: reads at most `maxBytes` (refusing by Content-Length before
// reading, and by counting while reading, so a missing or false length cannot get a large
// body past it), then parses JSON against a zod schema. Every refusal is an HttpError.
import type { z } from "zod";
import { HttpError, invalidRequest } from "./error";

/** Bodies of small JSON writes (accounts, annotations, probe actions). */
export const DEFAULT_BODY_LIMIT = 16 * 1024;

function tooLarge(maxBytes: number, message: string): HttpError {
  return new HttpError(413, message, { issues: [{ in: "body", path: "", message: `at most ${maxBytes} bytes` }] });
}

export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes, `request body is ${declared} bytes; the limit is ${maxBytes}`);
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
      throw tooLarge(maxBytes, `request body exceeds the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses JSON text against `schema` (pure); an empty text is `{}`. 400 naming every bad field. */
export function parseJsonText<S extends z.ZodType>(text: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = text.length === 0 ? {} : JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `body is not valid JSON: ${(e as Error).message}`, { issues: [{ in: "body", path: "", message: "invalid JSON" }] });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidRequest(parsed.error.issues.map((i) => ({ in: "body" as const, path: i.path.map(String).join("."), message: i.message })));
  return parsed.data;
}

export async function readJson<S extends z.ZodType>(request: Request, schema: S, maxBytes = DEFAULT_BODY_LIMIT): Promise<z.infer<S>> {
  return parseJsonText(await readBodyText(request, maxBytes), schema);
}
