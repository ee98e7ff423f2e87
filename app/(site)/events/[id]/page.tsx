// /events/{id}: what happened, where, when (onset and end brackets, UTC), the technique,
// the evidence (rounds, probes and owners agreeing, rules, throughput against baseline),
// the chart around it, nearby annotations and links to its measurements.
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/explorer/Breadcrumbs";
import { eventPlace } from "@/components/explorer/EventList";
import { bucketHref, chartLabels, chartShareLinks } from "@/components/explorer/TimelineView";
import { SharePanel } from "@/components/kit/SharePanel";
import { pageOrigin } from "@/components/site/page-origin";
import { chartSubtitle } from "@/lib/chart-image/view-chart";
import { socialMetadata } from "@/lib/exports/social";
import type { EventRow } from "@/lib/query/events";
import type { Lang } from "@/lib/i18n";
import type { Metadata } from "next";
import { ClassLegend } from "@/components/charts/ClassLegend";
import { TimelineChart } from "@/components/charts/PageCharts";
import { pageLang } from "@/components/site/page-lang";
import { annotationMarkers, eventBand } from "@/lib/explorer/chart-marks";
import { eventRules, eventWindowView, getEvent } from "@/lib/explorer/event-data";
import { chartRows } from "@/lib/explorer/series";
import { viewHref } from "@/lib/explorer/view";
import { viewDataOnce } from "@/components/explorer/view-data-once";
import { formatDateTime, formatDay, formatDuration, throughputWords } from "@/lib/i18n";
import { throughputText } from "@/lib/explorer/throughput";
import { countRequest } from "@/lib/metrics";
import { countryLabel, serviceLabel, techniqueLabel } from "@/lib/present/labels";
import { timed } from "@/lib/server/store";
import { getReadStore } from "@/lib/server/read-store";

export const dynamic = "force-dynamic";

interface Evidence {
  ongoing?: boolean;
  level?: string;
  techniques?: Record<string, number>;
  counts?: { observations: number; anomalous: number; healthy: number; noEvidence: number; probes: number; owners: number; buckets: number; anomalousBuckets: number; unknownBuckets: number };
  baseline?: { throughputKbps: number | null; meanRatio: number | null; probes: number };
  end_bracket?: { lastAnomalous: string; firstHealthy: string } | null;
  measurement_count?: number;
  members?: string[];
}

type Query = Record<string, string | string[] | undefined>;

/** The event page's own URL, the language kept. */
async function eventPermalink(e: EventRow, lang: Lang): Promise<string> {
  return `${await pageOrigin()}/events/${encodeURIComponent(e.id)}${lang === "en" ? "" : `?lang=${lang}`}`;
}

/** Cards for an event: the card image is the chart PNG of the view over the event's window (what the page charts). */
export async function generateMetadata({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Query> }): Promise<Metadata> {
  const { id } = await params;
  if (!/^ev_[0-9a-f]{1,32}$/.test(id)) return {};
  const { lang, t } = await pageLang(await searchParams);
  const store = await getReadStore();
  const e = await timed(() => getEvent(store, id));
  if (!e) return {};
  const data = await timed(() => viewDataOnce(store, eventWindowView(e)));
  const title = t("event.title", { service: serviceLabel(lang, e.service), technique: e.technique ? techniqueLabel(lang, e.technique) : e.kind, place: eventPlace(e, lang) });
  if (!data.window) return { title };
  const links = await chartShareLinks(data, lang, { permalink: await eventPermalink(e, lang), pinned: false });
  const description = `${formatDateTime(lang, e.started_at)}. ${chartSubtitle(data, lang)}`;
  return socialMetadata({ title, description, url: links.permalink, image: links.cardImage, imageAlt: `${title}, ${chartSubtitle(data, lang)}`, lang });
}

export default async function EventPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const query = await searchParams;
  if (!/^ev_[0-9a-f]{1,32}$/.test(id)) notFound();
  const { lang, t } = await pageLang(query);
  const store = await getReadStore();
  const e = await timed(() => getEvent(store, id));
  if (!e) notFound();
  countRequest("/events/{id}", 200);
  const view = eventWindowView(e);
  const [data, rules] = await timed(() => Promise.all([viewDataOnce(store, view), eventRules(store, e)]));
  const ev = (e.evidence ?? {}) as Evidence;
  const c = ev.counts;
  const service = serviceLabel(lang, e.service);
  const technique = e.technique ? techniqueLabel(lang, e.technique) : e.kind;
  const place = eventPlace(e, lang);
  const w = data.window!;
  const title = t("event.title", { service, technique, place });
  const markers = annotationMarkers(w, data.annotations);
  const band = eventBand(w, e);
  const ongoing = e.ended_at === null;
  const measurementCount = ev.measurement_count ?? e.measurement_ids.length;
  const share = await chartShareLinks(data, lang, { permalink: await eventPermalink(e, lang), pinned: true });
  const networkLinks = e.asns.map((asn) => ({ asn, href: viewHref({ ...view, asn, range: "all", from: null, to: null, grain: null }) }));

  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/", text: "Vantage" },
          { href: "/events", text: t("events.title") },
          { text: `${service}, ${countryLabel(lang, e.country)}, ${formatDay(lang, e.started_at)}` },
        ]}
        label="Breadcrumbs"
      />
      <h1>{title}</h1>
      {data.simulated && <p className="simulated-banner">{t("simulated.banner")}</p>}
      <dl className="kv" data-testid="event-facts">
        <dt>{t("event.where")}</dt>
        <dd>
          {countryLabel(lang, e.country)}:{" "}
          {networkLinks.map((n, i) => (
            <span key={n.asn}>
              {i > 0 && ", "}
              <Link href={n.href}>AS{n.asn}</Link>
            </span>
          ))}
          {e.regions.length > 0 && <span className="muted"> ({e.regions.join(", ")})</span>}
        </dd>
        <dt>{t("event.onset")}</dt>
        <dd>
          {formatDateTime(lang, e.started_at)}{" "}
          <span className="muted">({t("event.onsetBracket", { from: formatDateTime(lang, e.onset_from), to: formatDateTime(lang, e.onset_to) })})</span>
        </dd>
        <dt>{t("event.end")}</dt>
        <dd>
          {ongoing ? (
            <span className="tag ongoing">{t("event.ongoingAt")}</span>
          ) : (
            <>
              {formatDateTime(lang, e.ended_at!)}
              {ev.end_bracket && (
                <span className="muted">
                  {" "}
                  ({t("event.endBracket", { from: formatDateTime(lang, ev.end_bracket.lastAnomalous), to: formatDateTime(lang, ev.end_bracket.firstHealthy) })})
                </span>
              )}
            </>
          )}
        </dd>
        {!ongoing && (
          <>
            <dt>{t("event.duration")}</dt>
            <dd>{formatDuration(lang, e.ended_at!.getTime() - e.started_at.getTime())}</dd>
          </>
        )}
        <dt>{t("event.technique")}</dt>
        <dd>
          {technique}
          {ev.techniques && (
            <span className="muted">
              {" "}
              ({t("event.stages")}: {Object.entries(ev.techniques).map(([k, n]) => `${techniqueLabel(lang, k)} ${n}`).join(", ")})
            </span>
          )}
        </dd>
        <dt>{t("event.severity")}</dt>
        <dd>
          {e.severity.toFixed(1)} {ev.level ? `(${t("event.level")}: ${ev.level === "critical" || ev.level === "warning" ? t(`event.level.${ev.level}`) : ev.level})` : ""}
        </dd>
      </dl>

      <section aria-labelledby="evidence">
        <h2 id="evidence">{t("event.evidence")}</h2>
        {c && (
          <ul>
            <li>
              {c.anomalous} {t("event.anomalous")} / {c.observations} {t("event.observations")} ({c.healthy} {t("event.healthy")}, {c.noEvidence} {t("event.noEvidence")})
            </li>
            <li>{t("event.probesOwners", { probes: c.probes, owners: c.owners })}</li>
            <li>
              {e.scope.startsWith("network")
                ? t("event.buckets", { anomalous: c.anomalousBuckets, buckets: c.buckets, unknown: c.unknownBuckets })
                : t("event.bucketsCountry", { anomalous: c.anomalousBuckets, buckets: c.buckets, unknown: c.unknownBuckets, networks: e.asns.length })}
            </li>
          </ul>
        )}
        <p>
          <strong>{t("event.rules")}:</strong>{" "}
          {rules.map((r, i) => (
            <span key={r.rule}>
              {i > 0 && ", "}
              <Link href={`/methodology#rule-${r.rule}`}>{r.rule}</Link> ({r.n})
            </span>
          ))}
        </p>
        <p>
          <strong>{t("event.baseline")}:</strong>{" "}
          {ev.baseline?.throughputKbps && ev.baseline.meanRatio !== null
            ? t("event.baselineText", { baseline: throughputText(ev.baseline.throughputKbps, throughputWords(lang)), ratio: `${Math.round(ev.baseline.meanRatio * 100)} %` })
            : t("event.noBaseline")}
        </p>
        {ev.members && ev.members.length > 0 && (
          <p>
            <strong>{t("event.networks")}:</strong>{" "}
            {ev.members.map((m, i) => (
              <span key={m}>
                {i > 0 && ", "}
                <Link href={`/events/${m}`}>{m}</Link>
              </span>
            ))}
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby="event-chart">
        <h2 id="event-chart" className="chart-title">
          {t("event.chart")}: {formatDay(lang, w.fromDay)} – {formatDay(lang, w.toDay)} ({t(w.grain === "hour" ? "grain.hour" : "grain.day")}, UTC)
        </h2>
        <p className="chart-sub">
          <Link href={viewHref(view)}>{viewHref(view)}</Link>
        </p>
        <ClassLegend lang={lang} />
        <TimelineChart
          rows={chartRows(data.buckets, view.mode)}
          grain={w.grain}
          mode={view.mode}
          events={band ? [{ id: e.id, ...band, label: title }] : []}
          markers={markers.map((m) => ({ n: m.n, at: m.at, title: m.annotation.title, source: `${m.annotation.outlet}, ${formatDay(lang, m.annotation.sourceDate)}`, url: m.annotation.url }))}
          labels={chartLabels(t, lang, title)}
          bucketHref={bucketHref(view, w.grain)}
          height={240}
        />
        <SharePanel links={share} idBase="event-share" />
      </section>

      {markers.length > 0 && (
        <section aria-labelledby="event-annotations">
          <h2 id="event-annotations">{t("event.annotations")}</h2>
          <ol className="annotations">
            {markers.map((m) => (
              <li key={m.annotation.id} value={m.n}>
                {formatDay(lang, m.annotation.date)}: {m.annotation.title} ({m.annotation.url ? <a href={m.annotation.url}>{m.annotation.outlet}</a> : m.annotation.outlet}, {formatDay(lang, m.annotation.sourceDate)})
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="event-measurements">
        <h2 id="event-measurements">{t("event.measurements")}</h2>
        <p className="small muted">{t("event.measurementsNote", { n: measurementCount })}</p>
        <p>
          <Link href={`/measurements?event=${e.id}`} data-testid="event-measurements-link">
            {t("event.measurementsAll", { n: e.measurement_ids.length })}
          </Link>
        </p>
        <ul className="small" data-testid="event-measurement-ids">
          {e.measurement_ids.slice(0, 10).map((m) => (
            <li key={m}>
              <Link href={`/measurements/${m}`}>
                <code>{m}</code>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
