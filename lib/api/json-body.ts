// Reads a JSON request body of bounded size; problems come back as parameter issues
// naming `body`, so write APIs answer 400 in the same shape as bad query parameters.
import type { Parsed } from "./params";

export async function readJsonBody(request: Request, maxBytes = 64 * 1024): Promise<Parsed<unknown>> {
  const text = await request.text();
  if (Buffer.byteLength(text, "utf8") > maxBytes) return { ok: false, issues: [{ parameter: "body", message: `larger than ${maxBytes} bytes` }] };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, issues: [{ parameter: "body", message: "not valid JSON" }] };
  }
}
