// `import:ooni --rescore`: re-maps and re-scores measurements that are already stored,
// replacing their rows, and reports each verdict that moved (old -> new) so a researcher
// sees what a change of the rules or of the mapping did. Each batch is one transaction:
// reading the old verdicts, deleting the old rows, writing the new ones and rebuilding the
// rollups of the hours the batch touches from the raw rows. A failure anywhere in it
// (a crash, a refused write) leaves the batch's old rows and rollups as they were.
import type { Store } from "../store";
import { writeShaped } from "../store/ingest";
import { rebuildRollupsIn } from "../store/rollups";
import { hourSpans } from "../rollup/rows";
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

/** A sink that replaces stored measurements by their re-mapped, re-scored records and reports every one. */
export function rescoreSink(store: Store, onChange: (change: VerdictChange) => void): RecordSink {
  return async (records) => {
    // Two forms of one measurement in one batch: the first one read stands.
    const ids = new Set<string>();
    const unique = records.filter((r) => !ids.has(r.m.id) && ids.add(r.m.id));
    if (unique.length === 0) return { stored: 0, duplicates: records.length };
    const idList = [...ids];
    const { before, stored } = await store.transaction(async (tx) => {
      const rows = await tx.query<VerdictBrief & { id: string; started_at: Date | string }>(
        "SELECT id::text AS id, started_at, status, class, rule, stage, rules_version FROM measurements WHERE id = ANY($1::uuid[])",
        [idList],
      );
      const before = new Map(rows.map(({ id, started_at: _s, ...v }) => [id, v] as const));
      await tx.query("DELETE FROM target_result_sets WHERE measurement_id = ANY($1::uuid[])", [idList]);
      await tx.query("DELETE FROM measurements WHERE id = ANY($1::uuid[])", [idList]);
      await tx.query("DELETE FROM measurement_ids WHERE id = ANY($1::uuid[])", [idList]);
      const result = await writeShaped(tx, unique, { rollups: false });
      // The hours of the old rows and of the new ones (one id keeps its start time, but a
      // row stored by an older mapping is rebuilt wherever it was).
      const instants = [...unique.map((r) => r.m.started_at), ...rows.map((r) => new Date(r.started_at).toISOString())];
      for (const span of hourSpans(instants)) await rebuildRollupsIn(tx, span);
      return { before, stored: result.stored.length };
    });
    for (const r of unique) {
      onChange({ id: r.m.id, service: r.m.service, started_at: r.m.started_at, old: before.get(r.m.id) ?? null, new: shapedBrief(r) });
    }
    const replaced = unique.filter((r) => before.has(r.m.id)).length;
    return { stored: stored - replaced, duplicates: replaced + (records.length - unique.length) };
  };
}
