// Checks a feed against its specification's required parts: RSS 2.0 (channel title, link,
// description; every item a title or description; RFC 822 dates) and JSON Feed 1.1
// (version, title, items; every item a string id and content_html or content_text; RFC 3339
// dates; extension keys start with "_"). Returns the problems found (empty: valid).
import { XMLParser, XMLValidator } from "fast-xml-parser";

const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface RssItem {
  title?: string;
  link?: string;
  description?: string;
  guid?: { "#text": string } | string;
  pubDate?: string;
  category?: string | string[];
}

export function parseRss(xml: string): { problems: string[]; channel: Record<string, unknown>; items: RssItem[] } {
  const problems: string[] = [];
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { problems: [`not well-formed XML: ${JSON.stringify(valid)}`], channel: {}, items: [] };
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "item" || name === "category" }).parse(xml);
  if (doc.rss?.["@_version"] !== "2.0") problems.push("root is not <rss version=\"2.0\">");
  const channel = doc.rss?.channel ?? {};
  for (const f of ["title", "link", "description"]) if (typeof channel[f] !== "string" || !channel[f]) problems.push(`channel has no ${f}`);
  const items: RssItem[] = channel.item ?? [];
  items.forEach((it, n) => {
    if (!it.title && !it.description) problems.push(`item ${n} has neither title nor description`);
    if (it.pubDate !== undefined && !RFC822.test(it.pubDate)) problems.push(`item ${n} pubDate "${it.pubDate}" is not RFC 822`);
    if (it.link !== undefined && !/^https?:\/\//.test(it.link)) problems.push(`item ${n} link is not absolute`);
  });
  return { problems, channel, items };
}

export function jsonFeedProblems(feed: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (feed.version !== "https://jsonfeed.org/version/1.1") problems.push("version is not https://jsonfeed.org/version/1.1");
  if (typeof feed.title !== "string" || !feed.title) problems.push("title missing");
  if (!Array.isArray(feed.items)) return [...problems, "items is not an array"];
  for (const k of ["home_page_url", "feed_url"]) if (feed[k] !== undefined && !/^https?:\/\//.test(String(feed[k]))) problems.push(`${k} is not a URL`);
  const ids = new Set<string>();
  (feed.items as Record<string, unknown>[]).forEach((it, n) => {
    if (typeof it.id !== "string" || !it.id) problems.push(`item ${n} id is not a non-empty string`);
    if (ids.has(String(it.id))) problems.push(`item ${n} id repeats`);
    ids.add(String(it.id));
    if (typeof it.content_html !== "string" && typeof it.content_text !== "string") problems.push(`item ${n} has neither content_html nor content_text`);
    for (const d of ["date_published", "date_modified"]) if (it[d] !== undefined && !RFC3339.test(String(it[d]))) problems.push(`item ${n} ${d} is not RFC 3339`);
    for (const k of Object.keys(it))
      if (!["id", "url", "external_url", "title", "content_html", "content_text", "summary", "image", "banner_image", "date_published", "date_modified", "authors", "tags", "language", "attachments"].includes(k) && !k.startsWith("_"))
        problems.push(`item ${n} has unknown key ${k} (extensions start with _)`);
  });
  return problems;
}
