// A stable hash of a record's content. Records are hashed after zod parsing, whose output
// lists keys in schema order whatever order the producer sent them in, so plain
// JSON.stringify is canonical here and far cheaper than sorting keys.
import crypto from "node:crypto";

export function contentHash(parsedRecord: unknown): string {
  return contentHashOfJson(JSON.stringify(parsedRecord));
}

/** The same hash from JSON text already made with JSON.stringify of a parsed record. */
export function contentHashOfJson(json: string): string {
  return crypto.createHash("sha256").update(json).digest("hex");
}
