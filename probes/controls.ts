// The round's controls: one domestic and one foreign host (reachable at all? at which
// stage did it fail?), and the neutral throughput control object.
import type net from "node:net";
import type { ControlResult, Transfer } from "../lib/measurement/schema";
import type { Failure, StageName } from "../lib/measurement/vocabulary";
import { isIp } from "../lib/net/ip";
import { httpStage } from "./stages/http";
import { elapsed, now, type StageContext } from "./stages/stage";
import { tcpStage } from "./stages/tcp";
import { throughputStage } from "./stages/throughput";
import { tlsStage } from "./stages/tls";
import type { DnsResult } from "./stages/dns";
import { pickAddress } from "./target-run";

export interface ControlEndpoint {
  host: string;
  port: number;
  url: string;
}

type Connected = { socket: net.Socket } | { stage: StageName; failure: Failure | null };

/** dns (system resolver) -> tcp -> tls for https URLs; the socket or where it failed. */
async function connect(endpoint: ControlEndpoint, ctx: StageContext, resolve: (host: string) => Promise<DnsResult>): Promise<Connected> {
  let ip = endpoint.host;
  if (!isIp(endpoint.host)) {
    const dns = await resolve(endpoint.host);
    const picked = pickAddress(dns.system.addrs);
    if (!picked) return { stage: "dns", failure: dns.system.failure ?? "dns_no_answer" };
    ip = picked;
  }
  const tcp = await tcpStage.run({ ip, port: endpoint.port, hostName: endpoint.host, settle: false }, ctx);
  if (!tcp.socket) return { stage: "tcp", failure: tcp.result.failure };
  if (new URL(endpoint.url).protocol !== "https:") return { socket: tcp.socket };
  const tls = await tlsStage.run({ socket: tcp.socket, ip, port: endpoint.port, sni: endpoint.host, hostName: endpoint.host }, ctx);
  if (!tls.socket) return { stage: "tls", failure: tls.result.failure };
  return { socket: tls.socket };
}

/** A control host: ok when any HTTP answer comes back (status codes are not judged). */
export async function checkControl(endpoint: ControlEndpoint, ctx: StageContext, resolve: (host: string) => Promise<DnsResult>): Promise<ControlResult> {
  const start = now();
  const conn = await connect(endpoint, ctx, resolve);
  if (!("socket" in conn)) return { host: endpoint.host, failure: conn.failure ?? "unknown_failure", stage: conn.stage, t_ms: elapsed(start) };
  const http = await httpStage.run({ socket: conn.socket, method: "GET", url: endpoint.url }, ctx);
  const failure = http.failure ?? (http.status === null ? "http_request_failed" : null);
  return { host: endpoint.host, failure, stage: failure ? "http" : null, t_ms: elapsed(start) };
}

/** The neutral control object; a failure to connect is a transfer of zero bytes. */
export async function fetchControlObject(url: string, ctx: StageContext, resolve: (host: string) => Promise<DnsResult>): Promise<Transfer> {
  const u = new URL(url);
  const start = now();
  const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
  const conn = await connect({ host: u.hostname, port, url }, ctx, resolve);
  if (!("socket" in conn)) {
    return { url, bytes: 0, expected_bytes: null, t_ms: elapsed(start), complete: false, failure: conn.failure ?? "unknown_failure", samples: [] };
  }
  return throughputStage.run({ socket: conn.socket, url }, ctx);
}
