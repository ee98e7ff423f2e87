// GET /embed/{cc}/{service}[/as{asn}] and /embed/events/{id}: one chart with minimal
// chrome, for iframes on any site (live, or pinned with v=). Served as route handlers so
// they carry the kit's cache policy and validators like the images do.
import { HttpError, ownQuery, route } from "@/lib/http";
import { cachedResponse } from "@/lib/cache/http";
import { chartTitle, viewChartSpec } from "@/lib/chart-image/view-chart";
import { embedHtml } from "@/lib/exports/embed-page";
import { dataVersion } from "@/lib/exports/view-export";
import { loadKitData, parseKitRequest, viewPermalink, type KitData, type KitRequest } from "@/lib/exports/view-request";
import { getEvent, eventWindowView } from "@/lib/explorer/event-data";
import { loadViewData } from "@/lib/explorer/view-data";
import { viewPath } from "@/lib/explorer/view";
import type { EventRow } from "@/lib/query/events";
import { translator } from "@/lib/i18n";
import { publicOrigin } from "../api/v1/probes/_lib/install";

const ROUTE = "/embed/{cc}/{service}";
const EVENT_ROUTE = "/embed/events/{id}";

type Params = { cc: string; service: string; network?: string };

function embedResponse(request: Request, req: KitRequest, loaded: KitData, event: EventRow | null): Response {
  if (!loaded.data.window) throw new HttpError(404, "this view has no data");
  const origin = publicOrigin(request);
  const t = translator(req.lang);
  const link = event ? `${origin}/events/${encodeURIComponent(event.id)}${req.lang === "en" ? "" : `?lang=${req.lang}`}` : viewPermalink(origin, loaded.data, req.lang);
  const title = event ? t("kit.embed.event", { title: chartTitle(loaded.data, req.lang) }) : chartTitle(loaded.data, req.lang);
  const common = { lang: req.lang, theme: "css" as const, permalink: link, pinnedVersion: loaded.pinned ? loaded.version : null, events: event ? [event] : undefined };
  const html = embedHtml({
    lang: req.lang,
    theme: req.theme,
    title,
    wide: viewChartSpec(loaded.data, { ...common, width: 900, idPrefix: "w-" }),
    narrow: viewChartSpec(loaded.data, { ...common, width: 420, idPrefix: "n-" }),
    link: { href: link, text: t("kit.embed.fullView") },
  });
  return cachedResponse(request, {
    body: html,
    contentType: "text/html; charset=utf-8",
    kind: loaded.pinned ? "pinned" : "live",
    headers: { "x-data-version": loaded.version },
  });
}

const handler = route<URLSearchParams, Params>(ROUTE, { query: ownQuery }, async ({ request, url, params: p, readStore, timed }) => {
  const parsed = parseKitRequest([p.cc, p.service, ...(p.network ? [p.network] : [])], url, request.headers);
  if (!parsed.ok) throw new HttpError(parsed.status, parsed.error);
  const req = parsed.value;
  const db = await readStore();
  const loaded = await timed(() => loadKitData(db, req));
  if (!loaded) throw new HttpError(404, `v: no chart with data version ${req.version} for this view`);
  return embedResponse(request, req, loaded, null);
});

export function embedGet(request: Request, params: Params): Promise<Response> {
  return handler(request, { params: Promise.resolve(params) });
}

/** The event's service and place around its dates, as its page shows them; theme and lang as for views. */
const eventHandler = route<URLSearchParams, { id: string }>(EVENT_ROUTE, { query: ownQuery }, async ({ request, url, params, readStore, timed }) => {
  const id = params.id;
  if (!/^[A-Za-z0-9:._-]{1,200}$/.test(id)) throw new HttpError(404, "no event with this id");
  const db = await readStore();
  const event = await timed(() => getEvent(db, id));
  if (!event) throw new HttpError(404, "no event with this id");
  const view = eventWindowView(event); // the window the event's page charts
  const query = new URL(`${url.origin}${viewPath(view)}?from=${view.from}&to=${view.to}&grain=${view.grain}`);
  for (const k of ["theme", "lang"]) if (url.searchParams.has(k)) query.searchParams.set(k, url.searchParams.get(k)!);
  const parsed = parseKitRequest(viewPath(view).split("/").filter(Boolean), query, request.headers);
  if (!parsed.ok) throw new HttpError(parsed.status, parsed.error);
  const data = await timed(() => loadViewData(db, parsed.value.view));
  return embedResponse(request, parsed.value, { data, version: dataVersion(data), pinned: false }, event);
});

export function eventEmbedGet(request: Request, id: string): Promise<Response> {
  return eventHandler(request, { params: Promise.resolve({ id }) });
}
