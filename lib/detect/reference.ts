// Outage versus block: reference probes outside the country. When enough of them fail for
// the same service over the span of an event, the service itself is down.
import type { DetectConfig } from "./config";
import { FAILING_STATUSES, NO_EVIDENCE_STATUSES, type CompactObservation } from "./observation";

export type BucketMap = ReadonlyMap<number, readonly CompactObservation[]>;

/** True when reference owners failing over [from, toExclusive) reach the reference quorum. */
export function referencesFail(refs: BucketMap | undefined, from: number, toExclusive: number, config: DetectConfig): boolean {
  if (!refs || refs.size === 0) return false;
  const owners = new Map<string, { readable: number; failing: number }>();
  const visit = (rounds: readonly CompactObservation[]) => {
    for (const o of rounds) {
      if (NO_EVIDENCE_STATUSES.has(o.status)) continue;
      let w = owners.get(o.owner);
      if (!w) {
        w = { readable: 0, failing: 0 };
        owners.set(o.owner, w);
      }
      w.readable++;
      if (FAILING_STATUSES.has(o.status)) w.failing++;
    }
  };
  if (toExclusive - from <= refs.size) {
    for (let b = from; b < toExclusive; b++) {
      const rounds = refs.get(b);
      if (rounds) visit(rounds);
    }
  } else {
    for (const [b, rounds] of refs) if (b >= from && b < toExclusive) visit(rounds);
  }
  let failing = 0;
  for (const w of owners.values()) if (w.failing >= w.readable * config.referenceFailShare) failing++;
  return failing >= Math.max(config.referenceMinOwners, Math.ceil(owners.size * config.quorumShare));
}
