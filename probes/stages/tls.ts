// tls: handshake on the tcp stage's socket with the service's SNI and certificate
// validation. When it fails, a second handshake on a fresh connection to the same address
// with a neutral SNI and no certificate check tells an SNI trigger (S1) from an address
// block (S2).
import tls from "node:tls";
import type net from "node:net";
import type { Failure } from "../../lib/measurement/vocabulary";
import { classifyTlsFailure, STAGE_TIMEOUT, stageError } from "../failures";
import { deadline, elapsed, now, type Stage, type StageContext } from "./stage";
import { tcpStage } from "./tcp";

export interface Handshake {
  sni: string;
  failure: Failure | null;
  t_ms: number | null;
}

export interface TlsInput {
  socket: net.Socket;
  ip: string;
  port: number;
  sni: string;
  hostName: string | null;
}

export interface TlsOutcome {
  result: Handshake & { ip: string; port: number; neutral: Handshake | null };
  socket: tls.TLSSocket | null;
}

/** One handshake on an open socket; resolves with the secured socket or the failure. */
export function handshake(
  raw: net.Socket,
  opts: { sni: string; verify: boolean },
  ctx: StageContext,
): Promise<{ result: Handshake; socket: tls.TLSSocket | null }> {
  const start = now();
  return new Promise((resolve) => {
    let done = false;
    const secure = tls.connect({
      socket: raw,
      servername: opts.sni,
      rejectUnauthorized: opts.verify,
      secureContext: ctx.secureContext,
      ALPNProtocols: ["http/1.1"],
    });
    const finish = (failure: Failure | null) => {
      if (done) return;
      done = true;
      timer.cancel();
      secure.removeListener("error", onError);
      if (failure) {
        secure.on("error", () => {});
        secure.destroy();
        raw.destroy();
      }
      resolve({ result: { sni: opts.sni, failure, t_ms: failure ? null : elapsed(start) }, socket: failure ? null : secure });
    };
    const onError = (err: Error) => finish(classifyTlsFailure(err));
    const timer = deadline(ctx.config.timeouts.tls_ms, () => finish(classifyTlsFailure(stageError(STAGE_TIMEOUT))));
    secure.on("error", onError);
    secure.once("secureConnect", () => finish(null));
  });
}

export const tlsStage: Stage<TlsInput, TlsOutcome> = {
  name: "tls",
  async run({ socket, ip, port, sni, hostName }, ctx) {
    const first = await handshake(socket, { sni, verify: true }, ctx);
    if (!first.result.failure) {
      return { result: { ...first.result, ip, port, neutral: null }, socket: first.socket };
    }
    let neutral: Handshake;
    const tcp = await tcpStage.run({ ip, port, hostName, settle: false }, ctx);
    if (!tcp.socket) {
      neutral = { sni: ctx.config.neutral_sni, failure: tcp.result.failure, t_ms: null };
    } else {
      const second = await handshake(tcp.socket, { sni: ctx.config.neutral_sni, verify: false }, ctx);
      second.socket?.destroy();
      neutral = second.result;
    }
    return { result: { ...first.result, ip, port, neutral }, socket: null };
  },
};
