// Feed items and titles in the reader's language (lib/i18n), with service, technique and
// kind names from the one labels module (lib/present/labels.ts). Times in UTC.
import type { EventRow } from "../query/events";
import { formatDateTime, formatDuration, translator, type Lang } from "../i18n";
import { countryLabel, serviceLabel, techniqueLabel } from "../present/labels";
import type { DescribeEvent, FeedItemKind } from "./feed";

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function eventDescriber(lang: Lang): DescribeEvent {
  const t = translator(lang);
  return (e: EventRow, kind: FeedItemKind) => {
    const vars = {
      service: serviceLabel(lang, e.service),
      kind: t(e.kind === "outage" ? "kit.kind.outage" : "kit.kind.block"),
      place: countryLabel(lang, e.country),
    };
    const title = t(kind === "opened" ? "kit.event.opened" : "kit.event.ended", vars);
    const text =
      capital(
        t("kit.event.text", {
          ...vars,
          networks: e.asns.map((a) => `AS${a}`).join(", ") || e.scope,
          technique: e.technique ? techniqueLabel(lang, e.technique) : t("kit.technique.none"),
          start: formatDateTime(lang, e.started_at),
          onsetFrom: formatDateTime(lang, e.onset_from),
          onsetTo: formatDateTime(lang, e.onset_to),
        }),
      ) +
      (e.ended_at
        ? t("kit.event.textEnded", { end: formatDateTime(lang, e.ended_at), duration: formatDuration(lang, e.ended_at.getTime() - e.started_at.getTime()) })
        : t("kit.event.textOngoing"));
    return { title, text };
  };
}

/** "Vantage: messenger blocking events (WhatsApp, Russia)". */
export function feedTitle(lang: Lang, filter: { service?: string; country?: string }): string {
  const t = translator(lang);
  const parts = [filter.service && serviceLabel(lang, filter.service), filter.country && countryLabel(lang, filter.country)].filter(Boolean);
  return parts.length ? t("kit.feed.titleFiltered", { filter: parts.join(", ") }) : t("kit.feed.title");
}
