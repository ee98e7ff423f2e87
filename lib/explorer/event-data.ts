// One event for its page: the stored row, the rules that fired in its measurements, and
// the window of the chart around it (pure: eventWindowView).
import type { EventRow } from "../query/events";
import type { ServiceId } from "../measurement/vocabulary";
import type { Store } from "../store/open";
import { DEFAULT_VIEW, type ExplorerView, MAX_HOUR_GRAIN_DAYS, utcDayOf } from "./view";

const DAY_MS = 86_400_000;

export async function getEvent(store: Store, id: string): Promise<EventRow | null> {
  const rows = await store.prisma.$queryRawUnsafe<EventRow[]>(
    `SELECT id, service, country, kind, scope, asns, regions, technique, severity, started_at, onset_from, onset_to, ended_at, evidence,
       measurement_ids FROM events WHERE id = $1`,
    id,
  );
  return rows[0] ?? null;
}

/** Rules that decided the verdicts of the event's listed measurements, most frequent first. */
export async function eventRules(store: Store, e: EventRow): Promise<{ rule: string; n: number }[]> {
  if (e.measurement_ids.length === 0) return [];
  return store.prisma.$queryRawUnsafe<{ rule: string; n: number }[]>(
    "SELECT coalesce(rule, 'none') AS rule, count(*)::int AS n FROM measurements WHERE id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 2 DESC, 1",
    e.measurement_ids,
  );
}

/** The view the event page charts: its scope, from two days before the onset to two days after the end (or a week on). */
export function eventWindowView(e: Pick<EventRow, "service" | "country" | "scope" | "asns" | "started_at" | "ended_at">): ExplorerView {
  const from = e.started_at.getTime() - 2 * DAY_MS;
  const end = e.ended_at ? e.ended_at.getTime() : e.started_at.getTime() + 5 * DAY_MS;
  const to = Math.max(end + 2 * DAY_MS, from + 3 * DAY_MS);
  const days = (to - from) / DAY_MS;
  return {
    ...DEFAULT_VIEW,
    cc: e.country,
    service: e.service as ServiceId,
    asn: e.scope.startsWith("network") ? e.asns[0] : null,
    range: "custom",
    from: utcDayOf(from),
    to: utcDayOf(to),
    grain: days <= MAX_HOUR_GRAIN_DAYS ? "hour" : "day",
  };
}
