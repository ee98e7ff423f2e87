// TCP stage rule T1. A failed connect only counts as blocking when the address is one the
// service really uses; otherwise a stale or odd system answer would be blamed on TCP.
import type { Failure } from "../measurement/vocabulary";
import type { Stages } from "../measurement/schema";
import { type Cidr, canonicalIp, inNetworks } from "../net/ip";
import { failed, passed, unattributable, type StageJudgement } from "./finding";

type TcpStage = NonNullable<Stages["tcp"]>;

/** Failures T1 reads as blocking: refused, reset, timeout. */
const T1_FAILURES: ReadonlySet<Failure> = new Set<Failure>(["connection_refused", "connection_reset", "generic_timeout_error"]);

export interface TcpContext {
  /** The target's host is an address literal (or the probe connected to exactly that literal). */
  literal: boolean;
  /** Addresses the control resolver returned, canonical form. */
  controlAddrs: ReadonlySet<string>;
  networks: readonly Cidr[];
}

export function judgeTcp(tcp: TcpStage, ctx: TcpContext): StageJudgement {
  if (tcp.failure === null) return passed();
  if (!T1_FAILURES.has(tcp.failure)) {
    // host/network unreachable usually means the probe's own network has no route (often IPv6).
    return unattributable("tcp", tcp.failure, "not_a_block_failure");
  }
  const ip = canonicalIp(tcp.ip) ?? tcp.ip;
  const vouched = ctx.literal || ctx.controlAddrs.has(ip) || inNetworks(ip, ctx.networks);
  if (!vouched) return unattributable("tcp", tcp.failure, "unverified_address");
  return failed({ verdict: "tcp_blocked", grade: "anomaly", rule: "T1", stage: "tcp", failure: tcp.failure, detail: null });
}
