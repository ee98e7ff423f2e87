// Opaque pagination cursors over (started_at, id): base64url of a small JSON document.
// Clients pass them back unchanged; anything else is a 400 naming `cursor`.
import type { CursorPosition } from "../query/measurements";

export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify([p.startedAt, p.id]), "utf8").toString("base64url");
}

export function decodeCursor(text: string): CursorPosition | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [startedAt, id] = value;
    if (typeof startedAt !== "string" || Number.isNaN(Date.parse(startedAt))) return null;
    if (typeof id !== "string" || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { startedAt: new Date(startedAt).toISOString(), id };
  } catch {
    return null;
  }
}
