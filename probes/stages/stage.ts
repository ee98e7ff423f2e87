// The one interface every stage implements, and what stages share: the round's settings
// (timeouts, address map, trust store) and a monotonic clock.
import type { Socket } from "node:net";
import type { StageName } from "../../lib/measurement/vocabulary";
import type { AddressMap, Endpoint } from "../address-map";
import type { ProbeConfig } from "../config";
import { ByteCounter } from "../byte-counter";

export interface StageContext {
  config: ProbeConfig;
  addressMap: AddressMap;
  /** Node's bundled roots plus the configured extra CA, or undefined for Node's default. */
  ca: string[] | undefined;
  /** Bytes this round put on and took off the wire (sockets the probe opened). */
  bytes: ByteCounter;
}

export interface Stage<Input, Output> {
  readonly name: StageName;
  run(input: Input, ctx: StageContext): Promise<Output>;
}

/** Milliseconds since `start` (from `now()`), rounded to 0.1 ms. */
export function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

export const now = (): number => performance.now();

/** Where a socket for (ip, port) really goes; throws when the config forbids unmapped traffic. */
export function connectEndpoint(ctx: StageContext, ip: string, port: number, hostName: string | null): Endpoint {
  const mapped = ctx.addressMap.lookup(ip, port, hostName);
  if (mapped) return mapped;
  if (ctx.config.connect_only_mapped) {
    throw new Error(`connect_only_mapped: no address map entry for ${hostName ?? ip} (${ip}:${port})`);
  }
  return { host: ip, port };
}

/** A socket handed from one stage to the next (tcp -> tls -> http). */
export type StageSocket = Socket;
