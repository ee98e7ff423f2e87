// A stable hash of a record's content. Records are hashed after zod parsing, whose output
// lists keys in schema order whatever order the producer sent them in, so plain
// JSON.stringify is canonical here and far cheaper than sorting keys.
import crypto from "node:crypto";

export function contentHash(parsedRecord: unknown): string {
  return crypto.createHash("sha256").update(JSON.stringify(parsedRecord)).digest("hex");
}
