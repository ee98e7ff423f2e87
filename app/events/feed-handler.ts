// GET /events/feed.xml (RSS 2.0) and /events/feed.json (JSON Feed 1.1): an item per event
// opening and per ending, newest first. Parameters: service, country, lang (en, ru; else
// Accept-Language). Unknown or bad parameters are a 400 naming them.
import { z } from "zod";
import { countryParam, serviceParam } from "@/lib/api/params";
import { route, zodQuery, type RouteContext } from "@/lib/http";
import { cachedResponse } from "@/lib/cache/http";
import { eventDescriber, feedTitle } from "@/lib/feeds/describe";
import { feedItems, jsonFeed, rssFeed } from "@/lib/feeds/feed";
import { resolveLang, translator } from "@/lib/i18n";
import { listEvents } from "@/lib/store/queries/events";
import { publicOrigin } from "../api/v1/probes/_lib/install";

/** Events read per feed: the newest openings (and their endings) are what a reader polls for. */
export const FEED_EVENTS = 100;

const feedQuery = zodQuery(
  z.strictObject({ service: serviceParam.optional(), country: countryParam.optional(), lang: z.enum(["en", "ru"], { error: () => "expected en or ru" }).optional() }),
);
type FeedQuery = ReturnType<typeof feedQuery> extends infer R ? (R extends { ok: true; value: infer V } ? V : never) : never;

const ROUTES = { rss: "/events/feed.xml", json: "/events/feed.json" } as const;
const HANDLERS = {
  rss: route(ROUTES.rss, { query: feedQuery }, (ctx) => feedBody("rss", ctx)),
  json: route(ROUTES.json, { query: feedQuery }, (ctx) => feedBody("json", ctx)),
};

export function feedGet(format: "rss" | "json", request: Request): Promise<Response> {
  return HANDLERS[format](request);
}

async function feedBody(format: "rss" | "json", { request, query, store, timed }: RouteContext<FeedQuery, Record<string, string>>): Promise<Response> {
  const route = ROUTES[format];
  const { service, country } = query;
  const lang = resolveLang({ query: query.lang, acceptLanguage: request.headers.get("accept-language") });
  const db = await store();
  const events = await timed(() => listEvents(db, { service, country, limit: FEED_EVENTS }));
  const origin = publicOrigin(request);
  const items = feedItems(events, { siteUrl: origin, describe: eventDescriber(lang), limit: 2 * FEED_EVENTS, lang });
  const search = new URLSearchParams(Object.entries({ service, country, lang: query.lang }).filter((e): e is [string, string] => e[1] !== undefined));
  const qs = search.toString() ? `?${search}` : "";
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
}
