// The one interface every stage implements, and what stages share: the round's settings
// (timeouts, address map, trust store) and a monotonic clock.
import type { SecureContext } from "node:tls";
import type { Agent } from "node:https";
import type { StageName } from "../../lib/measurement/vocabulary";
import type { AddressMap, Endpoint } from "../address-map";
import type { ProbeConfig } from "../config";
import type { ByteCounter } from "../byte-counter";

export interface StageContext {
  config: ProbeConfig;
  addressMap: AddressMap;
  /** Node's bundled roots plus the configured extra CA, or undefined for Node's default. */
  ca: string[] | undefined;
  /** One verifying TLS context per round: building it per connection costs milliseconds of CPU. */
  secureContext: SecureContext;
  /** Keep-alive connections to a DoH control resolver, shared by the round's queries. */
  dohAgent: Agent | null;
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

/**
 * Calls `fire` after `ms`, but only once I/O already pending has been read: after a busy
 * stretch the timers phase runs before the poll phase, and a connection that completed in
 * time must not be reported as timed out.
 */
export function deadline(ms: number, fire: () => void): { cancel(): void } {
  let immediate: NodeJS.Immediate | null = null;
  const timer = setTimeout(() => {
    immediate = setImmediate(fire);
  }, ms);
  return {
    cancel() {
      clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    },
  };
}
