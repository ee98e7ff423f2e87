// Event feeds: an item per opening and per ending, newest first, valid RSS 2.0 and JSON Feed 1.1.
import { describe, expect, it } from "vitest";
import type { EventRow } from "../../lib/query/events";
import { feedItems, jsonFeed, rssFeed } from "../../lib/feeds/feed";
import { jsonFeedProblems, parseRss } from "../helpers/feed-validate";

function event(id: string, start: string, end: string | null, over: Partial<EventRow> = {}): EventRow {
  return {
    id, service: "whatsapp", country: "RU", kind: "block", scope: "network:RU-AS12389", asns: [12389], regions: [], technique: "tcp",
    severity: 3, started_at: new Date(start), onset_from: new Date(start), onset_to: new Date(start), ended_at: end ? new Date(end) : null,
    evidence: {}, measurement_ids: [], ...over,
  };
}

const events = [
  event("ev-a", "2026-02-10T06:00:00Z", "2026-02-11T18:00:00Z"),
  event("ev-b", "2026-02-11T12:00:00Z", null, { service: "telegram", technique: null, asns: [8359, 12389] }),
];
const describeEvent = (e: EventRow, kind: string) => ({ title: `${e.service} ${kind} <&>`, text: `event ${e.id} ${kind}` });
const meta = { title: "Vantage events", description: "Blocking events", homeUrl: "http://127.0.0.1:3000/events", feedUrl: "http://127.0.0.1:3000/events/feed.xml", lang: "en" };

describe("event feeds", () => {
  const items = feedItems(events, { siteUrl: "http://127.0.0.1:3000", describe: describeEvent, limit: 50, lang: "en" });

  it("has one item per opening and per ending, newest first, with stable ids", () => {
    expect(items.map((i) => i.id)).toEqual(["ev-a:ended", "ev-b:opened", "ev-a:opened"]);
    expect(items[0].date.toISOString()).toBe("2026-02-11T18:00:00.000Z");
    expect(items[1].tags).toEqual(["telegram", "RU", "block", "AS8359", "AS12389"]);
    expect(feedItems(events, { siteUrl: "http://x", describe: describeEvent, limit: 2, lang: "ru" }).map((i) => i.url)).toEqual([
      "http://x/events/ev-a?lang=ru",
      "http://x/events/ev-b?lang=ru",
    ]);
  });

  it("writes RSS 2.0 that parses and carries every item", () => {
    const { problems, items: parsed, channel } = parseRss(rssFeed(items, meta));
    expect(problems).toEqual([]);
    expect(channel.title).toBe("Vantage events");
    expect(parsed.map((i) => (typeof i.guid === "string" ? i.guid : i.guid!["#text"]))).toEqual(items.map((i) => i.id));
    expect(parsed[1].title).toBe("telegram opened <&>");
    expect(parsed[0].pubDate).toBe("Wed, 11 Feb 2026 18:00:00 GMT");
  });

  it("writes JSON Feed 1.1 with its required fields", () => {
    const feed = JSON.parse(JSON.stringify(jsonFeed(items, meta)));
    expect(jsonFeedProblems(feed)).toEqual([]);
    expect(feed.items).toHaveLength(3);
    expect(jsonFeedProblems({ ...feed, version: "1" , items: [{ id: 3 }] })).toHaveLength(3);
  });

  it("is valid with no events too", () => {
    expect(parseRss(rssFeed([], meta)).problems).toEqual([]);
    expect(jsonFeedProblems(JSON.parse(JSON.stringify(jsonFeed([], meta))))).toEqual([]);
  });
});
