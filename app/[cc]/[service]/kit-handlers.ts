// The kit's per-view downloads: data.csv, data.json, chart.svg and chart.png under any
// view path (/{cc}/{service}[/as{asn}]/...), with the view's query parameters. Thin: the
// view contract and data are the explorer's (lib/explorer), the shapes are pure
// (lib/exports, lib/chart-image), caching is lib/cache/http.ts.
import { cachedResponse } from "@/lib/cache/http";
import { rasterise } from "@/lib/chart-image/png";
import { renderChartSvg } from "@/lib/chart-image/svg";
import { chartTitle, sourceLine, viewChartSpec } from "@/lib/chart-image/view-chart";
import { HttpError, ownQuery, route, type RouteContext } from "@/lib/http";
import { exportCsv, exportMeta, exportRows } from "@/lib/exports/view-export";
import { loadKitData, parseKitRequest, viewPermalink } from "@/lib/exports/view-request";
import { publicOrigin } from "../../api/v1/probes/_lib/install";

export type KitFormat = "csv" | "json" | "svg" | "png";
type Params = { cc: string; service: string; network?: string };

const ROUTES: Record<KitFormat, string> = {
  csv: "/{cc}/{service}/data.csv",
  json: "/{cc}/{service}/data.json",
  svg: "/{cc}/{service}/chart.svg",
  png: "/{cc}/{service}/chart.png",
};

function fileName(p: Params, ext: string, from: string | undefined, to: string | undefined): string {
  const parts = ["vantage", p.cc.toLowerCase(), p.service.toLowerCase(), p.network?.toLowerCase(), from, to].filter(Boolean);
  return `${parts.join("_").replace(/[^a-z0-9_-]/g, "")}.${ext}`;
}

const HANDLERS = Object.fromEntries(
  (Object.keys(ROUTES) as KitFormat[]).map((format) => [format, route<URLSearchParams, Params>(ROUTES[format], { query: ownQuery }, (ctx) => kitBody(format, ctx))]),
) as Record<KitFormat, ReturnType<typeof route<URLSearchParams, Params>>>;

export function kitGet(format: KitFormat, request: Request, params: Promise<Params>): Promise<Response> {
  return HANDLERS[format](request, { params });
}

async function kitBody(format: KitFormat, { request, url, params: p, readStore, timed }: RouteContext<URLSearchParams, Params>): Promise<Response> {
  const parsed = parseKitRequest([p.cc, p.service, ...(p.network ? [p.network] : [])], url, request.headers);
  if (!parsed.ok) throw new HttpError(parsed.status, parsed.error);
  const req = parsed.value;
  const db = await readStore();
  const loaded = await timed(() => loadKitData(db, req));
  if (!loaded) throw new HttpError(404, `v: no chart with data version ${req.version} for this view`);
  const { data, version, pinned } = loaded;
  if (!data.window) throw new HttpError(404, "this view has no data");
  const origin = publicOrigin(request);
  const link = viewPermalink(origin, data, req.lang);
  const kind = pinned ? "pinned" : "live";
  const name = fileName(p, format === "json" ? "json" : format, data.window.fromDay, data.window.toDay);
  const disposition = { "content-disposition": `${format === "svg" || format === "png" ? "inline" : "attachment"}; filename="${name}"` };
  if (format === "csv" || format === "json") {
    const meta = exportMeta(data, { title: chartTitle(data, req.lang), permalink: link, source: sourceLine(data, req.lang), generatedAt: new Date() });
    const rows = exportRows(data);
    const body = format === "csv" ? exportCsv(meta, rows) : JSON.stringify({ meta: { ...meta, messages: req.messages }, rows });
    // generated_at changes each time; the validator covers what is shown, not when it was written.
    const validatorBody = format === "csv" ? exportCsv({ ...meta, generated_at: "" }, rows) : JSON.stringify({ ...meta, generated_at: "", rows });
    const res = cachedResponse(request, {
      body: validatorBody,
      contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      kind,
      headers: { ...disposition, link: '<https://creativecommons.org/licenses/by/4.0/>; rel="license"', "x-data-version": version },
    });
    return res.status === 304 ? res : new Response(body, { status: 200, headers: res.headers });
  }
  const theme = req.theme === "dark" ? "dark" : "light";
  const svg = renderChartSvg(viewChartSpec(data, { lang: req.lang, theme, width: req.width, permalink: link, pinnedVersion: pinned ? version : null }));
  const body = format === "svg" ? svg : rasterise(svg, req.width, req.scale);
  return cachedResponse(request, {
    body,
    contentType: format === "svg" ? "image/svg+xml; charset=utf-8" : "image/png",
    kind,
    headers: { ...disposition, "x-data-version": version, "access-control-allow-origin": "*" },
  });
}
