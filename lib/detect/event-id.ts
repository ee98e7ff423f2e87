// Event ids derived from service, scope and onset bucket (FNV-1a, 64 bit), so re-running
// detection over the same history yields the same ids and links stay stable.
import type { EventScope } from "./types";

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function fnv1a64(text: string): string {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * FNV_PRIME) & MASK;
  }
  return h.toString(16).padStart(16, "0");
}

export function scopeKey(scope: EventScope): string {
  return scope.level === "network" ? `${scope.cc}/AS${scope.asn}` : scope.cc;
}

/** E.g. "ev_3f1c9a0b2d4e6f81" for whatsapp in RU/AS12389 with onset 2026-02-11T06:10:00.000Z. */
export function eventId(service: string, scope: EventScope, onsetIso: string): string {
  return `ev_${fnv1a64(`${service}|${scopeKey(scope)}|${onsetIso}`)}`;
}
