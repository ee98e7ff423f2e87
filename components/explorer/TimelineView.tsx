// The timeline view /{cc}/{service}[/as{asn}]: classes over time (counts or shares),
// aligned per-stage failure rates, median throughput and coverage, events as bands,
// annotations as numbered markers, range presets and a custom range, the country's
// networks with their strips, and a table of the same numbers. Thin over lib/explorer.
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { TimelineChart } from "../charts/PageCharts";
import type { ViewChartLabels } from "../charts/view-chart-parts";
import { ClassLegend } from "../charts/ClassLegend";
import { annotationMarkers, eventBand } from "../../lib/explorer/chart-marks";
import { loadNetworkStrips } from "../../lib/explorer/networks";
import { chartRows, MIN_RATE_ROUNDS, summarise, type DetectorCell } from "../../lib/explorer/series";
import { parseView, permalink, RANGE_PRESETS, viewHref, type ExplorerView } from "../../lib/explorer/view";
import { viewDataOnce } from "./view-data-once";
import { loadViewDetector } from "../../lib/explorer/view-data";
import { readLimits } from "../../lib/api/read-guard";
import { formatDateTime, formatDay, type Lang, throughputWords, type Translate } from "../../lib/i18n";
import { classLabel, countryLabel, detectorStateLabel, serviceLabel, sourceLabel, stageLabel, techniqueLabel } from "../../lib/present/labels";
import { SOURCES, STAGES } from "../../lib/measurement/vocabulary";
import { getStore, timed } from "../../lib/server/store";
import { countRequest } from "../../lib/metrics";
import { pageLang } from "../site/page-lang";
import { Breadcrumbs } from "./Breadcrumbs";
import { Messages } from "./Messages";
import { StatusStrip } from "./StatusStrip";
import { EventList } from "./EventList";
import { SharePanel } from "../kit/SharePanel";
import { pageOrigin } from "../site/page-origin";
import { chartSubtitle, chartTitle } from "../../lib/chart-image/view-chart";
import { shareLinks } from "../../lib/exports/share";
import { socialMetadata } from "../../lib/exports/social";
import { pinnedPath, viewPermalink } from "../../lib/exports/view-request";
import { snapshotGuard } from "../../lib/exports/snapshot-limit";
import type { ViewData } from "../../lib/explorer/view-data";
import type { Metadata } from "next";

export type SearchParams = Record<string, string | string[] | undefined>;

export function chartLabels(t: Translate, lang: Lang, title: string): ViewChartLabels {
  return {
    title,
    classes: { ok: classLabel(lang, "ok"), anomaly: classLabel(lang, "anomaly"), confirmed: classLabel(lang, "confirmed"), failure: classLabel(lang, "failure"), unknown: classLabel(lang, "unknown") },
    stages: { dns: stageLabel(lang, "dns"), tcp: stageLabel(lang, "tcp"), tls: stageLabel(lang, "tls"), http: stageLabel(lang, "http"), ws: stageLabel(lang, "ws"), throughput: stageLabel(lang, "throughput") },
    yCounts: t("view.yCounts"),
    yShares: t("view.yShares"),
    stagePanel: t("view.stagePanel"),
    throughputPanel: t("view.throughputPanel"),
    throughput: throughputWords(lang),
    tooFew: t("view.tooFew", { min: MIN_RATE_ROUNDS }),
    rateRule: t("view.rateRule", { min: MIN_RATE_ROUNDS }),
    fewLegend: t("common.tooFew", { min: MIN_RATE_ROUNDS }),
    coveragePanel: t("view.coveragePanel"),
    detectorPanel: t("view.detectorPanel"),
    detectorStates: { ok: detectorStateLabel(lang, "ok"), anomalous: detectorStateLabel(lang, "anomalous"), unknown: detectorStateLabel(lang, "unknown") },
    detectorOwners: t("view.detectorOwners"),
    detectorNetworks: t("view.detectorNetworks"),
    detectorEvent: t("view.detectorEvent"),
    probes: t("view.probes"),
    owners: t("view.owners"),
    utc: t("common.utc"),
    noData: t("common.noData"),
    clickHint: t("view.clickHint"),
    annotation: t("view.annotation"),
    source: t("view.source"),
  };
}

/** The measurements behind a bucket of this view (the chart fills in {bucket}). */
export function bucketHref(view: ExplorerView, grain: string): string {
  const q = new URLSearchParams();
  if (view.cc) q.set("cc", view.cc.toLowerCase());
  if (view.service) q.set("service", view.service);
  if (view.asn !== null) q.set("asn", String(view.asn));
  if (view.source !== "all") q.set("source", view.source);
  q.set("grain", grain);
  return `/measurements?${q.toString()}&bucket={bucket}`;
}

/**
 * The share panel's links for a chart's data; `pinned` saves the snapshot a pinned embed
 * shows, within the reader's per-client bound (lib/exports/snapshot-limit): beyond it the
 * panel says why it offers no pinned code.
 */
export async function chartShareLinks(data: ViewData, lang: Lang, o: { permalink?: string; pinned: boolean }) {
  const origin = await pageOrigin();
  const pinned = o.pinned && data.window ? await pinnedPath(await getStore(), data, "", snapshotGuard({ headers: await headers() })) : null;
  const pinnedRefused = o.pinned && data.window !== null && pinned === null;
  return shareLinks(data, { origin, lang, permalink: o.permalink ?? viewPermalink(origin, data, lang), pinnedPath: pinned, pinnedRefused, now: new Date() });
}

/** OpenGraph and Twitter cards for a timeline page: its chart PNG (1200 px) as the image. */
export async function timelineMetadata(segments: string[], searchParams: SearchParams): Promise<Metadata> {
  const parsed = parseView(segments, searchParams);
  if (parsed.notFound || !parsed.view.cc || !parsed.view.service) return {};
  const { lang } = await pageLang(searchParams);
  const data = await timed(async () => viewDataOnce(await getStore(), parsed.view));
  if (!data.window) return { title: chartTitle(data, lang) };
  const links = await chartShareLinks(data, lang, { pinned: false });
  const title = chartTitle(data, lang);
  return socialMetadata({ title, description: chartSubtitle(data, lang), url: links.permalink, image: links.cardImage, imageAlt: `${title}, ${chartSubtitle(data, lang)}`, lang });
}

export async function TimelineView({ segments, searchParams }: { segments: string[]; searchParams: SearchParams }) {
  const parsed = parseView(segments, searchParams);
  if (parsed.notFound) notFound();
  const { view } = parsed;
  if (!view.cc || !view.service) notFound();
  const { lang, t } = await pageLang(searchParams);
  const langExtra = { lang: typeof searchParams.lang === "string" ? searchParams.lang : undefined };
  countRequest(view.asn !== null ? "/{cc}/{service}/as{asn}" : "/{cc}/{service}", 200);
  const store = await getStore();
  const data = await timed(() => viewDataOnce(store, view));
  const networks = data.window && !view.asn ? await timed(() => loadNetworkStrips(store, view, data.window!)) : null;
  const messages = [...parsed.messages, ...data.messages];
  const place = view.asn !== null ? `AS${view.asn}` : countryLabel(lang, view.cc);
  const service = serviceLabel(lang, view.service);
  const crumbs = [
    { href: "/", text: "Vantage" },
    { href: viewHref({ ...view, service: null, asn: null }), text: countryLabel(lang, view.cc) },
    { href: viewHref({ ...view, asn: null }), text: service },
    ...(view.asn !== null ? [{ text: `AS${view.asn}` }] : []),
  ];
  const heading = t("view.title", { service, place: view.asn !== null ? `${countryLabel(lang, view.cc)}, AS${view.asn}` : place });

  if (!data.window) {
    return (
      <>
        <Breadcrumbs items={crumbs} label="Breadcrumbs" />
        <h1>{heading}</h1>
        <Messages messages={messages} intro={t("view.messages")} t={t} />
        <p className="empty">{t("view.noDataAtAll")}</p>
      </>
    );
  }
  const w = data.window;
  const { maxDetectorDays, maxDetectorRounds } = readLimits();
  const detector = await timed(() => loadViewDetector(store, view, w, { maxDays: maxDetectorDays, maxRounds: maxDetectorRounds }));
  const rows = chartRows(data.buckets, view.mode, detector.cells);
  const summary = summarise(data.buckets);
  const grainText = t(w.grain === "hour" ? "grain.hour" : "grain.day");
  const title = t("view.chartTitle", { service, place, grain: grainText, from: formatDay(lang, w.fromDay), to: formatDay(lang, w.toDay) });
  const markers = annotationMarkers(w, data.annotations);
  const bands = data.events.flatMap((e) => {
    const b = eventBand(w, e);
    return b ? [{ id: e.id, ...b, label: `${serviceLabel(lang, e.service)} ${e.technique ? techniqueLabel(lang, e.technique) : ""}` }] : [];
  });
  const fmtBucket = (iso: string) => (w.grain === "hour" ? formatDateTime(lang, iso) : formatDay(lang, iso));
  const pct = (n: number, d: number) => (d === 0 ? "" : `${Math.round((100 * n) / d)} %`);
  const share = await chartShareLinks(data, lang, { pinned: true });

  return (
    <>
      <Breadcrumbs items={crumbs} label="Breadcrumbs" />
      <h1>{heading}</h1>
      <Messages messages={messages} intro={t("view.messages")} t={t} />
      {data.simulated && (
        <p className="simulated-banner" data-testid="simulated-banner">
          {t("simulated.banner")}
        </p>
      )}
      <div className="controls" data-testid="view-controls">
        <span>{t("view.range")}:</span>
        <span className="pills">
          {RANGE_PRESETS.map((r) => (
            <Link key={r} href={viewHref(view, { range: r, grain: null }, langExtra)} aria-current={view.range === r ? "true" : undefined} prefetch={false}>
              {t(`range.${r}`)}
            </Link>
          ))}
        </span>
        <form method="get" action={viewHref({ ...view, range: "all", from: null, to: null, grain: null, stage: null, source: "all", mode: "shares" })}>
          <label>
            {t("view.from")} <input type="date" name="from" defaultValue={w.fromDay} required />
          </label>
          <label>
            {t("view.to")} <input type="date" name="to" defaultValue={w.toDay} required />
          </label>
          {view.source !== "all" && <input type="hidden" name="source" value={view.source} />}
          {view.mode !== "shares" && <input type="hidden" name="mode" value={view.mode} />}
          {view.stage && <input type="hidden" name="stage" value={view.stage} />}
          {langExtra.lang && <input type="hidden" name="lang" value={langExtra.lang} />}
          <button type="submit">{t("view.apply")}</button>
        </form>
      </div>
      <div className="controls">
        <span>{t("view.show")}:</span>
        <span className="pills">
          {(["counts", "shares"] as const).map((m) => (
            <Link key={m} href={viewHref(view, { mode: m }, langExtra)} aria-current={view.mode === m ? "true" : undefined} prefetch={false}>
              {t(`mode.${m}`)}
            </Link>
          ))}
        </span>
        <span className="pills">
          {(["hour", "day"] as const).map((g) => (
            <Link key={g} href={viewHref(view, { grain: g }, langExtra)} aria-current={w.grain === g ? "true" : undefined} prefetch={false}>
              {t(`grain.${g}`)}
            </Link>
          ))}
        </span>
        <span className="pills" aria-label="Stage">
          {STAGES.map((s) => (
            <Link key={s} href={viewHref(view, { stage: view.stage === s ? null : s }, langExtra)} aria-current={view.stage === s ? "true" : undefined} prefetch={false}>
              {stageLabel(lang, s)}
            </Link>
          ))}
        </span>
        <span className="pills">
          {(["all", ...SOURCES] as const).map((s) => (
            <Link key={s} href={viewHref(view, { source: s }, langExtra)} aria-current={view.source === s ? "true" : undefined} prefetch={false}>
              {sourceLabel(lang, s)}
            </Link>
          ))}
        </span>
      </div>

      <section className="panel" aria-labelledby="chart-title">
        <h2 id="chart-title" className="chart-title">
          {title}
        </h2>
        <p className="chart-sub">
          {t("view.sources")}: {data.sources.map((s) => sourceLabel(lang, s)).join(", ") || t("common.noData")} · {summary.total} {t("view.total")} ·{" "}
          <Link href={permalink(view, w, langExtra)} data-testid="permalink" prefetch={false}>
            {t("view.permalink")}
          </Link>
        </p>
        <ClassLegend lang={lang} />
        <TimelineChart rows={rows} grain={w.grain} mode={view.mode} events={bands} markers={markers.map((m) => ({ n: m.n, at: m.at, title: m.annotation.title, source: `${m.annotation.outlet}, ${formatDay(lang, m.annotation.sourceDate)}`, url: m.annotation.url }))} labels={chartLabels(t, lang, title)} bucketHref={bucketHref(view, w.grain)} />
        <p className="small muted">
          {t("view.coverageNote")} {detector.tooLong ? t("view.detectorTooLong", { days: maxDetectorDays, rounds: maxDetectorRounds.toLocaleString(lang === "ru" ? "ru-RU" : "en-GB") }) : t("view.detectorNote")}
        </p>
        <SharePanel links={share} idBase="view-share" />
        {view.stage && (
          <p className="small">
            {stageLabel(lang, view.stage)}: {pct(data.buckets.reduce((n, b) => n + b.stageFailures[view.stage as keyof typeof b.stageFailures], 0), summary.total)}
          </p>
        )}
      </section>

      {markers.length > 0 && (
        <section aria-labelledby="annotations">
          <h2 id="annotations">{t("view.annotations")}</h2>
          <ol className="annotations" data-testid="annotations">
            {markers.map((m) => (
              <li key={m.annotation.id} value={m.n}>
                {formatDay(lang, m.annotation.date)}: {m.annotation.title} ({m.annotation.url ? <a href={m.annotation.url}>{m.annotation.outlet}</a> : m.annotation.outlet}, {formatDay(lang, m.annotation.sourceDate)})
                {m.annotation.notMeasured ? " [annotation only: not measured by the probes]" : ""}
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="events">
        <h2 id="events">{t("view.events")}</h2>
        {data.events.length === 0 ? <p className="muted">{t("view.noEvents")}</p> : <EventList events={data.events} lang={lang} t={t} />}
      </section>

      {networks && (
        <section aria-labelledby="networks">
          <h2 id="networks">{t("view.networks")}</h2>
          <p className="small muted">{t("view.networksNote", { min: MIN_RATE_ROUNDS })}</p>
          <table data-testid="networks">
            <tbody>
              {networks.networks.map((n) => (
                <tr key={n.asn}>
                  <th scope="row" style={{ width: "40%" }}>
                    <Link href={viewHref({ ...view, asn: n.asn }, {}, langExtra)}>
                      AS{n.asn} {n.name ?? ""}
                    </Link>
                    <div className="small muted">
                      {n.probes} {t("view.probes")} · {pct(n.ok, n.total)} {classLabel(lang, "ok")}
                    </div>
                  </th>
                  <td>
                    <StatusStrip strip={n.strip} label={`AS${n.asn}: ${pct(n.ok, n.total)} ${classLabel(lang, "ok")}`} lang={lang} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {networks.withheld > 0 && <p className="small muted">{t("view.networksWithheld", { n: networks.withheld })}</p>}
        </section>
      )}

      <details className="panel">
        <summary>{t("view.table")}</summary>
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="view-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("view.bucket")}</th>
                {(["ok", "anomaly", "confirmed", "failure"] as const).map((c) => (
                  <th key={c} scope="col" className="num">
                    {classLabel(lang, c)}
                  </th>
                ))}
                <th scope="col" className="num">{t("view.total")}</th>
                <th scope="col" className="num">{t("view.throughputColumn")}</th>
                <th scope="col" className="num">{t("view.probes")}</th>
                <th scope="col" className="num">{t("view.owners")}</th>
                {detector.cells && <th scope="col">{t("view.detector")}</th>}
              </tr>
            </thead>
            <tbody>
              {data.buckets.map((b, i) => (
                <tr key={b.start} data-bucket={b.start}>
                  <th scope="row">{fmtBucket(b.start)}</th>
                  {b.total === 0 ? (
                    <td colSpan={5} className="muted">{t("common.noData")}</td>
                  ) : (
                    <>
                      <td className="num" data-class="ok">{b.ok}</td>
                      <td className="num" data-class="anomaly">{b.anomaly}</td>
                      <td className="num" data-class="confirmed">{b.confirmed}</td>
                      <td className="num" data-class="failure">{b.failure}</td>
                      <td className="num">{b.total}</td>
                    </>
                  )}
                  <td className="num">{b.throughputMedianKbps === null ? "" : Math.round(b.throughputMedianKbps)}</td>
                  <td className="num">{b.probes}</td>
                  <td className="num">{b.owners}</td>
                  {rows[i].detectorCell && <DetectorTableCell cell={rows[i].detectorCell!} lang={lang} t={t} />}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

/** The detector's state of a bucket in the table view: its name, the quorum count, the event. */
function DetectorTableCell({ cell, lang, t }: { cell: DetectorCell; lang: Lang; t: Translate }) {
  const count = cell.quorum > 0 ? t(cell.unit === "owners" ? "view.detectorOwners" : "view.detectorNetworks", { anomalous: cell.anomalous, quorum: cell.quorum, owners: cell.reporting }) : "";
  return (
    <td data-detector={cell.state}>
      {detectorStateLabel(lang, cell.state)}
      {count && <div className="small muted">{count}</div>}
      {cell.eventIds.map((id) => (
        <div key={id} className="small">
          <Link href={`/events/${id}`} prefetch={false}>
            {t("view.detectorEvent", { id })}
          </Link>
        </div>
      ))}
    </td>
  );
}
