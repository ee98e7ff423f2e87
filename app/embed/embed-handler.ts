// GET /embed/{cc}/{service}[/as{asn}]: one chart with minimal chrome, for iframes on any
// site (live, or pinned with v=). Served as a route handler so it carries the kit's cache
// policy and validators like the images do.
import { HttpError, ownQuery, route } from "@/lib/http";
import { cachedResponse } from "@/lib/cache/http";
import { chartTitle, viewChartSpec } from "@/lib/chart-image/view-chart";
import { embedHtml } from "@/lib/exports/embed-page";
import { loadKitData, parseKitRequest, viewPermalink } from "@/lib/exports/view-request";
import { translator } from "@/lib/i18n";
import { publicOrigin } from "../api/v1/probes/_lib/install";

const ROUTE = "/embed/{cc}/{service}";

type Params = { cc: string; service: string; network?: string };

const handler = route<URLSearchParams, Params>(ROUTE, { query: ownQuery }, async ({ request, url, params: p, store, timed }) => {
  const parsed = parseKitRequest([p.cc, p.service, ...(p.network ? [p.network] : [])], url, request.headers);
  if (!parsed.ok) throw new HttpError(parsed.status, parsed.error);
  const req = parsed.value;
  const db = await store();
  const loaded = await timed(() => loadKitData(db, req));
  if (!loaded) throw new HttpError(404, `v: no chart with data version ${req.version} for this view`);
  if (!loaded.data.window) throw new HttpError(404, "this view has no data");
  const link = viewPermalink(publicOrigin(request), loaded.data, req.lang);
  const common = { lang: req.lang, theme: "css" as const, permalink: link, pinnedVersion: loaded.pinned ? loaded.version : null };
  const html = embedHtml({
    lang: req.lang,
    theme: req.theme,
    title: chartTitle(loaded.data, req.lang),
    wide: viewChartSpec(loaded.data, { ...common, width: 900, idPrefix: "w-" }),
    narrow: viewChartSpec(loaded.data, { ...common, width: 420, idPrefix: "n-" }),
    link: { href: link, text: translator(req.lang)("kit.embed.fullView") },
  });
  return cachedResponse(request, {
    body: html,
    contentType: "text/html; charset=utf-8",
    kind: loaded.pinned ? "pinned" : "live",
    headers: { "x-data-version": loaded.version },
  });
});

export function embedGet(request: Request, params: Params): Promise<Response> {
  return handler(request, { params: Promise.resolve(params) });
}
