// Runs one target's stages in order on one connection (tcp -> tls -> http/ws/throughput),
// stopping at the first failing stage: later stages could not say anything the rules read.
import type { Stages, TargetResult, Transfer } from "../lib/measurement/schema";
import { isBogon, isIp } from "../lib/net/ip";
import type { Target } from "../lib/targets";
import type { DnsResult } from "./stages/dns";
import { httpStage } from "./stages/http";
import type { StageContext } from "./stages/stage";
import { throughputStage } from "./stages/throughput";
import { tcpStage } from "./stages/tcp";
import { tlsStage } from "./stages/tls";
import { wsStage } from "./stages/ws";

export interface TargetRunDeps {
  ctx: StageContext;
  /** DNS answers shared within a round: several targets share a host. */
  resolve(host: string): Promise<DnsResult>;
  /** The round's control-object transfer, awaited only by throughput targets. */
  controlTransfer(): Promise<Transfer | null>;
}

/** The address to connect to: the system resolver's first IPv4 answer, else its first. */
export function pickAddress(addrs: readonly string[]): string | null {
  return addrs.find((a) => !a.includes(":")) ?? addrs[0] ?? null;
}

export async function runTarget(target: Target, deps: TargetRunDeps): Promise<TargetResult> {
  const { ctx } = deps;
  const stages: Stages = {};
  const result: TargetResult = { id: target.id, component: target.component, host: target.host, port: target.port, stages };
  const wants = new Set(target.stages);

  let ip: string;
  if (wants.has("dns")) {
    const dns = await deps.resolve(target.host);
    stages.dns = { system: dns.system, control: dns.control };
    const picked = pickAddress(dns.system.addrs);
    // Never connect to a bogon: it may be the volunteer's own network.
    if (!picked || dns.system.addrs.some(isBogon)) return result;
    ip = picked;
  } else {
    if (!isIp(target.host)) throw new Error(`target ${target.id}: no dns stage but host is not an address`);
    ip = target.host;
  }

  const tcp = await tcpStage.run({ ip, port: target.port, hostName: target.literal ? null : target.host }, ctx);
  stages.tcp = tcp.result;
  if (!tcp.socket) return result;
  let socket = tcp.socket;

  try {
    if (wants.has("tls")) {
      const tls = await tlsStage.run({ socket, ip, port: target.port, sni: target.host, hostName: target.literal ? null : target.host }, ctx);
      stages.tls = tls.result;
      if (!tls.socket) return result;
      socket = tls.socket;
    }
    if (target.http) {
      stages.http = await httpStage.run({ socket, method: target.http.method, url: target.http.url, headers: target.http.headers }, ctx);
    } else if (target.ws) {
      stages.ws = await wsStage.run({ socket, url: target.ws.url, headers: target.ws.headers }, ctx);
    } else if (target.throughput) {
      const transfer = await throughputStage.run({ socket, url: target.throughput.url }, ctx);
      stages.throughput = { ...transfer, control: await deps.controlTransfer(), baseline_kbps: null };
    }
  } finally {
    socket.destroy();
  }
  return result;
}
