// The importer's sink into Vantage's store, through the one write path (ingest).
import type { Store } from "../store";
import { ingestShaped } from "../store/ingest";
import { IngestConflictError } from "../ingest/batch";
import type { ShapedRecord } from "../ingest/prepare";
import type { RecordSink } from "./importer";

/**
 * Writes a batch. An imported record's id derives from the measurement's own content
 * (report id, input, start time, nettest: lib/ooni/map.ts), so an id already stored is the
 * same measurement, whatever form or mapping stored it: it is already present, never a
 * second row (`--rescore` re-maps and re-scores stored ones). The store refuses a whole
 * batch holding such an id with other content; the batch is written again without them.
 */
export function storeSink(store: Store): RecordSink {
  return async (records: ShapedRecord[]) => {
    // Two forms of one measurement in one batch: the first one read is stored.
    const ids = new Set<string>();
    let pending = records.filter((r) => !ids.has(r.m.id) && ids.add(r.m.id));
    let present = records.length - pending.length;
    for (;;) {
      if (pending.length === 0) return { stored: 0, duplicates: present };
      try {
        const result = await ingestShaped(store, pending);
        return { stored: result.stored.length, duplicates: result.duplicates.length + present };
      } catch (error) {
        if (!(error instanceof IngestConflictError) || error.ids.length === 0) throw error;
        const refused = new Set(error.ids);
        present += pending.filter((r) => refused.has(r.m.id)).length;
        pending = pending.filter((r) => !refused.has(r.m.id));
      }
    }
  };
}
