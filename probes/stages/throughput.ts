// throughput: download one static object on the connection the earlier stages opened,
// recording cumulative bytes over time, capped in bytes and time. Slowness is not a
// failure here: the rules read the samples (stall, policing) against the control object.
import type net from "node:net";
import type { Transfer } from "../../lib/measurement/schema";
import type { Failure } from "../../lib/measurement/vocabulary";
import { classifyNetworkError, STAGE_EOF, stageError } from "../failures";
import { TransferSamples } from "../transfer-samples";
import { requestOn } from "./http";
import { elapsed, now, type Stage } from "./stage";

export interface ThroughputInput {
  socket: net.Socket;
  url: string;
}

export const throughputStage: Stage<ThroughputInput, Transfer> = {
  name: "throughput",
  run({ socket, url }, ctx) {
    const { max_bytes: maxBytes, max_ms: maxMs } = ctx.config.throughput;
    const start = now();
    const samples = new TransferSamples(maxMs);
    return new Promise((resolve) => {
      let bytes = 0;
      let expected: number | null = null;
      let done = false;
      let socketError: Error | null = null;
      socket.on("error", (err) => (socketError ??= err));
      const req = requestOn(socket, "GET", new URL(url), {});
      const finish = (complete: boolean, reported: Failure | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        req.destroy();
        socket.destroy();
        const failure = reported === "eof_error" && socketError ? classifyNetworkError(socketError) : reported;
        const t = elapsed(start);
        resolve({ url, bytes, expected_bytes: expected, t_ms: t, complete, failure, samples: samples.finish(t, bytes) });
      };
      // The time cap ends a slow transfer without calling it a failure.
      const timer = setTimeout(() => finish(false, null), maxMs);
      req.on("error", (err) => finish(false, classifyNetworkError(err)));
      req.on("response", (res) => {
        const len = Number(res.headers["content-length"]);
        expected = Number.isFinite(len) && len >= 0 ? len : null;
        samples.add(elapsed(start), 0);
        res.on("data", (chunk: Buffer) => {
          // Counted up to the cap: what arrives beyond it in the same chunk is discarded.
          bytes += Math.min(chunk.length, maxBytes - bytes);
          samples.add(elapsed(start), bytes);
          if (bytes >= maxBytes) finish(true, null);
        });
        res.on("error", (err) => finish(false, classifyNetworkError(err)));
        res.on("end", () => finish(res.complete, res.complete ? null : classifyNetworkError(stageError(STAGE_EOF))));
        res.on("close", () => finish(res.complete, res.complete ? null : classifyNetworkError(stageError(STAGE_EOF))));
      });
      req.end();
    });
  },
};
