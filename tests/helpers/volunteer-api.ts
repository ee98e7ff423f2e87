// The volunteer API's route handlers, callable directly with web Requests, and a real
// HTTP server on 127.0.0.1 that wraps them (for the probe daemon's tests).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import * as accounts from "../../app/api/v1/probes/accounts/route";
import * as probes from "../../app/api/v1/probes/route";
import * as enroll from "../../app/api/v1/probes/enroll/route";
import * as config from "../../app/api/v1/probes/me/config/route";
import * as heartbeat from "../../app/api/v1/probes/me/heartbeat/route";
import * as probe from "../../app/api/v1/probes/[id]/route";
import * as revoke from "../../app/api/v1/probes/[id]/revoke/route";
import * as measurements from "../../app/api/v1/measurements/route";
import * as notifyOffline from "../../app/api/v1/probes/notify-offline/route";
import * as bundle from "../../app/api/v1/probes/bundle/route";
import * as reference from "../../app/api/v1/probes/[id]/reference/route";
import * as events from "../../app/api/v1/events/route";
import * as detectorState from "../../app/api/v1/detector-state/route";
import * as health from "../../app/api/health/route";
import * as metrics from "../../app/metrics/route";
import * as aggregation from "../../app/api/v1/aggregation/route";
import * as measurement from "../../app/api/v1/measurements/[id]/route";
import * as dumps from "../../app/api/v1/dumps/[file]/route";

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

const ROUTES: { method: string; pattern: RegExp; handler: Handler }[] = [
  { method: "POST", pattern: /^\/api\/v1\/probes\/accounts$/, handler: accounts.POST },
  { method: "POST", pattern: /^\/api\/v1\/probes$/, handler: probes.POST },
  { method: "GET", pattern: /^\/api\/v1\/probes$/, handler: probes.GET },
  { method: "POST", pattern: /^\/api\/v1\/probes\/enroll$/, handler: enroll.POST },
  { method: "GET", pattern: /^\/api\/v1\/probes\/bundle$/, handler: bundle.GET },
  { method: "POST", pattern: /^\/api\/v1\/probes\/notify-offline$/, handler: notifyOffline.POST },
  { method: "GET", pattern: /^\/api\/v1\/probes\/me\/config$/, handler: config.GET },
  { method: "POST", pattern: /^\/api\/v1\/probes\/me\/heartbeat$/, handler: heartbeat.POST },
  { method: "POST", pattern: /^\/api\/v1\/probes\/(?<id>[^/]+)\/revoke$/, handler: revoke.POST },
  { method: "POST", pattern: /^\/api\/v1\/probes\/(?<id>[^/]+)\/reference$/, handler: reference.POST },
  { method: "POST", pattern: /^\/api\/v1\/probes\/(?<id>[^/]+)$/, handler: probe.POST },
  { method: "DELETE", pattern: /^\/api\/v1\/probes\/(?<id>[^/]+)$/, handler: probe.DELETE },
  { method: "POST", pattern: /^\/api\/v1\/measurements$/, handler: measurements.POST },
  { method: "GET", pattern: /^\/api\/v1\/measurements$/, handler: measurements.GET },
  { method: "GET", pattern: /^\/api\/v1\/measurements\/(?<id>[^/]+)$/, handler: measurement.GET },
  { method: "GET", pattern: /^\/api\/v1\/aggregation$/, handler: aggregation.GET },
  { method: "GET", pattern: /^\/api\/v1\/dumps\/(?<id>[^/]+)$/, handler: (request, context) => dumps.GET(request, { params: context.params.then(({ id }) => ({ file: id })) }) },
  { method: "GET", pattern: /^\/api\/v1\/events$/, handler: events.GET },
  { method: "GET", pattern: /^\/api\/v1\/detector-state$/, handler: detectorState.GET },
  { method: "GET", pattern: /^\/api\/health$/, handler: health.GET },
  { method: "GET", pattern: /^\/metrics$/, handler: (request) => metrics.GET(request) },
];

/** Sends one request to the matching route handler, as Next.js would. */
export async function callApi(request: Request): Promise<Response> {
  const url = new URL(request.url);
  for (const r of ROUTES) {
    const m = r.method === request.method ? r.pattern.exec(url.pathname) : null;
    if (m) return r.handler(request, { params: Promise.resolve({ id: decodeURIComponent(m.groups?.id ?? "") }) });
  }
  return Response.json({ error: "not found", issues: [] }, { status: 404 });
}

export const ORIGIN = "http://vantage.test";

export interface CallOptions {
  auth?: string;
  body?: unknown;
  /** Raw body text, sent as is. */
  raw?: string;
  /** The socket peer's address (default: a fresh client per call, each in its own /24); null: a request no server stamped. */
  from?: string | null;
  headers?: Record<string, string>;
}

let clients = 0;
/** 198.18.0.0/15 (RFC 2544 benchmarking): a new /24 per call, so per-address limits stay out of the way. */
function freshClient(): string {
  const n = clients++;
  return `198.${18 + ((n >> 8) & 1)}.${n & 255}.1`;
}

export async function api(method: string, path: string, options: CallOptions = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const headers = new Headers(options.headers);
  // The harness plays Vantage's HTTP server: it stamps the socket peer (null: none).
  stampPeer(headers, options.from === null ? undefined : (options.from ?? freshClient()));
  if (options.auth) headers.set("authorization", `Bearer ${options.auth}`);
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers.set("content-type", "application/json");
  const response = await callApi(new Request(ORIGIN + path, { method, headers, body }));
  const type = response.headers.get("content-type") ?? "";
  if (type.startsWith("application/gzip")) return { status: response.status, body: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  const text = await response.text();
  // JSON answers parsed; anything else (CSV, HTML) as its text.
  return { status: response.status, body: text ? (type.includes("json") ? JSON.parse(text) : text) : null, headers: response.headers };
}

/** A real HTTP server on 127.0.0.1 in front of the route handlers; `stop` closes it (for fault tests). */
export async function startApiServer(port = 0): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    try {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      stampPeer(headers, req.socket.remoteAddress);
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        duplex: "half",
      } as RequestInit);
      const response = await callApi(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: (error as Error).message, issues: [] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import type { Store } from "../../lib/store/open";
import { stampPeer } from "../../lib/net/peer";

const CHECKED_TABLES = ["measurements", "target_results", "measurement_ids", "hourly_rollups", "probe_hours", "daily_rollups", "probe_days"];

/**
 * One digest per measurement table (row count and an order-independent sum of row hashes):
 * equal before and after means nothing was written.
 */
export async function tableChecksums(store: Store): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of CHECKED_TABLES) {
    const [row] = await store.prisma.$queryRawUnsafe<{ sum: string | null; n: bigint }[]>(
      `SELECT coalesce(sum(hashtext(t::text)::numeric), 0)::text AS sum, count(*) AS n FROM ${table} t`,
    );
    out[table] = `${row.n}:${row.sum}`;
  }
  return out;
}

/** Every row of every public table as text: for proving an address appears nowhere. */
export async function dumpAllTables(store: Store): Promise<string> {
  const tables = await store.prisma.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
  );
  let dump = "";
  for (const { tablename } of tables) {
    const rows = await store.prisma.$queryRawUnsafe<{ t: string }[]>(`SELECT t::text AS t FROM "${tablename}" t`);
    dump += rows.map((r) => r.t).join("\n") + "\n";
  }
  return dump;
}
