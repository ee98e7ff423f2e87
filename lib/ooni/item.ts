// One input item of an import, from its JSON text to what the store writes: parse, map
// (./map), validate, score, serialise and hash (lib/ingest/prepare), shape into rows. Pure
// and synchronous: the importer runs it in process or in worker threads (./item-pool).
import { prepareRecord, shapeRecord, type ShapedRecord } from "../ingest/prepare";
import { mapOoniMeasurement, type SkipReason } from "./map";

export type ItemOutcome =
  | { kind: "malformed"; message: string }
  | { kind: "skip"; reason: SkipReason; message: string }
  | { kind: "ok"; shaped: ShapedRecord; cls: string };

/**
 * An item as read: a line's text, a value the reader already parsed (first lines, whole
 * documents), or a line the reader found malformed (counted in order with the rest).
 */
export type ImportItem = { text: string } | { value: unknown } | { malformed: string };

export function importItem(item: ImportItem, receivedAt: Date): ItemOutcome {
  if ("malformed" in item) return { kind: "malformed", message: item.malformed };
  let value: unknown;
  if ("text" in item) {
    try {
      value = JSON.parse(item.text);
    } catch (error) {
      return { kind: "malformed", message: `not valid JSON (${(error as Error).message})` };
    }
  } else value = item.value;
  const mapped = mapOoniMeasurement(value);
  if (!mapped.ok) return { kind: "skip", reason: mapped.reason, message: mapped.message };
  const prepared = prepareRecord(mapped.record, 0);
  if (!prepared.ok) {
    const first = prepared.issues[0];
    return { kind: "skip", reason: "invalid_record", message: `${first.path || "(record)"}: ${first.message}` };
  }
  return { kind: "ok", shaped: shapeRecord(prepared.prepared, { receivedAt }), cls: prepared.prepared.verdict.class };
}
