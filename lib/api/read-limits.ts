// Cost bounds of the public read API, one place: how many time buckets and result cells one
// request may ask for, how many heavy reads run at once, how many requests one client may
// make, and how long one PostgreSQL statement may run. Each is an environment variable with
// a documented default (docs/limits.md), read per call so an operator's change needs no code.
// The guards that apply them to requests are ./read-guard.ts.

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  // A bad value is the operator's to fix; the default keeps the server bounded meanwhile.
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

export interface ReadLimits {
  /** Time buckets of one aggregation timeline (VANTAGE_READ_MAX_BUCKETS). */
  maxBuckets: number;
  /** Entries of one aggregation answer: buckets x axis values (VANTAGE_READ_MAX_CELLS). */
  maxCells: number;
  /** Heavy reads (aggregation, listing, dumps) running at once; more wait (VANTAGE_READ_CONCURRENCY). */
  concurrency: number;
  /** Requests per client: burst, then per minute (VANTAGE_READ_RATE_BURST, VANTAGE_READ_RATE_PER_MINUTE). */
  rateBurst: number;
  ratePerMinute: number;
  /** PostgreSQL: any statement of the web server is cancelled after this many ms (VANTAGE_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
}

export const READ_LIMIT_DEFAULTS: ReadLimits = {
  maxBuckets: 1000,
  maxCells: 20_000,
  concurrency: 2,
  rateBurst: 120,
  ratePerMinute: 240,
  statementTimeoutMs: 15_000,
};

export function readLimits(): ReadLimits {
  const d = READ_LIMIT_DEFAULTS;
  return {
    maxBuckets: envInt("VANTAGE_READ_MAX_BUCKETS", d.maxBuckets, 1, 100_000),
    maxCells: envInt("VANTAGE_READ_MAX_CELLS", d.maxCells, 1, 10_000_000),
    concurrency: envInt("VANTAGE_READ_CONCURRENCY", d.concurrency, 1, 256),
    rateBurst: envInt("VANTAGE_READ_RATE_BURST", d.rateBurst, 1, 1_000_000),
    ratePerMinute: envInt("VANTAGE_READ_RATE_PER_MINUTE", d.ratePerMinute, 1, 1_000_000),
    statementTimeoutMs: envInt("VANTAGE_STATEMENT_TIMEOUT_MS", d.statementTimeoutMs, 100, 3_600_000),
  };
}
