// Time grains of the aggregation API (pure): OONI's limits on which grain fits which range,
// its choice for `auto`, UTC bucket boundaries, and every bucket of a range so gaps are
// explicit rather than missing.

export const TIME_GRAINS = ["hour", "day", "week", "month", "year"] as const;
export type TimeGrain = (typeof TIME_GRAINS)[number];

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** OONI's limits: grains allowed for a range of the given length. */
export function allowedGrains(rangeMs: number): TimeGrain[] {
  const days = rangeMs / DAY_MS;
  if (days <= 7) return ["hour", "day"];
  if (days <= 30) return ["day", "week"];
  if (days <= 365) return ["day", "week", "month"];
  return ["day", "week", "month", "year"];
}

/** What `auto` means for a range of the given length (OONI's choice). */
export function autoGrain(rangeMs: number): TimeGrain {
  const days = rangeMs / DAY_MS;
  if (days <= 7) return "hour";
  if (days <= 30) return "day";
  if (days <= 365) return "week";
  return "month";
}

/** Start of the UTC bucket holding `t`; weeks start on Monday (ISO, like PostgreSQL's date_trunc). */
export function bucketStart(grain: TimeGrain, t: Date): Date {
  const d = new Date(t.getTime());
  switch (grain) {
    case "hour":
      return new Date(Math.floor(t.getTime() / HOUR_MS) * HOUR_MS);
    case "day":
      return new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);
    case "week": {
      const day = new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);
      const sinceMonday = (day.getUTCDay() + 6) % 7;
      return new Date(day.getTime() - sinceMonday * DAY_MS);
    }
    case "month":
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    case "year":
      return new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  }
}

export function nextBucket(grain: TimeGrain, start: Date): Date {
  switch (grain) {
    case "hour":
      return new Date(start.getTime() + HOUR_MS);
    case "day":
      return new Date(start.getTime() + DAY_MS);
    case "week":
      return new Date(start.getTime() + 7 * DAY_MS);
    case "month":
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    case "year":
      return new Date(Date.UTC(start.getUTCFullYear() + 1, 0, 1));
  }
}

/** How a bucket is named in responses: the hour as ISO time, other grains by their first day. */
export function bucketLabel(grain: TimeGrain, start: Date): string {
  return grain === "hour" ? start.toISOString().replace(".000Z", "Z") : start.toISOString().slice(0, 10);
}

export interface TimeBucket {
  label: string;
  start: Date;
  /** Hours of the bucket inside [since, until): the denominator of coverage. */
  hours: number;
}

/** Every bucket touching [since, until), in order, with the hours of each inside the range. */
export function bucketsOf(grain: TimeGrain, since: Date, until: Date, maxBuckets = 100_000): TimeBucket[] {
  const out: TimeBucket[] = [];
  for (let start = bucketStart(grain, since); start < until; start = nextBucket(grain, start)) {
    const from = Math.max(start.getTime(), since.getTime());
    const to = Math.min(nextBucket(grain, start).getTime(), until.getTime());
    out.push({ label: bucketLabel(grain, start), start, hours: Math.ceil((to - from) / HOUR_MS) });
    if (out.length > maxBuckets) throw new RangeError(`more than ${maxBuckets} time buckets`);
  }
  return out;
}

/** Rollups are hourly: a range is widened to whole hours (since down, until up). */
export function alignToHours(since: Date, until: Date): { since: Date; until: Date } {
  return {
    since: new Date(Math.floor(since.getTime() / HOUR_MS) * HOUR_MS),
    until: new Date(Math.ceil(until.getTime() / HOUR_MS) * HOUR_MS),
  };
}

export type RollupLevel = "hour" | "day";

/** A part of a query's range and the rollup level that answers it (null: unbounded). */
export interface LevelRange {
  level: RollupLevel;
  since: Date | null;
  until: Date | null;
}

/**
 * Splits an hour-aligned [since, until) between the rollup levels: its whole UTC days from
 * the daily rollups, the hours before the first and after the last whole day from the hourly
 * ones. `hourOnly` (hour-grain timelines) or a range without a whole day reads hourly only.
 * The parts are disjoint and cover the range.
 */
export function rollupLevels(since: Date | null, until: Date | null, hourOnly = false): LevelRange[] {
  const dayFrom = since && new Date(Math.ceil(since.getTime() / DAY_MS) * DAY_MS);
  const dayTo = until && new Date(Math.floor(until.getTime() / DAY_MS) * DAY_MS);
  if (hourOnly || (dayFrom && dayTo && dayFrom >= dayTo)) return [{ level: "hour", since, until }];
  const parts: LevelRange[] = [];
  if (since && dayFrom && dayFrom > since) parts.push({ level: "hour", since, until: dayFrom });
  parts.push({ level: "day", since: dayFrom, until: dayTo });
  if (until && dayTo && until > dayTo) parts.push({ level: "hour", since: dayTo, until });
  return parts;
}
