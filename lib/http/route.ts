// The one edge every API route handler goes through: it parses the query (unknown or bad
// parameters are a 400 before the handler runs), hands the handler what it needs, turns
// every thrown HttpError into the one error shape (lib/http/error.ts) and anything else into
// a 500 without internals, counts the request and its duration in /metrics and logs it.
//   export const GET = route("/api/v1/events", { query: parseEventParams }, async ({ query, store }) => json(...));
// `name` is the route's OpenAPI path template, the label /metrics counts it under.
import type { z } from "zod";
import { takeReadToken } from "../api/read-guard";
import { ConfigError } from "../config";
import { observeRequest } from "../metrics";
import { getReadStore } from "../server/read-store";
import { getStore, timed } from "../server/store";
import type { Store } from "../store/open";
import { requireOperator } from "./auth";
import { readBodyText, readJson } from "./body";
import { errorResponse, HttpError, invalidRequest } from "./error";
import { log } from "./log";
import { noQuery, queryIssues, type QueryParser } from "./query";

export interface RouteContext<Q, P> {
  request: Request;
  url: URL;
  query: Q;
  /** Path parameters, as Next.js passes them (already URL-decoded). */
  params: P;
  /** The server's store (opened once per process), and a timer for its round trips. */
  store(): Promise<Store>;
  /**
   * The store for public reads that may trail the primary by up to VANTAGE_READ_MAX_LAG_S:
   * a current read replica (DATABASE_READ_URL), else the primary. Never for a read that
   * must see this client's own writes (lib/server/read-store.ts).
   */
  readStore(): Promise<Store>;
  timed: typeof timed;
  /** A JSON body checked against `schema`, at most `maxBytes` (default 16 KiB). */
  body<S extends z.ZodType>(schema: S, maxBytes?: number): Promise<z.infer<S>>;
  /** The raw body text, at most `maxBytes`. */
  text(maxBytes: number): Promise<string>;
  /** 401/403 unless the request carries the operator's token. */
  operator(): void;
}

export interface RouteOptions<Q> {
  query?: QueryParser<Q>;
  /**
   * A public read: the per-client read rate limit applies before anything else
   * (lib/api/read-guard), and `store()` is the read store (a current replica, else the primary).
   */
  publicRead?: boolean;
  /** Turns a domain error the handler lets through into an HttpError (null: not one of ours). */
  errors?: (error: unknown) => HttpError | null;
}

type Handler<Q, P> = (ctx: RouteContext<Q, P>) => Response | Promise<Response>;
type NextContext<P> = { params: Promise<P> };

export function route<Q = Record<string, never>, P extends Record<string, string> = Record<string, string>>(
  name: string,
  options: RouteOptions<Q>,
  handler: Handler<Q, P>,
): (request: Request, context?: NextContext<P>) => Promise<Response> {
  const parseQuery = (options.query ?? noQuery) as QueryParser<Q>;
  return (request, context) =>
    serve(
      name,
      request,
      async () => {
        if (options.publicRead) takeReadToken(request);
        const url = new URL(request.url);
        const parsed = parseQuery(url.searchParams);
        if (!parsed.ok) throw invalidRequest(queryIssues(parsed.issues));
        const params = ((await context?.params) ?? {}) as P;
        return handler({
          request,
          url,
          query: parsed.value,
          params,
          // A public read may trail the primary a little: a current replica serves it.
          store: options.publicRead ? getReadStore : getStore,
          readStore: getReadStore,
          timed,
          body: (schema, maxBytes) => readJson(request, schema, maxBytes),
          text: (maxBytes) => readBodyText(request, maxBytes),
          operator: () => requireOperator(request),
        });
      },
      options.errors,
    );
}

/**
 * The edge for a handler that reads its request itself (the explorer's chart, data and
 * embed routes parse the view URL contract): thrown HttpErrors become the one error shape,
 * anything else a 500 without internals; the request is counted, timed and logged.
 */
export async function serve(
  name: string,
  request: Request,
  work: () => Response | Promise<Response>,
  convert?: (error: unknown) => HttpError | null,
): Promise<Response> {
  const started = performance.now();
  let response: Response;
  try {
    response = await work();
  } catch (error) {
    response = errorResponse(asHttpError(name, request, error, convert));
  }
  const seconds = (performance.now() - started) / 1000;
  observeRequest(name, response.status, seconds);
  log("info", "request", { route: name, method: request.method, status: response.status, ms: Math.round(seconds * 1000) });
  return response;
}

function asHttpError(name: string, request: Request, error: unknown, convert?: (error: unknown) => HttpError | null): HttpError {
  if (error instanceof HttpError) return error;
  const converted = convert?.(error);
  if (converted) return converted;
  // Logged in full on the server; the client gets a short message and no internals.
  const e = error as Error;
  log("error", "request failed", { route: name, method: request.method, error: e?.name, message: e?.message, stack: e?.stack });
  const message = error instanceof ConfigError ? "the server is misconfigured; its log names the setting" : "internal error; the server log has the details";
  return new HttpError(500, message);
}

/** A JSON answer; `init` sets the status and headers (caching is each route's choice). */
export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { ...init, headers });
}

/** For answers that carry secrets or per-caller state. */
export const NO_STORE = { "cache-control": "no-store" } as const;
