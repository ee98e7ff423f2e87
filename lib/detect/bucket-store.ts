// Observations per bucket, stored in chunks of 256 buckets so a copy-on-write update copies
// only the chunk index and the chunks it touches, not the whole history.
import type { CompactObservation } from "./observation";

export const BUCKET_CHUNK = 256;
const CHUNK = BUCKET_CHUNK;

export type BucketStore = ReadonlyMap<number, ReadonlyMap<number, readonly CompactObservation[]>>;

export function getBucket(store: BucketStore, bucket: number): readonly CompactObservation[] | undefined {
  return store.get(Math.floor(bucket / CHUNK))?.get(bucket);
}

/** Batches writes into a copy of `base`; `base` itself is never modified. */
export class BucketStoreWriter {
  private readonly top: Map<number, Map<number, CompactObservation[]>>;
  private readonly copiedChunks = new Set<number>();
  private readonly copiedBuckets = new Set<number>();

  constructor(base: BucketStore) {
    this.top = new Map(base as Map<number, Map<number, CompactObservation[]>>);
  }

  /** The list for `bucket`, copied once per writer so it can be changed. */
  bucketForWrite(bucket: number): CompactObservation[] {
    const c = Math.floor(bucket / CHUNK);
    let chunk = this.top.get(c);
    if (!this.copiedChunks.has(c)) {
      chunk = new Map(chunk ?? []);
      this.top.set(c, chunk);
      this.copiedChunks.add(c);
    }
    const m = chunk as Map<number, CompactObservation[]>;
    let list = m.get(bucket);
    if (!this.copiedBuckets.has(bucket)) {
      list = (list ?? []).slice();
      m.set(bucket, list);
      this.copiedBuckets.add(bucket);
    }
    return list as CompactObservation[];
  }

  get store(): BucketStore {
    return this.top;
  }
}
