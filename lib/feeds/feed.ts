// Event feeds (pure): one item per event opening and one per event ending, newest first,
// as RSS 2.0 and JSON Feed 1.1. Item ids are the event id (stable across detection
// re-runs, lib/detect/event-id.ts) plus the kind, so a reader never sees an item twice.
import type { EventRow } from "../query/events";
import { xmlEscape } from "../chart-image/svg";

export type FeedItemKind = "opened" | "ended";

export interface FeedItem {
  id: string;
  kind: FeedItemKind;
  eventId: string;
  date: Date;
  title: string;
  text: string;
  url: string;
  tags: string[];
}

export interface FeedMeta {
  title: string;
  description: string;
  /** The page a reader lands on (the events list with the same filter). */
  homeUrl: string;
  /** This feed's own URL. */
  feedUrl: string;
  lang: string;
}

/** How an item reads, in the reader's language (lib/feeds/words.ts). */
export type DescribeEvent = (e: EventRow, kind: FeedItemKind) => { title: string; text: string };

export function feedItems(events: EventRow[], o: { siteUrl: string; describe: DescribeEvent; limit: number; lang: string }): FeedItem[] {
  const items: FeedItem[] = [];
  for (const e of events) {
    const url = `${o.siteUrl}/events/${encodeURIComponent(e.id)}${o.lang === "en" ? "" : `?lang=${o.lang}`}`;
    const tags = [e.service, e.country, e.kind, ...(e.technique ? [e.technique] : []), ...e.asns.map((a) => `AS${a}`)];
    items.push({ id: `${e.id}:opened`, kind: "opened", eventId: e.id, date: e.started_at, url, tags, ...o.describe(e, "opened") });
    if (e.ended_at) items.push({ id: `${e.id}:ended`, kind: "ended", eventId: e.id, date: e.ended_at, url, tags, ...o.describe(e, "ended") });
  }
  items.sort((a, b) => b.date.getTime() - a.date.getTime() || (a.id < b.id ? -1 : 1));
  return items.slice(0, o.limit);
}

/** RSS 2.0 (with the Atom self link feed validators ask for). */
export function rssFeed(items: FeedItem[], meta: FeedMeta): string {
  const updated = items[0]?.date ?? new Date(0);
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">`,
    `<channel>`,
    `<title>${xmlEscape(meta.title)}</title>`,
    `<link>${xmlEscape(meta.homeUrl)}</link>`,
    `<description>${xmlEscape(meta.description)}</description>`,
    `<language>${xmlEscape(meta.lang)}</language>`,
    `<lastBuildDate>${updated.toUTCString()}</lastBuildDate>`,
    `<atom:link href="${xmlEscape(meta.feedUrl)}" rel="self" type="application/rss+xml"/>`,
    `<generator>Vantage</generator>`,
  ];
  for (const i of items) {
    out.push(
      `<item>`,
      `<title>${xmlEscape(i.title)}</title>`,
      `<link>${xmlEscape(i.url)}</link>`,
      `<description>${xmlEscape(i.text)}</description>`,
      `<guid isPermaLink="false">${xmlEscape(i.id)}</guid>`,
      `<pubDate>${i.date.toUTCString()}</pubDate>`,
      ...i.tags.map((t) => `<category>${xmlEscape(t)}</category>`),
      `</item>`,
    );
  }
  out.push(`</channel>`, `</rss>`);
  return out.join("\n");
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function jsonFeed(items: FeedItem[], meta: FeedMeta): object {
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: meta.title,
    home_page_url: meta.homeUrl,
    feed_url: meta.feedUrl,
    description: meta.description,
    language: meta.lang,
    authors: [{ name: "Vantage" }],
    items: items.map((i) => ({
      id: i.id,
      url: i.url,
      title: i.title,
      content_text: i.text,
      date_published: i.date.toISOString(),
      tags: i.tags,
      _vantage: { event_id: i.eventId, kind: i.kind },
    })),
  };
}
