// tcp: connect to ip:port (through the address map), timed; then watch the fresh
// connection for a short settle window, because middleboxes often inject a reset right
// after the handshake. The open socket is handed on to tls/http.
import net from "node:net";
import type { Failure } from "../../lib/measurement/vocabulary";
import { classifyNetworkError, STAGE_EOF, STAGE_TIMEOUT, stageError } from "../failures";
import { connectEndpoint, deadline, elapsed, now, type Stage, type StageContext } from "./stage";

export interface TcpInput {
  ip: string;
  port: number;
  /** The target's host name, for address-map entries by name. */
  hostName: string | null;
  /** Skip the settle window (the neutral-SNI retry, controls). */
  settle?: boolean;
}

export interface TcpOutcome {
  result: { ip: string; port: number; failure: Failure | null; t_ms: number | null };
  /** The connected socket when the stage succeeded; the caller owns it. */
  socket: net.Socket | null;
}

export const tcpStage: Stage<TcpInput, TcpOutcome> = {
  name: "tcp",
  run({ ip, port, hostName, settle = true }, ctx: StageContext) {
    const endpoint = connectEndpoint(ctx, ip, port, hostName);
    const start = now();
    return new Promise<TcpOutcome>((resolve) => {
      const socket = net.connect({ host: endpoint.host, port: endpoint.port });
      ctx.bytes.track(socket);
      let connectedAt: number | null = null;
      let finished = false;
      const finish = (failure: Failure | null) => {
        if (finished) return;
        finished = true;
        timer.cancel();
        socket.removeListener("error", onError);
        socket.removeListener("end", onEnd);
        if (failure) {
          socket.destroy();
          socket.on("error", () => {});
        }
        resolve({ result: { ip, port, failure, t_ms: connectedAt }, socket: failure ? null : socket });
      };
      const onError = (err: Error) => finish(classifyNetworkError(err));
      const onEnd = () => finish(classifyNetworkError(stageError(STAGE_EOF)));
      const timer = deadline(ctx.config.timeouts.tcp_ms, () => finish(classifyNetworkError(stageError(STAGE_TIMEOUT))));
      socket.on("error", onError);
      socket.on("end", onEnd);
      socket.once("connect", () => {
        connectedAt = elapsed(start);
        timer.cancel();
        const settleMs = settle ? ctx.config.timeouts.tcp_settle_ms : 0;
        if (settleMs <= 0) return finish(null);
        // The immediate runs after the next I/O poll, so a reset that arrived while the
        // event loop was busy is read before the window closes.
        setTimeout(() => setImmediate(() => finish(null)), settleMs);
      });
    });
  },
};
