// The view an event embed draws (pure): the event's service, country and (for a network
// event) network, from two days before its start to a day after its end (or now), by the
// hour when that spans at most a week, else by the day. An ongoing event's chart ends at
// the last day with data, not at today, so a months-old block is not drawn as months of gap.
import type { EventRow } from "../api/event-view";
import { DEFAULT_VIEW, utcDayOf, type ExplorerView } from "../explorer/view";
import type { ServiceId } from "../measurement/vocabulary";

const DAY_MS = 86_400_000;

export function eventChartView(
  e: Pick<EventRow, "service" | "country" | "scope" | "asns" | "started_at" | "ended_at">,
  now: Date,
  lastDataDay: string | null = null,
): ExplorerView {
  const from = e.started_at.getTime() - 2 * DAY_MS;
  const lastData = lastDataDay ? Date.parse(`${lastDataDay}T00:00:00Z`) : now.getTime();
  const end = e.ended_at ? e.ended_at.getTime() + DAY_MS : Math.max(e.started_at.getTime(), lastData);
  const to = Math.min(now.getTime(), end);
  const network = e.scope.startsWith("network") && e.asns.length === 1 ? e.asns[0] : null;
  return {
    ...DEFAULT_VIEW,
    cc: e.country,
    service: e.service as ServiceId,
    asn: network,
    range: "custom",
    from: utcDayOf(from),
    to: utcDayOf(to),
    grain: to - from <= 7 * DAY_MS ? "hour" : "day",
  };
}
