// A view's chart as an image spec (pure): the explorer's view data (lib/explorer) in the
// reader's language (lib/i18n) and theme (lib/present), ready for renderChartSvg. Embeds,
// PNG/SVG downloads and social cards all come through here, so they say the same thing.
import type { EventRow } from "../query/events";
import type { ViewData } from "../explorer/view-data";
import { bucketRate, MIN_RATE_ROUNDS, tooFewForRate } from "../explorer/series";
import type { VerdictClass } from "../measurement/vocabulary";
import { formatDay, formatDateTime, translator, type Lang } from "../i18n";
import { CLASS_MARKS, PALETTES, type Theme } from "../present/colors";
import { classLabel, countryLabel, serviceLabel, sourceLabel, techniqueLabel } from "../present/labels";
import type { ChartImageClass, ChartImageEvent, ChartImageSpec } from "./svg";
import { DEFAULT_WIDTH } from "./svg";

/** The simulated-data note: amber that keeps 4.5:1 contrast on each background. */
export const WARNING: Record<Theme, string> = { light: "#8A5A00", dark: "#F0B43C" };

/** The palette as CSS variables (names from paletteCssVariables in lib/present/colors.ts). */
const CSS_PALETTE = {
  classes: { ok: "var(--ok)", anomaly: "var(--anomaly)", confirmed: "var(--confirmed)", failure: "var(--failure)", unknown: "var(--unknown)" },
  background: "var(--bg)",
  text: "var(--fg)",
  muted: "var(--muted)",
  grid: "var(--grid)",
  eventBand: "var(--event-band)",
};

const CLASSES: VerdictClass[] = ["ok", "anomaly", "confirmed", "failure"];
const DAY_MS = 86_400_000;

export function chartTitle(data: Pick<ViewData, "view">, lang: Lang): string {
  const t = translator(lang);
  const v = data.view;
  const country = v.cc ? countryLabel(lang, v.cc) : "";
  const place = v.asn !== null ? t("kit.chart.placeNetwork", { country, asn: v.asn }) : t("kit.chart.place", { country });
  return t("kit.chart.title", { service: v.service ? serviceLabel(lang, v.service) : t("kit.chart.allServices"), place });
}

/** "1 Feb 2026 to 14 Feb 2026, daily". */
export function chartSubtitle(data: ViewData, lang: Lang): string {
  const t = translator(lang);
  if (!data.window) return "";
  return t("kit.chart.subtitle", { from: formatDay(lang, data.window.fromDay), to: formatDay(lang, data.window.toDay), grain: t(`grain.${data.window.grain}`) });
}

export function sourceLine(data: ViewData, lang: Lang): string {
  const t = translator(lang);
  const sources = data.sources.length ? data.sources.map((s) => sourceLabel(lang, s)).join(", ") : sourceLabel(lang, "vantage");
  return t("kit.chart.source", { sources });
}

/** "WhatsApp: blocking (TCP blocking), 10 Feb 2026, 06:00 UTC to 11 Feb 2026, 18:00 UTC", or "from ..., ongoing". */
export function eventLine(e: EventRow, lang: Lang): string {
  const t = translator(lang);
  const vars = {
    service: serviceLabel(lang, e.service),
    kind: t(e.kind === "outage" ? "kit.kind.outage" : "kit.kind.block"),
    technique: e.technique ? techniqueLabel(lang, e.technique) : t("kit.technique.none"),
    start: formatDateTime(lang, e.started_at),
  };
  return e.ended_at ? t("kit.chart.eventLine", { ...vars, end: formatDateTime(lang, e.ended_at) }) : t("kit.chart.eventLineOngoing", vars);
}

export function tickFormatter(lang: Lang): (d: Date, spanMs: number) => string {
  const locale = lang === "ru" ? "ru-RU" : "en-GB";
  const days = new Intl.DateTimeFormat(locale, { timeZone: "UTC", day: "numeric", month: "short" });
  const months = new Intl.DateTimeFormat(locale, { timeZone: "UTC", month: "short", year: "numeric" });
  const hours = new Intl.DateTimeFormat(locale, { timeZone: "UTC", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return (d, span) => (span <= 3 * DAY_MS ? hours : span <= 120 * DAY_MS ? days : months).format(d);
}

export interface ViewChartOptions {
  lang: Lang;
  /** "css": colours are the palette's CSS variables (lib/present), for HTML embeds whose theme follows the reader. */
  theme: Theme | "css";
  width?: number;
  permalink: string;
  /** Pinned charts: the data version they show. */
  pinnedVersion?: string | null;
  /** An event to show alone (event embeds); otherwise every event of the view. */
  events?: EventRow[];
  idPrefix?: string;
}

export function viewChartSpec(data: ViewData, o: ViewChartOptions): ChartImageSpec {
  const t = translator(o.lang);
  const p = o.theme === "css" ? CSS_PALETTE : PALETTES[o.theme];
  const w = data.window;
  const step = w?.grain === "hour" ? 3_600_000 : DAY_MS;
  const shares = data.view.mode === "shares";
  const classes: ChartImageClass[] = CLASSES.map((key) => ({
    key,
    label: classLabel(o.lang, key),
    color: p.classes[key],
    mark: CLASS_MARKS[key] === "hatch" ? "stripes" : CLASS_MARKS[key] === "dots" ? "dots" : undefined,
  }));
  const events: ChartImageEvent[] = (o.events ?? data.events).map((e, i) => ({
    n: i + 1,
    from: e.started_at,
    to: e.ended_at,
    label: eventLine(e, o.lang),
  }));
  const title = chartTitle(data, o.lang);
  const from = w?.since ?? new Date(0);
  const to = w?.until ?? new Date(DAY_MS);
  return {
    title,
    subtitle: chartSubtitle(data, o.lang),
    timeNote: t("kit.chart.timesUtc"),
    yLabel: t(shares ? "kit.chart.yShares" : "kit.chart.yCounts"),
    noDataLabel: t("common.noData"),
    range: { from, to },
    fewLabel: shares ? t("common.tooFew", { min: MIN_RATE_ROUNDS }) : null,
    buckets: data.buckets.map((b) => {
      const start = new Date(b.start);
      const end = new Date(Math.min(start.getTime() + step, to.getTime()));
      if (shares && tooFewForRate(b)) return { start, end, counts: { ok: 0, anomaly: 0, confirmed: 0, failure: 0 }, few: true };
      const share = (n: number) => (shares ? 100 * (bucketRate(b, n) ?? 0) : n);
      return { start, end, counts: { ok: share(b.ok), anomaly: share(b.anomaly), confirmed: share(b.confirmed), failure: share(b.failure) } };
    }),
    classes,
    events,
    source: sourceLine(data, o.lang),
    simulatedNote: data.simulated ? t("kit.chart.simulated") : null,
    asOf: o.pinnedVersion && w ? t("kit.chart.asOf", { date: formatDay(o.lang, w.toDay), version: o.pinnedVersion }) : null,
    brand: t("site.name"),
    permalink: o.permalink,
    palette: {
      background: p.background,
      text: p.text,
      muted: p.muted,
      grid: p.grid,
      eventBand: o.theme === "css" ? "var(--event-band-fill)" : `${p.eventBand}22`,
      eventText: p.eventBand,
      noData: p.classes.unknown,
      warning: o.theme === "css" ? "var(--warning)" : WARNING[o.theme],
    },
    formatTick: tickFormatter(o.lang),
    description: t("kit.chart.desc", {
      title,
      classes: CLASSES.map((c) => classLabel(o.lang, c)).join(", "),
      grain: t(`grain.${w?.grain ?? "day"}`),
      from: w?.fromDay ?? "",
      to: w?.toDay ?? "",
    }),
    width: o.width ?? DEFAULT_WIDTH,
    idPrefix: o.idPrefix,
  };
}
