// Raw-data reads: a filtered, newest-first page keyed by (started_at, id); one stored
// measurement by id (its month found through measurement_ids); one UTC day in id order
// for the dumps. Each publishes only what the small-network rule allows (lib/volunteers/privacy).
import type { MeasurementListQuery } from "../../query/measurements";
import { STORED_MEASUREMENT_COLUMNS, type StoredMeasurement } from "../../query/measurements";
import type { ServiceVerdict } from "../../measurement/schema";
import type { Store } from "../open";
import { publishableMeasurementSql } from "../../volunteers/privacy";
import { filterConditions, SqlParams } from "./filters";

/**
 * The stored verdict with its per-target list joined back from target_result_sets, in
 * record order: the API's one shape of a verdict, whatever way it is stored.
 */
const VERDICT_SQL = `(m.verdict::jsonb || jsonb_build_object('targets', coalesce((
    SELECT jsonb_agg(jsonb_build_object('target', t.target_id, 'component', t.component, 'verdict', t.verdict,
      'grade', t.grade, 'rule', t.rule, 'stage', t.stage, 'failure', t.failure, 'detail', t.detail) ORDER BY t.position)
    FROM target_results t WHERE t.measurement_id = m.id AND t.started_at = m.started_at), '[]'::jsonb)))::json AS verdict`;

export async function listMeasurements(store: Store, q: MeasurementListQuery): Promise<{ rows: StoredMeasurement[]; more: boolean }> {
  const p = new SqlParams();
  const where = filterConditions(q.filters, { timeColumn: "started_at", since: q.since, until: q.until, hasStage: false }, p);
  if (q.filters.probeId !== undefined) where.push(`probe_id = ${p.add(q.filters.probeId)}`);
  if (q.filters.class !== undefined) where.push(`class = ${p.add(q.filters.class)}`);
  if (q.cursor) where.push(`(started_at, id) < (${p.add(q.cursor.startedAt, "::timestamptz")}, ${p.add(q.cursor.id, "::uuid")})`);
  where.push(publishableMeasurementSql("m"));
  const rows = await store.prisma.$queryRawUnsafe<StoredMeasurement[]>(
    `SELECT ${STORED_MEASUREMENT_COLUMNS} FROM measurements m WHERE ${where.join(" AND ")}
     ORDER BY started_at DESC, id DESC LIMIT ${p.add(q.limit + 1, "::int")}`,
    ...p.values,
  );
  return { rows: rows.slice(0, q.limit), more: rows.length > q.limit };
}

export async function getMeasurement(
  store: Store,
  id: string,
): Promise<{ row: StoredMeasurement; record: unknown; verdict: ServiceVerdict } | null> {
  const rows = await store.prisma.$queryRawUnsafe<(StoredMeasurement & { record: unknown; verdict: ServiceVerdict })[]>(
    `SELECT ${STORED_MEASUREMENT_COLUMNS}, record, ${VERDICT_SQL} FROM measurements m
     WHERE id = $1::uuid AND started_at = (SELECT started_at FROM measurement_ids WHERE id = $1::uuid)
       AND ${publishableMeasurementSql("m")}`,
    id,
  );
  const r = rows[0];
  if (!r) return null;
  const { record, verdict, ...row } = r;
  return { row, record, verdict };
}

/** One page of a UTC day's measurements in (started_at, id) order, after `after`. */
export async function dayPage(
  store: Store,
  day: string,
  after: { startedAt: string; id: string } | null,
  limit: number,
): Promise<(StoredMeasurement & { record: unknown; verdict: ServiceVerdict })[]> {
  const params: unknown[] = [day, limit];
  let cursor = "";
  if (after) {
    params.push(after.startedAt, after.id);
    cursor = "AND (started_at, id) > ($3::timestamptz, $4::uuid)";
  }
  return store.prisma.$queryRawUnsafe(
    `SELECT ${STORED_MEASUREMENT_COLUMNS}, record, ${VERDICT_SQL} FROM measurements m
     WHERE started_at >= $1::date AT TIME ZONE 'UTC' AND started_at < ($1::date + 1) AT TIME ZONE 'UTC' ${cursor}
       AND ${publishableMeasurementSql("m")}
     ORDER BY started_at, id LIMIT $2::int`,
    ...params,
  );
}
