// A country: each service's classes over the view's range as a strip, linking to its
// timeline; the country's events.
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/explorer/Breadcrumbs";
import { EventList } from "@/components/explorer/EventList";
import { Messages } from "@/components/explorer/Messages";
import { StatusStrip } from "@/components/explorer/StatusStrip";
import { ClassLegend } from "@/components/charts/ClassLegend";
import { pageLang } from "@/components/site/page-lang";
import { stripCell, summarise } from "@/lib/explorer/series";
import { loadCountryGrid } from "@/lib/explorer/country-grid";
import { parseView, RANGE_PRESETS, viewHref } from "@/lib/explorer/view";
import { formatDay } from "@/lib/i18n";
import { countRequest } from "@/lib/metrics";
import { classLabel, countryLabel, serviceLabel } from "@/lib/present/labels";
import { timed } from "@/lib/server/store";
import { getReadStore } from "@/lib/server/read-store";

export const dynamic = "force-dynamic";

export default async function CountryPage({ params, searchParams }: { params: Promise<{ cc: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { cc } = await params;
  const query = await searchParams;
  const parsed = parseView([cc], query);
  if (parsed.notFound) notFound();
  const { view } = parsed;
  const { lang, t } = await pageLang(query);
  countRequest("/{cc}", 200);
  const store = await getReadStore();
  const { services: shown, events } = await timed(() => loadCountryGrid(store, view));
  const countryName = countryLabel(lang, view.cc!);
  const langExtra = { lang: typeof query.lang === "string" ? query.lang : undefined };
  return (
    <>
      <Breadcrumbs items={[{ href: "/", text: "Vantage" }, { text: countryName }]} label="Breadcrumbs" />
      <h1>{t("country.title", { country: countryName })}</h1>
      <Messages messages={[...parsed.messages, ...shown.flatMap((d) => d.messages).slice(0, 3)]} intro={t("view.messages")} t={t} />
      {shown.some((d) => d.simulated) && <p className="simulated-banner">{t("simulated.banner")}</p>}
      <div className="controls">
        <span>{t("view.range")}:</span>
        <span className="pills">
          {RANGE_PRESETS.map((r) => (
            <Link key={r} href={viewHref(view, { range: r }, langExtra)} aria-current={view.range === r ? "true" : undefined} prefetch={false}>
              {t(`range.${r}`)}
            </Link>
          ))}
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="empty">{t("view.noDataAtAll")}</p>
      ) : (
        <section aria-labelledby="services">
          <h2 id="services">{t("country.services")}</h2>
          <ClassLegend lang={lang} few />
          <ul className="grid-state" style={{ listStyle: "none", padding: 0 }}>
            {shown.map((d) => {
              const s = summarise(d.buckets);
              const service = serviceLabel(lang, d.view.service!);
              const w = d.window;
              return (
                <li key={d.view.service}>
                  <Link className="cell" href={viewHref(d.view, {}, langExtra)}>
                    <strong>{service}</strong>
                    <div className="small muted">
                      {formatDay(lang, w.fromDay)} – {formatDay(lang, w.toDay)} (UTC)
                    </div>
                    <StatusStrip strip={d.buckets.map(stripCell)} label={`${service}: ${s.total ? Math.round((100 * s.ok) / s.total) : 0} % ${classLabel(lang, "ok")}`} lang={lang} />
                    <div className="small">
                      {s.total} {t("view.total")} · {s.total ? Math.round((100 * s.ok) / s.total) : 0} % {classLabel(lang, "ok")} · {t("country.open")} →
                    </div>
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <section aria-labelledby="events">
        <h2 id="events">{t("view.events")}</h2>
        {events.length === 0 ? <p className="muted">{t("view.noEvents")}</p> : <EventList events={events} lang={lang} t={t} />}
      </section>
    </>
  );
}
