// GET /events/feed.xml (RSS 2.0) and /events/feed.json (JSON Feed 1.1): an item per event
// opening and per ending, newest first. Parameters: service, country, lang (en, ru; else
// Accept-Language). Unknown or bad parameters are a 400 naming them.
import { z } from "zod";
import { countryParam, serviceParam } from "@/lib/api/params";
import { invalidRequest, queryIssues, serve, zodQuery } from "@/lib/http";
import { cachedResponse } from "@/lib/cache/http";
import { eventDescriber, feedTitle } from "@/lib/feeds/describe";
import { feedItems, jsonFeed, rssFeed } from "@/lib/feeds/feed";
import { resolveLang, translator } from "@/lib/i18n";
import { getStore, timed } from "@/lib/server/store";
import { listEvents } from "@/lib/store/queries/events";
import { publicOrigin } from "../api/v1/probes/_lib/install";

/** Events read per feed: the newest openings (and their endings) are what a reader polls for. */
export const FEED_EVENTS = 100;

const parseFeedQuery = zodQuery(
  z.strictObject({ service: serviceParam.optional(), country: countryParam.optional(), lang: z.enum(["en", "ru"], { error: () => "expected en or ru" }).optional() }),
);

export function feedGet(format: "rss" | "json", request: Request): Promise<Response> {
  const route = format === "rss" ? "/events/feed.xml" : "/events/feed.json";
  return serve(route, request, async () => {
    const parsed = parseFeedQuery(new URL(request.url).searchParams);
    if (!parsed.ok) throw invalidRequest(queryIssues(parsed.issues));
    const r = { data: parsed.value };
    const { service, country } = r.data;
    const lang = resolveLang({ query: r.data.lang, acceptLanguage: request.headers.get("accept-language") });
    const store = await getStore();
    const events = await timed(() => listEvents(store, { service, country, limit: FEED_EVENTS }));
    const origin = publicOrigin(request);
    const items = feedItems(events, { siteUrl: origin, describe: eventDescriber(lang), limit: 2 * FEED_EVENTS, lang });
    const query = new URLSearchParams(Object.entries({ service, country, lang: r.data.lang }).filter((e): e is [string, string] => e[1] !== undefined));
    const qs = query.toString() ? `?${query}` : "";
    const meta = {
      title: feedTitle(lang, { service, country }),
      description: translator(lang)("kit.feed.description"),
      homeUrl: `${origin}/events${qs}`,
      feedUrl: `${origin}${route}${qs}`,
      lang,
    };
    return cachedResponse(request, {
      body: format === "rss" ? rssFeed(items, meta) : JSON.stringify(jsonFeed(items, meta)),
      contentType: format === "rss" ? "application/rss+xml; charset=utf-8" : "application/feed+json; charset=utf-8",
      kind: "feed",
      lastModified: items[0]?.date ?? null,
      headers: { "access-control-allow-origin": "*" },
    });
  });
}
