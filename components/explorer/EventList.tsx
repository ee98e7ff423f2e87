import Link from "next/link";
import type { EventRow } from "../../lib/query/events";
import { formatDateTime, formatDuration, type Lang, type Translate, translator } from "../../lib/i18n";
import { countryLabel, serviceLabel, techniqueLabel } from "../../lib/present/labels";

/** Where an event was seen, in words: a network or the country. */
export function eventPlace(e: Pick<EventRow, "scope" | "country" | "asns">, lang: Lang): string {
  return e.scope.startsWith("network") ? `${countryLabel(lang, e.country)}, AS${e.asns.join(", AS")}` : `${countryLabel(lang, e.country)} (${translator(lang)("event.networksCount", { n: e.asns.length })})`;
}

export function EventList({ events, lang, t }: { events: EventRow[]; lang: Lang; t: Translate }) {
  return (
    <ul className="event-list" data-testid="event-list">
      {events.map((e) => {
        const ongoing = e.ended_at === null;
        // An ongoing event's length is not known (it is ongoing as of the latest data, which may be old).
        const duration = e.ended_at ? e.ended_at.getTime() - e.started_at.getTime() : 0;
        return (
          <li key={e.id}>
            <Link href={`/events/${e.id}`}>
              <strong>
                {serviceLabel(lang, e.service)}: {e.technique ? techniqueLabel(lang, e.technique) : e.kind}
              </strong>{" "}
              {eventPlace(e, lang)}
            </Link>
            <div className="small">
              <span className={`tag${ongoing ? " ongoing" : ""}`}>{ongoing ? t("event.ongoing") : t("event.ended")}</span>
              {ongoing
                ? `${t("event.since")} ${formatDateTime(lang, e.started_at)}`
                : `${formatDateTime(lang, e.started_at)} – ${formatDateTime(lang, e.ended_at!)} (${formatDuration(lang, duration)})`}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
