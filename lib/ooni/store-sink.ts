// The importer's sink into Vantage's store, through the one write path (ingest).
import type { Store } from "../store";
import { ingestShaped } from "../store/ingest";
import { IngestConflictError } from "../ingest/batch";
import type { ShapedRecord } from "../ingest/prepare";
import type { RecordSink } from "./importer";

/**
 * Writes a batch; a record whose id is stored with other content (say, imported before
 * under an older mapping) is refused by the store, which rejects the whole batch: the
 * batch is then written again without those records, which are counted as conflicts.
 */
export function storeSink(store: Store): RecordSink {
  return async (records: ShapedRecord[]) => {
    let pending = records;
    let conflicts = 0;
    for (;;) {
      if (pending.length === 0) return { stored: 0, duplicates: 0, conflicts };
      try {
        const result = await ingestShaped(store, pending);
        return { stored: result.stored.length, duplicates: result.duplicates.length, conflicts };
      } catch (error) {
        if (!(error instanceof IngestConflictError) || error.ids.length === 0) throw error;
        const refused = new Set(error.ids);
        conflicts += refused.size;
        pending = pending.filter((r) => !refused.has(r.m.id));
      }
    }
  };
}
