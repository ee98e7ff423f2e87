// HTTP caching for traffic spikes (an embed on a newspaper's front page): one Cache-Control
// policy per kind of answer, chosen by how often its data change, and validators (ETag,
// Last-Modified) answered with 304. Pinned embeds and images name a fixed range and data
// version, so they are immutable. `s-maxage` lets a shared cache (CDN, proxy) hold an
// answer longer than browsers do; `stale-while-revalidate` lets it answer at once while it
// fetches the new one.
import { createHash } from "node:crypto";

export type CacheKind =
  /** Live charts, embeds, images and data files: detection runs each minute, rollups follow uploads. */
  | "live"
  /** Pinned charts: fixed `to` and data version; never change. */
  | "pinned"
  /** Event feeds: new items appear when detection opens or closes an event. */
  | "feed"
  /** The public read API. */
  | "api"
  /** Social card images: a day-old card is fine. */
  | "card";

const POLICIES: Record<CacheKind, string> = {
  live: "public, max-age=60, s-maxage=300, stale-while-revalidate=600",
  pinned: "public, max-age=31536000, s-maxage=31536000, immutable",
  feed: "public, max-age=300, s-maxage=300, stale-while-revalidate=900",
  api: "public, max-age=30, s-maxage=60, stale-while-revalidate=300",
  card: "public, max-age=3600, s-maxage=86400, stale-while-revalidate=86400",
};

export function cacheControl(kind: CacheKind): string {
  return POLICIES[kind];
}

/** A strong validator: the hash of the exact bytes sent. */
export function etagOf(body: string | Uint8Array): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/**
 * Whether the client's copy is current (RFC 9110 13.1): If-None-Match wins when present
 * (weak comparison, lists and `*`); otherwise If-Modified-Since against Last-Modified at
 * one-second resolution.
 */
export function isNotModified(request: Pick<Headers, "get">, etag: string, lastModified: Date | null): boolean {
  const inm = request.get("if-none-match");
  if (inm !== null) {
    const bare = etag.replace(/^W\//, "");
    return inm.trim() === "*" || inm.split(",").some((t) => t.trim().replace(/^W\//, "") === bare);
  }
  const ims = request.get("if-modified-since");
  if (ims && lastModified) {
    const since = Date.parse(ims);
    return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

export interface CachedBody {
  body: string | Uint8Array;
  contentType: string;
  kind: CacheKind;
  lastModified?: Date | null;
  headers?: Record<string, string>;
}

/** The answer with its validators and policy, or 304 with the same headers when the client's copy is current. */
export function cachedResponse(request: Request, a: CachedBody): Response {
  const etag = etagOf(a.body);
  const headers = new Headers(a.headers);
  headers.set("cache-control", cacheControl(a.kind));
  headers.set("etag", etag);
  if (a.lastModified) headers.set("last-modified", a.lastModified.toUTCString());
  // The language can come from Accept-Language: caches must key on it.
  headers.append("vary", "Accept-Language");
  if (isNotModified(request.headers, etag, a.lastModified ?? null)) return new Response(null, { status: 304, headers });
  headers.set("content-type", a.contentType);
  const bytes = typeof a.body === "string" ? a.body : new Uint8Array(a.body);
  return new Response(bytes as BodyInit, { status: 200, headers });
}
