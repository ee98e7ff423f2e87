// GET /embed/{cc}/{service}[/as{asn}]: one chart with minimal chrome, for iframes on any
// site (live, or pinned with v=). Served as a route handler so it carries the kit's cache
// policy and validators like the images do.
import { errorResponse, internalError } from "@/lib/api/respond";
import { cachedResponse } from "@/lib/cache/http";
import { chartTitle, viewChartSpec } from "@/lib/chart-image/view-chart";
import { embedHtml } from "@/lib/exports/embed-page";
import { eventChartView } from "@/lib/exports/event-view";
import { dataVersion } from "@/lib/exports/view-export";
import { loadKitData, parseKitRequest, viewPermalink, type KitData, type KitRequest } from "@/lib/exports/view-request";
import { loadViewData, viewDataExtent } from "@/lib/explorer/view-data";
import { viewPath } from "@/lib/explorer/view";
import type { EventRow } from "@/lib/api/event-view";
import { eventById } from "@/lib/store/queries/events";
import { translator } from "@/lib/i18n";
import { countRequest } from "@/lib/metrics";
import { getStore, timed } from "@/lib/server/store";
import { publicOrigin } from "../api/v1/probes/_lib/install";

const ROUTE = "/embed/{cc}/{service}";

export async function embedGet(request: Request, p: { cc: string; service: string; network?: string }): Promise<Response> {
  const url = new URL(request.url);
  const parsed = parseKitRequest([p.cc, p.service, ...(p.network ? [p.network] : [])], url, request.headers);
  if (!parsed.ok) return errorResponse(ROUTE, parsed.status, parsed.error);
  const req = parsed.value;
  try {
    const store = await getStore();
    const loaded = await timed(() => loadKitData(store, req));
    if (!loaded) return errorResponse(ROUTE, 404, `v: no chart with data version ${req.version} for this view`);
    return embedResponse(request, req, loaded, null);
  } catch (error) {
    return internalError(ROUTE, error);
  }
}

function embedResponse(request: Request, req: KitRequest, loaded: KitData, event: EventRow | null): Response {
  if (!loaded.data.window) return errorResponse(ROUTE, 404, "this view has no data");
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
  countRequest(ROUTE, 200);
  return cachedResponse(request, {
    body: html,
    contentType: "text/html; charset=utf-8",
    kind: loaded.pinned ? "pinned" : "live",
    headers: { "x-data-version": loaded.version },
  });
}

/** /embed/events/{id}: the event's service and place around its dates; theme and lang as for views. */
export async function eventEmbedGet(request: Request, id: string): Promise<Response> {
  const route = "/embed/events/{id}";
  if (!/^[A-Za-z0-9:._-]{1,200}$/.test(id)) return errorResponse(route, 404, "no event with this id");
  try {
    const store = await getStore();
    const event = await timed(() => eventById(store, id));
    if (!event) return errorResponse(route, 404, "no event with this id");
    const now = new Date();
    const extent = event.ended_at ? null : await timed(() => viewDataExtent(store, eventChartView(event, now)));
    const view = eventChartView(event, now, extent?.to ?? null);
    const url = new URL(request.url);
    const segments = viewPath(view).split("/").filter(Boolean);
    const query = new URL(`${url.origin}${viewPath(view)}?from=${view.from}&to=${view.to}&grain=${view.grain}`);
    for (const k of ["theme", "lang"]) if (url.searchParams.has(k)) query.searchParams.set(k, url.searchParams.get(k)!);
    const parsed = parseKitRequest(segments, query, request.headers);
    if (!parsed.ok) return errorResponse(route, parsed.status, parsed.error);
    const data = await timed(() => loadViewData(store, parsed.value.view));
    return embedResponse(request, parsed.value, { data, version: dataVersion(data), pinned: false }, event);
  } catch (error) {
    return internalError(route, error);
  }
}
