// Home: the state now (service x country and network over the last 24 hours, with the
// probes behind each cell), ongoing and recent events, and links into every view.
import Link from "next/link";
import { EventList } from "@/components/explorer/EventList";
import { pageLang } from "@/components/site/page-lang";
import { loadStateNow } from "@/lib/explorer/state-now";
import { MIN_RATE_ROUNDS, type StripCell } from "@/lib/explorer/series";
import { formatDateTime } from "@/lib/i18n";
import { countRequest } from "@/lib/metrics";
import { classLabel, countryLabel, serviceLabel } from "@/lib/present/labels";
import { listEvents } from "@/lib/store/queries/events";
import { timed } from "@/lib/server/store";
import { getReadStore } from "@/lib/server/read-store";
import { ClassSwatch } from "@/components/charts/ClassPatterns";
import { ClassLegend } from "@/components/charts/ClassLegend";

export const dynamic = "force-dynamic";

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  countRequest("/", 200);
  const { lang, t } = await pageLang(await searchParams);
  // A cell of fewer than MIN_RATE_ROUNDS rounds says so rather than a verdict (the strips' rule).
  const stateText = (state: StripCell["state"]) => (state === "few" ? t("common.tooFew", { min: MIN_RATE_ROUNDS }) : classLabel(lang, state));
  const store = await getReadStore();
  const [state, ongoing, recent] = await timed(() =>
    Promise.all([loadStateNow(store), listEvents(store, { ongoing: true, limit: 12 }), listEvents(store, { ongoing: false, limit: 6 })]),
  );
  const events = [...ongoing, ...recent];
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p className="muted">{t("home.lede")}</p>
      <section aria-labelledby="state-now" id="countries">
        <h2 id="state-now">{t("home.stateNow")}</h2>
        {!state ? (
          <p className="empty">{t("view.noDataAtAll")}</p>
        ) : (
          <>
            <p className="small muted" data-testid="state-range">
              {state.stale
                ? t("home.stateStale", { from: formatDateTime(lang, state.since), to: formatDateTime(lang, state.until) })
                : `${formatDateTime(lang, state.since)} – ${formatDateTime(lang, state.until)}`}
            </p>
            <ClassLegend lang={lang} few />
            <div className="table-wrap" tabIndex={0}>
              <table data-testid="state-grid">
                <thead>
                  <tr>
                    <th scope="col">{t("home.network")}</th>
                    {state.services.map((s) => (
                      <th key={s} scope="col">
                        {serviceLabel(lang, s)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {state.rows.map((row) => (
                    <tr key={`${row.cc}/${row.asn}`}>
                      <th scope="row">
                        {row.asn === null ? (
                          <Link href={`/${row.cc.toLowerCase()}`}>
                            <strong>{countryLabel(lang, row.cc)}</strong>
                          </Link>
                        ) : (
                          <span>
                            AS{row.asn} {row.name}
                          </span>
                        )}
                      </th>
                      {row.cells.map((c) => (
                        <td key={c.service}>
                          <Link
                            href={`/${row.cc.toLowerCase()}/${c.service}${row.asn === null ? "" : `/as${row.asn}`}`}
                            className="state-cell"
                            aria-label={`${serviceLabel(lang, c.service)}, ${row.asn === null ? countryLabel(lang, row.cc) : `AS${row.asn}`}: ${c.total === 0 ? t("home.cellEmpty") : t("home.cellText", { state: stateText(c.state), ok: c.ok, total: c.total, probes: c.probes })}`}
                          >
                            <ClassSwatch cls={c.state === "few" ? "unknown" : c.state} few={c.state === "few"} /> {stateText(c.state)}
                            <span className="small muted">
                              {" "}
                              {c.total > 0 ? `${c.state === "few" ? t("home.cellRounds", { ok: c.ok, total: c.total }) : `${Math.round((100 * c.ok) / c.total)} % ok`} · ${c.probes} ${t("view.probes")}` : ""}
                            </span>
                          </Link>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <section aria-labelledby="events">
        <h2 id="events">{t("home.events")}</h2>
        {events.length === 0 ? <p className="muted">{t("view.noEvents")}</p> : <EventList events={events} lang={lang} t={t} />}
        <p>
          <Link href="/events">{t("home.allEvents")}</Link>
        </p>
      </section>
    </>
  );
}
