// http: one request on the connection the earlier stages opened. Records status, bytes,
// time to first byte, the media type, what the body looks like (its kind, sniffed from its
// first bytes) and a block-page fingerprint id. The body is read into a bounded window for
// matching and dropped; it never leaves this function.
import http from "node:http";
import type net from "node:net";
import type { BodyKind, Failure } from "../../lib/measurement/vocabulary";
import { mediaType, sniffBodyKind } from "../../lib/verdict/profile";
import { classifyNetworkError, STAGE_EOF, STAGE_TIMEOUT, stageError } from "../failures";
import { FINGERPRINT_WINDOW_BYTES, matchBlockPage } from "../fingerprints";
import { deadline, elapsed, now, type Stage } from "./stage";

export interface HttpInput {
  socket: net.Socket;
  method: "GET" | "POST" | "HEAD";
  url: string;
  headers?: Record<string, string>;
}

export interface HttpResult {
  method: "GET" | "POST" | "HEAD";
  url: string;
  status: number | null;
  bytes: number;
  ttfb_ms: number | null;
  t_ms: number | null;
  failure: Failure | null;
  fingerprint: string | null;
  content_type: string | null;
  body_kind: BodyKind | null;
}

/**
 * Body bytes read at most: the fingerprint window. Block pages and mid-body resets show in
 * the first kilobytes; reading more would only spend a volunteer's data. `bytes` never
 * exceeds it.
 */
export const MAX_BODY_BYTES = FINGERPRINT_WINDOW_BYTES;

/** A browser-like, anonymous request: no cookies, no identifiers. */
export const DEFAULT_HEADERS: Record<string, string> = {
  "user-agent": "Mozilla/5.0 (compatible; VantageProbe/0.1; +https://github.com/vantage)",
  accept: "*/*",
};

export function requestOn(socket: net.Socket, method: string, url: URL, headers: Record<string, string>): http.ClientRequest {
  return http.request({
    createConnection: () => socket,
    method,
    path: url.pathname + url.search,
    setHost: false,
    headers: { host: url.host, connection: "close", ...DEFAULT_HEADERS, ...headers },
  });
}

export const httpStage: Stage<HttpInput, HttpResult> = {
  name: "http",
  run({ socket, method, url, headers }, ctx) {
    const start = now();
    return new Promise((resolve) => {
      let status: number | null = null;
      let ttfb: number | null = null;
      let bytes = 0;
      const window: Buffer[] = [];
      let windowBytes = 0;
      let answerHeaders: http.IncomingHttpHeaders = {};
      let done = false;
      const req = requestOn(socket, method, new URL(url), method === "POST" ? { "content-length": "0", ...headers } : { ...headers });
      // The socket's own error says what really ended the exchange (an RST mid-body shows
      // on the response only as "aborted").
      let socketError: Error | null = null;
      socket.on("error", (err) => (socketError ??= err));
      const finish = (reported: Failure | null) => {
        if (done) return;
        done = true;
        const failure = reported === "eof_error" && socketError ? classifyNetworkError(socketError) : reported;
        timer.cancel();
        const body = Buffer.concat(window);
        window.length = 0;
        const fingerprint = status === null ? null : matchBlockPage({ body: body.toString("utf8"), headers: answerHeaders });
        const content_type = status === null ? null : mediaType(answerHeaders["content-type"]);
        const body_kind = status === null ? null : sniffBodyKind(body, bytes);
        req.destroy();
        socket.destroy();
        resolve({ method, url, status, bytes, ttfb_ms: ttfb, t_ms: elapsed(start), failure, fingerprint, content_type, body_kind });
      };
      const timer = deadline(ctx.config.timeouts.http_ms, () => finish(classifyNetworkError(stageError(STAGE_TIMEOUT))));
      req.on("error", (err) => finish(status === null && (err as NodeJS.ErrnoException).code === "ECONNRESET" && !("syscall" in err) ? "eof_error" : classifyNetworkError(err)));
      req.on("response", (res) => {
        status = res.statusCode ?? null;
        ttfb = elapsed(start);
        answerHeaders = res.headers;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (windowBytes < FINGERPRINT_WINDOW_BYTES) {
            window.push(chunk.subarray(0, FINGERPRINT_WINDOW_BYTES - windowBytes));
            windowBytes += Math.min(chunk.length, FINGERPRINT_WINDOW_BYTES - windowBytes);
          }
          if (bytes >= MAX_BODY_BYTES) finish(null);
        });
        res.on("error", (err) => finish(classifyNetworkError(err)));
        res.on("aborted", () => finish(classifyNetworkError(stageError(STAGE_EOF))));
        res.on("end", () => finish(res.complete ? null : classifyNetworkError(stageError(STAGE_EOF))));
        res.on("close", () => finish(res.complete ? null : classifyNetworkError(stageError(STAGE_EOF))));
      });
      req.end();
    });
  },
};
