// ws: the WebSocket upgrade handshake only, on the connection the earlier stages opened;
// the socket is closed as soon as the server answers. No frame is ever sent.
import { createHash, randomBytes } from "node:crypto";
import type net from "node:net";
import type { Failure } from "../../lib/measurement/vocabulary";
import { classifyNetworkError, STAGE_TIMEOUT, stageError } from "../failures";
import { requestOn } from "./http";
import { deadline, elapsed, now, type Stage } from "./stage";

export interface WsInput {
  socket: net.Socket;
  url: string;
  headers?: Record<string, string>;
}

export interface WsResult {
  url: string;
  status: number | null;
  t_ms: number | null;
  failure: Failure | null;
}

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** The Sec-WebSocket-Accept value a server must answer for a key (RFC 6455). */
export function expectedAccept(key: string): string {
  return createHash("sha1").update(key + WS_GUID).digest("base64");
}

export const wsStage: Stage<WsInput, WsResult> = {
  name: "ws",
  run({ socket, url, headers }, ctx) {
    const start = now();
    const wsUrl = new URL(url);
    const httpUrl = new URL(`${wsUrl.protocol === "wss:" ? "https:" : "http:"}//${wsUrl.host}${wsUrl.pathname}${wsUrl.search}`);
    const key = randomBytes(16).toString("base64");
    return new Promise((resolve) => {
      let done = false;
      const req = requestOn(socket, "GET", httpUrl, {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": key,
        ...headers,
      });
      const finish = (status: number | null, failure: Failure | null) => {
        if (done) return;
        done = true;
        timer.cancel();
        req.destroy();
        socket.destroy();
        resolve({ url, status, t_ms: elapsed(start), failure });
      };
      const timer = deadline(ctx.config.timeouts.ws_ms, () => finish(null, classifyNetworkError(stageError(STAGE_TIMEOUT))));
      req.on("error", (err) => finish(null, classifyNetworkError(err)));
      req.on("upgrade", (res, upgraded) => {
        upgraded.destroy();
        const accept = res.headers["sec-websocket-accept"];
        finish(res.statusCode ?? 101, accept === expectedAccept(key) ? null : "http_request_failed");
      });
      // Any other answer is a status, not a failure: the rules decide what it means.
      req.on("response", (res) => {
        res.resume();
        finish(res.statusCode ?? null, null);
      });
      req.end();
    });
  },
};
