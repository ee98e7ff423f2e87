// /events: the detector's events, filtered by service, country, network, technique,
// status and dates; each links to its page.
import { EventList } from "@/components/explorer/EventList";
import { Messages } from "@/components/explorer/Messages";
import { pageLang } from "@/components/site/page-lang";
import { parseEventFilters } from "@/lib/explorer/event-filters";
import { SERVICES, TECHNIQUES } from "@/lib/measurement/vocabulary";
import { countRequest } from "@/lib/metrics";
import { serviceLabel, techniqueLabel } from "@/lib/present/labels";
import { listEvents } from "@/lib/store/queries/events";
import { timed } from "@/lib/server/store";
import { getReadStore } from "@/lib/server/read-store";

export const dynamic = "force-dynamic";
export const metadata = { title: "Events" };

export default async function EventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const { lang, t } = await pageLang(query);
  countRequest("/events", 200);
  const { filters, messages } = parseEventFilters(query);
  const store = await getReadStore();
  const events = (await timed(() => listEvents(store, filters.query))).filter((e) => !filters.technique || e.technique === filters.technique);
  const v = filters.values;
  return (
    <>
      <h1>{t("events.title")}</h1>
      <p className="muted">{t("events.lede")}</p>
      <Messages messages={messages} intro={t("view.messages")} t={t} />
      <form method="get" className="controls panel" aria-label={t("events.filters")}>
        <label>
          {t("events.service")}{" "}
          <select name="service" defaultValue={v.service ?? ""}>
            <option value="">{t("events.any")}</option>
            {SERVICES.map((s) => (
              <option key={s} value={s}>
                {serviceLabel(lang, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("events.country")} <input name="cc" size={3} defaultValue={v.cc ?? ""} placeholder="ru" />
        </label>
        <label>
          {t("events.network")} <input name="asn" size={8} defaultValue={v.asn ?? ""} placeholder="12389" />
        </label>
        <label>
          {t("events.technique")}{" "}
          <select name="technique" defaultValue={v.technique ?? ""}>
            <option value="">{t("events.any")}</option>
            {TECHNIQUES.map((x) => (
              <option key={x} value={x}>
                {techniqueLabel(lang, x)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("events.status")}{" "}
          <select name="status" defaultValue={v.status ?? ""}>
            <option value="">{t("events.any")}</option>
            <option value="ongoing">{t("event.ongoing")}</option>
            <option value="ended">{t("event.ended")}</option>
          </select>
        </label>
        <label>
          {t("view.from")} <input type="date" name="from" defaultValue={v.from ?? ""} />
        </label>
        <label>
          {t("view.to")} <input type="date" name="to" defaultValue={v.to ?? ""} />
        </label>
        {v.lang && <input type="hidden" name="lang" value={v.lang} />}
        <button type="submit">{t("view.apply")}</button>
      </form>
      <p className="small muted" data-testid="event-count">
        {t("events.count", { n: events.length })}
      </p>
      {events.length > 0 && <EventList events={events} lang={lang} t={t} />}
    </>
  );
}
