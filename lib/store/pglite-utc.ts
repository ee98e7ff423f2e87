// pglite-prisma-adapter 0.6 hands timestamptz values to Prisma with their offset cut off
// ("2026-02-01 10:05:00"), and Prisma's raw queries then read them in the process's local
// time zone: under TZ=Europe/Moscow every raw timestamp came back three hours early. The
// session runs in UTC, so the cut-off text is UTC: we mark it so before Prisma reads it.

/** Prisma's driver-adapter column type codes for DateTime and DateTime[]. */
const DATE_TIME = 10;
const DATE_TIME_ARRAY = 74;

const NAIVE = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)$/;

/** "2026-02-01 10:05:00.5" (UTC by the session) -> "2026-02-01T10:05:00.5Z"; others unchanged. */
export function asUtcIso(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const m = NAIVE.exec(value);
  return m ? `${m[1]}T${m[2]}Z` : value;
}

export interface RawResultSet {
  columnTypes: number[];
  rows: unknown[][];
}

/** Marks every DateTime cell of a driver result set as UTC, in place. */
export function markTimestampsUtc(result: RawResultSet): RawResultSet {
  result.columnTypes.forEach((type, c) => {
    if (type !== DATE_TIME && type !== DATE_TIME_ARRAY) return;
    for (const row of result.rows) {
      const v = row[c];
      row[c] = Array.isArray(v) ? v.map(asUtcIso) : asUtcIso(v);
    }
  });
  return result;
}

interface Queryable {
  queryRaw(query: unknown): Promise<RawResultSet>;
}
interface AdapterLike extends Queryable {
  startTransaction(...args: unknown[]): Promise<Queryable>;
}
interface FactoryLike {
  connect(): Promise<AdapterLike>;
}

function patch<Q extends Queryable>(q: Q): Q {
  const queryRaw = q.queryRaw.bind(q);
  q.queryRaw = async (query) => markTimestampsUtc(await queryRaw(query));
  return q;
}

/** Wraps the adapter factory so every connection and transaction reads timestamps as UTC. */
export function withUtcTimestamps<F extends FactoryLike>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = patch(await connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: unknown[]) => patch(await startTransaction(...args));
    return adapter;
  };
  return factory;
}
