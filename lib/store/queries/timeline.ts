// Daily class counts of one service in one country for the home page, read from the daily
// rollups (the hourly ones summed per UTC day, kept equal to them at ingest and rebuild):
// up to 24 times fewer rows than the hourly level for the same answer.
import { fillDays, utcDay, type DailyCounts } from "../../timeline";
import type { Store } from "../open";
import { plausibleTimeCondition } from "./filters";

export interface DataRange {
  from: string;
  to: string;
}

/** First and last UTC day with data for the country, or null when there is none. */
export async function countryDataRange(store: Store, country: string): Promise<DataRange | null> {
  const rows = await store.prisma.$queryRawUnsafe<{ lo: Date | null; hi: Date | null }[]>(
    `SELECT min(day) AS lo, max(day) AS hi FROM daily_rollups WHERE country = $1 AND ${plausibleTimeCondition("day")}`,
    country,
  );
  const r = rows[0];
  return r?.lo && r.hi ? { from: utcDay(new Date(r.lo)), to: utcDay(new Date(r.hi)) } : null;
}

/** Per UTC day of [from, to], gaps included; only one source's data when `source` is given. */
export async function dailyTimeline(
  store: Store,
  query: { service: string; country: string; from: string; to: string; source?: string },
): Promise<DailyCounts[]> {
  const rows = await store.prisma.$queryRawUnsafe<
    { day: string; ok: number; anomaly: number; confirmed: number; failure: number }[]
  >(
    `SELECT to_char(day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
            sum(ok_count)::int AS ok, sum(anomaly_count)::int AS anomaly,
            sum(confirmed_count)::int AS confirmed, sum(failure_count)::int AS failure
     FROM daily_rollups
     WHERE service = $1 AND country = $2
       AND day >= $3::date AT TIME ZONE 'UTC' AND day < ($4::date + 1) AT TIME ZONE 'UTC'
       AND ($5::text IS NULL OR source = $5::text)
     GROUP BY 1 ORDER BY 1`,
    query.service,
    query.country,
    query.from,
    query.to,
    query.source ?? null,
  );
  return fillDays(rows, query.from, query.to);
}

/** Services with data in the country (Signal, from OONI imports, is shown only where it has some). */
export async function countryServices(store: Store, country: string): Promise<string[]> {
  const rows = await store.prisma.$queryRawUnsafe<{ service: string }[]>(
    "SELECT DISTINCT service FROM daily_rollups WHERE country = $1 ORDER BY service",
    country,
  );
  return rows.map((r) => r.service);
}

/** Which sources contributed to the country's data (to label simulated data as such). */
export async function countrySources(store: Store, country: string): Promise<string[]> {
  const rows = await store.prisma.$queryRawUnsafe<{ source: string }[]>(
    "SELECT DISTINCT source FROM daily_rollups WHERE country = $1 ORDER BY source",
    country,
  );
  return rows.map((r) => r.source);
}
