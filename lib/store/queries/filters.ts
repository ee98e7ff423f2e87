// WHERE clauses for the public API's filters over the rollup, probe-hour and measurement
// tables, with numbered parameters. Column names are the tables' own.
import type { AggregationFilters } from "../../query/aggregation";
import { MAX_CLOCK_AHEAD_MS, MEASUREMENT_TIME_FLOOR } from "../../measurement/schema";

export class SqlParams {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder. */
  add(value: unknown, cast = ""): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

export interface FilterOptions {
  /** Column holding the time (hour for rollups, started_at for measurements). */
  timeColumn: string;
  since: Date | null;
  until: Date | null;
  /** False where the table has no stage column (probe_hours). */
  hasStage: boolean;
}

/**
 * Keeps `column` between the measurement floor and a few minutes past now: a view's extent
 * ("all data") spans only the time real data can have, whatever rows were stored before
 * the upload schema bounded start times (lib/measurement/schema).
 */
export function plausibleTimeCondition(column: string): string {
  return `${column} >= '${MEASUREMENT_TIME_FLOOR.toISOString()}'::timestamptz AND ${column} < now() + interval '${MAX_CLOCK_AHEAD_MS / 1000} seconds'`;
}

export function filterConditions(f: AggregationFilters, o: FilterOptions, p: SqlParams): string[] {
  const where: string[] = [];
  if (f.service !== undefined) where.push(`service = ${p.add(f.service)}`);
  if (f.country !== undefined) where.push(`country = ${p.add(f.country)}`);
  // bigint: a read may name any 32-bit unsigned AS number; the int column compares with it.
  if (f.asn !== undefined) where.push(`asn = ${p.add(f.asn, "::bigint")}`);
  if (f.region !== undefined) where.push(`region = ${p.add(f.region)}`);
  if (f.networkType !== undefined) where.push(`network_type = ${p.add(f.networkType)}`);
  if (f.source !== undefined) where.push(`source = ${p.add(f.source)}`);
  if (f.stage !== undefined && o.hasStage) where.push(`stage = ${p.add(f.stage)}`);
  if (o.since) where.push(`${o.timeColumn} >= ${p.add(o.since.toISOString(), "::timestamptz")}`);
  if (o.until) where.push(`${o.timeColumn} < ${p.add(o.until.toISOString(), "::timestamptz")}`);
  return where;
}
