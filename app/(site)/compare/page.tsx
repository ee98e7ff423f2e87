// /compare: several services in one country, or one service across countries, as the
// share of ok rounds per bucket on one chart and in a table, over one shared window.
import Link from "next/link";
import { ComparisonChart } from "@/components/charts/PageCharts";
import { Messages } from "@/components/explorer/Messages";
import { pageLang } from "@/components/site/page-lang";
import { parseCompare } from "@/lib/explorer/compare";
import { MIN_RATE_ROUNDS, okShare, tooFewForRate } from "@/lib/explorer/series";
import { resolveWindow, viewHref } from "@/lib/explorer/view";
import { loadBuckets, loadViewData, viewDataExtent } from "@/lib/explorer/view-data";
import { formatDay, type Lang } from "@/lib/i18n";
import { countRequest } from "@/lib/metrics";
import { countryLabel, serviceLabel } from "@/lib/present/labels";
import { getStore, timed } from "@/lib/server/store";
import { chartShareLinks } from "@/components/explorer/TimelineView";
import { SharePanel } from "@/components/kit/SharePanel";
import { pageOrigin } from "@/components/site/page-origin";
import { socialMetadata } from "@/lib/exports/social";
import type { ExplorerView, ViewWindow } from "@/lib/explorer/view";
import type { Store } from "@/lib/store/open";
import type { Metadata } from "next";

export const dynamic = "force-dynamic";

type Query = Record<string, string | string[] | undefined>;

/** One window for every series: `all` spans the union of their data. */
async function compareWindow(store: Store, series: ExplorerView[], base: ExplorerView) {
  const extents = base.range === "all" ? (await timed(() => Promise.all(series.map((s) => viewDataExtent(store, s))))).filter((e) => e !== null) : [];
  const extent = extents.length ? { from: extents.map((e) => e.from).sort()[0], to: extents.map((e) => e.to).sort().at(-1)! } : null;
  return resolveWindow(base, new Date(), extent);
}

/**
 * The share panel's links and card image for a comparison. There is no image, data or embed
 * route for a comparison, so the downloads, embed codes and og:image are those of the first
 * series' own chart over the same window (its /{cc}/{service}/chart.png); the permalink is
 * the comparison's.
 */
async function compareShare(store: Store, query: Query, lang: Lang, first: ExplorerView, window: ViewWindow, pinned: boolean) {
  const data = await timed(() => loadViewData(store, { ...first, range: "custom", from: window.fromDay, to: window.toDay, grain: window.grain }));
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) q.append(k, x);
  const permalink = `${await pageOrigin()}/compare${q.size ? `?${q.toString()}` : ""}`;
  return chartShareLinks(data, lang, { permalink, pinned });
}

export async function generateMetadata({ searchParams }: { searchParams: Promise<Query> }): Promise<Metadata> {
  const query = await searchParams;
  const { lang, t } = await pageLang(query);
  const { series, base } = parseCompare(query);
  const store = await getStore();
  const { window } = await compareWindow(store, series, base);
  if (!window || series.length === 0) return { title: t("compare.title") };
  const label = (s: ExplorerView) => (series.every((x) => x.cc === s.cc) ? serviceLabel(lang, s.service!) : `${serviceLabel(lang, s.service!)}, ${countryLabel(lang, s.cc!)}`);
  const title = `${t("compare.title")}: ${series.map(label).join(", ")}`;
  const links = await compareShare(store, query, lang, series[0], window, false);
  const dates = `${formatDay(lang, window.fromDay)} – ${formatDay(lang, window.toDay)}`;
  return socialMetadata({ title, description: `${dates}. ${t("compare.lede")}`, url: links.permalink, image: links.cardImage, imageAlt: `${label(series[0])}, ${dates}`, lang });
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const { lang, t } = await pageLang(query);
  countRequest("/compare", 200);
  const { series, base, messages } = parseCompare(query);
  const store = await getStore();
  const { window, messages: windowMessages } = await compareWindow(store, series, base);
  const label = (s: (typeof series)[number]) => (series.every((x) => x.cc === s.cc) ? serviceLabel(lang, s.service!) : `${serviceLabel(lang, s.service!)}, ${countryLabel(lang, s.cc!)}`);
  const title = window
    ? `${t("compare.title")}: ${series.map(label).join(", ")}, ${formatDay(lang, window.fromDay)} – ${formatDay(lang, window.toDay)} (${t(window.grain === "hour" ? "grain.hour" : "grain.day")}, UTC)`
    : t("compare.title");
  const share = window && series.length > 0 ? await compareShare(store, query, lang, series[0], window, true) : null;
  const buckets = window ? await timed(() => Promise.all(series.map((s) => loadBuckets(store, s, window)))) : [];
  const rows = window
    ? buckets[0].map((b, i) => {
        const row: Record<string, string | number | null> = { start: b.start };
        series.forEach((s, k) => (row[`s${k}`] = okShare(buckets[k][i])));
        return row;
      })
    : [];
  return (
    <>
      <h1>{t("compare.title")}</h1>
      <p className="muted">{t("compare.lede")}</p>
      <Messages messages={[...messages, ...windowMessages]} intro={t("view.messages")} t={t} />
      <p className="small">
        <Link href="/compare?cc=ru&services=whatsapp,telegram,max">{t("compare.servicesExample")}</Link> ·{" "}
        <Link href="/compare?service=telegram&cc=ru,by">{t("compare.countriesExample")}</Link>
      </p>
      {!window ? (
        <p className="empty">{t("view.noDataAtAll")}</p>
      ) : (
        <section className="panel" aria-labelledby="compare-title">
          <h2 id="compare-title" className="chart-title">
            {title}
          </h2>
          <p className="chart-sub">
            {series.map((s, k) => (
              <span key={k}>
                {k > 0 && " · "}
                <Link href={viewHref(s)}>{label(s)}</Link>
              </span>
            ))}
          </p>
          <ComparisonChart rows={rows} series={series.map((s, k) => ({ key: `s${k}`, label: label(s) }))} grain={window.grain} title={title} utc="UTC" />
          <p className="small muted">{t("view.rateRule", { min: MIN_RATE_ROUNDS })}</p>
          {share && <SharePanel links={share} idBase="compare-share" />}
          <details>
            <summary>{t("view.table")}</summary>
            <div className="table-wrap" tabIndex={0}>
              <table data-testid="compare-table">
                <thead>
                  <tr>
                    <th scope="col">{t("view.bucket")}</th>
                    {series.map((s, k) => (
                      <th key={k} scope="col" className="num">
                        {label(s)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={String(r.start)}>
                      <th scope="row">{String(r.start).slice(0, window.grain === "hour" ? 16 : 10).replace("T", " ")}</th>
                      {series.map((_, k) => (
                        <td key={k} className="num">
                          {r[`s${k}`] !== null
                            ? `${Math.round(Number(r[`s${k}`]) * 100)} %`
                            : tooFewForRate(buckets[k][i])
                              ? t("compare.tooFew", { n: buckets[k][i].total })
                              : t("common.noData")}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </section>
      )}
    </>
  );
}
