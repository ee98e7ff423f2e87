// Opaque pagination cursors over (started_at, id): base64url of a small JSON document.
// Clients pass them back unchanged; anything else is a 400 naming `cursor`, including a
// forged one whose time or id the store could not even compare (year 0, a non-UUID).
import type { CursorPosition } from "../query/measurements";
import { UUID_PATTERN, withinReadInstants } from "./params";

export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify([p.startedAt, p.id]), "utf8").toString("base64url");
}

export function decodeCursor(text: string): CursorPosition | null {
  if (text.length > 200) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [startedAt, id] = value;
    if (typeof startedAt !== "string" || Number.isNaN(Date.parse(startedAt)) || !withinReadInstants(new Date(startedAt))) return null;
    if (typeof id !== "string" || !UUID_PATTERN.test(id)) return null;
    return { startedAt: new Date(startedAt).toISOString(), id };
  } catch {
    return null;
  }
}
