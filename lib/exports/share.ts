// What the share panel offers for one chart (pure once the pinned path is known): the
// permalink, live and pinned embed codes, the downloads and the citation, in the reader's
// language.
import type { ViewData } from "../explorer/view-data";
import { viewPath, viewQuery } from "../explorer/view";
import { bibtexCitation, cslCitation, plainCitation } from "../citation/citation";
import { formatDay, translator, type Lang } from "../i18n";
import { chartTitle, chartSubtitle } from "../chart-image/view-chart";
import { embedCode } from "./embed-code";
import { dataVersion } from "./view-export";

export interface ShareLinks {
  permalink: string;
  embedLive: string;
  embedPinned: string | null;
  /** Why no pinned embed code is offered (its snapshot would be one too many for this reader now); null otherwise. */
  pinnedNote: string | null;
  downloads: { label: string; href: string; download: boolean }[];
  citation: { text: string; bibtex: string; csl: string };
  /** og:image: the chart PNG at social-card size. */
  cardImage: string;
  words: Record<"title" | "permalink" | "embedLive" | "embedPinned" | "copy" | "copied" | "downloads" | "cite" | "citeText", string>;
}

/**
 * `pinnedPath`: the pinned view's path and query (lib/exports/view-request.ts), or null;
 * `pinnedRefused`: it is null because the reader's snapshot bound refused a new one.
 */
export function shareLinks(data: ViewData, o: { origin: string; lang: Lang; permalink: string; pinnedPath: string | null; pinnedRefused?: boolean; now: Date }): ShareLinks {
  const t = translator(o.lang);
  const path = viewPath(data.view);
  const extra = { lang: o.lang === "en" ? undefined : o.lang };
  const file = (name: string, more: Record<string, string | undefined> = {}) => `${o.origin}${path}/${name}${viewQuery(data.view, { ...extra, ...more })}`;
  const title = `${chartTitle(data, o.lang)}, ${chartSubtitle(data, o.lang)}`;
  const cite = { title, permalink: o.permalink, dataVersion: dataVersion(data), accessed: o.now, words: { dataset: t("kit.cite.dataset"), dataVersion: t("kit.cite.dataVersion"), retrieved: t("kit.cite.retrieved"), accessedText: `${formatDay(o.lang, o.now)} (UTC)` } };
  const pinned = o.pinnedPath ? `${o.origin}/embed${o.pinnedPath}${o.lang === "en" ? "" : `&lang=${o.lang}`}` : null;
  return {
    permalink: o.permalink,
    embedLive: embedCode({ src: `${o.origin}/embed${path}${viewQuery(data.view, extra)}`, title }),
    embedPinned: pinned ? embedCode({ src: pinned, title }) : null,
    pinnedNote: !pinned && o.pinnedRefused ? t("kit.share.pinnedLater") : null,
    downloads: [
      { label: "PNG", href: file("chart.png"), download: true },
      { label: "PNG 2x", href: file("chart.png", { scale: "2" }), download: true },
      { label: "SVG", href: file("chart.svg"), download: true },
      { label: "CSV", href: file("data.csv"), download: true },
      { label: "JSON", href: file("data.json"), download: true },
    ],
    citation: { text: plainCitation(cite), bibtex: bibtexCitation(cite), csl: JSON.stringify(cslCitation(cite), null, 2) },
    cardImage: file("chart.png", { w: "1200" }),
    words: {
      title: t("kit.share.title"),
      permalink: t("kit.share.permalink"),
      embedLive: t("kit.share.embedLive"),
      embedPinned: t("kit.share.embedPinned"),
      copy: t("kit.share.copy"),
      copied: t("kit.share.copied"),
      downloads: t("kit.share.downloads"),
      cite: t("kit.share.cite"),
      citeText: t("kit.share.citeText"),
    },
  };
}
