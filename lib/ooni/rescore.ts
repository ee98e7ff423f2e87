// `import:ooni --rescore`: re-maps and re-scores measurements that are already stored,
// replacing their rows, and reports each verdict that moved (old -> new) so a researcher
// sees what a change of the rules or of the mapping did. Rollups of the hours touched are
// rebuilt from the raw rows afterwards (the replaced rows' increments are gone with them).
import type { Store } from "../store";
import { ingestShaped } from "../store/ingest";
import { rebuildRollups } from "../store/rollups";
import type { ShapedRecord } from "../ingest/prepare";
import type { RecordSink } from "./importer";

/** What a verdict change report shows of a verdict. */
export interface VerdictBrief {
  status: string;
  class: string;
  rule: string | null;
  stage: string | null;
  rules_version: string;
}

export interface VerdictChange {
  id: string;
  service: string;
  started_at: string;
  /** Null when the measurement was not stored before. */
  old: VerdictBrief | null;
  new: VerdictBrief;
}

const brief = (v: VerdictBrief) => `${v.status}/${v.class} ${v.rule ?? "-"} ${v.stage ?? "-"}`;

/** True when the verdict a reader sees changed (status, class, rule or stage); a new rules version alone is no change. */
export function verdictMoved(c: VerdictChange): boolean {
  return c.old === null || brief(c.old) !== brief(c.new);
}

/** One line per measurement: `<id> <service> <started_at> <old> -> <new>`. */
export function formatVerdictChange(c: VerdictChange): string {
  return `${c.id} ${c.service} ${c.started_at} ${c.old ? brief(c.old) : "(new)"} -> ${brief(c.new)}`;
}

/** The verdict a shaped record will store, read from its row. */
function shapedBrief(r: ShapedRecord): VerdictBrief {
  const row = JSON.parse(r.rowJson) as VerdictBrief;
  return { status: row.status, class: row.class, rule: row.rule, stage: row.stage, rules_version: row.rules_version };
}

export interface RescoreSink {
  sink: RecordSink;
  /** Rebuilds the rollups of every hour a replaced or new record falls in; call once at the end. */
  finish(): Promise<void>;
}

/** A sink that replaces stored measurements by their re-mapped, re-scored records and reports every one. */
export function rescoreSink(store: Store, onChange: (change: VerdictChange) => void): RescoreSink {
  let since: string | null = null;
  let until: string | null = null;
  const sink: RecordSink = async (records) => {
    // Two forms of one measurement in one batch: the first one read stands.
    const ids = new Set<string>();
    const unique = records.filter((r) => !ids.has(r.m.id) && ids.add(r.m.id));
    const idList = [...ids];
    const before = new Map<string, VerdictBrief>();
    await store.transaction(async (tx) => {
      const rows = await tx.query<VerdictBrief & { id: string }>(
        "SELECT id::text AS id, status, class, rule, stage, rules_version FROM measurements WHERE id = ANY($1::uuid[])",
        [idList],
      );
      for (const { id, ...v } of rows) before.set(id, v);
      await tx.query("DELETE FROM target_result_sets WHERE measurement_id = ANY($1::uuid[])", [idList]);
      await tx.query("DELETE FROM measurements WHERE id = ANY($1::uuid[])", [idList]);
      await tx.query("DELETE FROM measurement_ids WHERE id = ANY($1::uuid[])", [idList]);
    });
    const result = await ingestShaped(store, unique);
    for (const r of unique) {
      onChange({ id: r.m.id, service: r.m.service, started_at: r.m.started_at, old: before.get(r.m.id) ?? null, new: shapedBrief(r) });
      if (since === null || r.m.started_at < since) since = r.m.started_at;
      if (until === null || r.m.started_at > until) until = r.m.started_at;
    }
    const replaced = unique.filter((r) => before.has(r.m.id)).length;
    return { stored: result.stored.length - replaced, duplicates: replaced + (records.length - unique.length) };
  };
  return {
    sink,
    finish: async () => {
      if (since === null || until === null) return;
      await rebuildRollups(store, { since: new Date(since), until: new Date(Date.parse(until) + 1) });
    },
  };
}
