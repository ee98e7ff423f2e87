// Outage versus block: reference probes outside the country. When enough of them fail for
// the same service over the span of an event, the service itself is down.
import { BUCKET_CHUNK, type BucketStore } from "./bucket-store";
import type { DetectConfig } from "./config";
import { FAILING_STATUSES, NO_EVIDENCE_STATUSES, type CompactObservation } from "./observation";

type OwnerTally = Map<string, { readable: number; failing: number }>;

function tally(into: OwnerTally, rounds: readonly CompactObservation[]): void {
  for (const o of rounds) {
    if (NO_EVIDENCE_STATUSES.has(o.status)) continue;
    let w = into.get(o.owner);
    if (!w) {
      w = { readable: 0, failing: 0 };
      into.set(o.owner, w);
    }
    w.readable++;
    if (FAILING_STATUSES.has(o.status)) w.failing++;
  }
}

// Chunks are never modified once stored (writers copy them), so a chunk's tally can be memoised.
const chunkTallies = new WeakMap<ReadonlyMap<number, readonly CompactObservation[]>, OwnerTally>();

function chunkTally(chunk: ReadonlyMap<number, readonly CompactObservation[]>): OwnerTally {
  let t = chunkTallies.get(chunk);
  if (!t) {
    t = new Map();
    for (const rounds of chunk.values()) tally(t, rounds);
    chunkTallies.set(chunk, t);
  }
  return t;
}

/** True when reference owners failing over [from, toExclusive) reach the reference quorum. */
export function referencesFail(refs: BucketStore | undefined, from: number, toExclusive: number, config: DetectConfig): boolean {
  if (!refs || refs.size === 0) return false;
  const owners: OwnerTally = new Map();
  for (const [c, chunk] of refs) {
    const lo = c * BUCKET_CHUNK;
    const hi = lo + BUCKET_CHUNK;
    if (hi <= from || lo >= toExclusive) continue;
    if (lo >= from && hi <= toExclusive) {
      for (const [owner, w] of chunkTally(chunk)) {
        const acc = owners.get(owner) ?? { readable: 0, failing: 0 };
        owners.set(owner, { readable: acc.readable + w.readable, failing: acc.failing + w.failing });
      }
      continue;
    }
    for (const [b, rounds] of chunk) if (b >= from && b < toExclusive) tally(owners, rounds);
  }
  let failing = 0;
  for (const w of owners.values()) if (w.failing >= w.readable * config.referenceFailShare) failing++;
  return failing >= Math.max(config.referenceMinOwners, Math.ceil(owners.size * config.quorumShare));
}
