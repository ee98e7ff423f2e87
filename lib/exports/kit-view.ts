// The kit routes' common start (downloads, chart images, view embeds): the view request of
// a path and its query, and the data it shows, live or pinned; a 4xx (HttpError) when the
// request is malformed or names a pinned version that this view never had.
import { HttpError, type RouteContext } from "../http";
import { loadKitData, parseKitRequest, type KitData, type KitRequest } from "./view-request";

type KitContext = Pick<RouteContext<URLSearchParams, unknown>, "request" | "url" | "readStore" | "timed">;

export async function loadKitView(segments: string[], { request, url, readStore, timed }: KitContext): Promise<{ req: KitRequest; loaded: KitData }> {
  const parsed = parseKitRequest(segments, url, request.headers);
  if (!parsed.ok) throw new HttpError(parsed.status, parsed.error);
  const req = parsed.value;
  const db = await readStore();
  const loaded = await timed(() => loadKitData(db, req));
  if (!loaded) throw new HttpError(404, `v: no chart with data version ${req.version} for this view`);
  return { req, loaded };
}
