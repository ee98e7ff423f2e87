// Cost bounds of the public read API, one place: how many time buckets and result cells one
// request may ask for, how many heavy reads run at once, how many requests one client may
// make, and how long one PostgreSQL statement may run. Each is an environment variable with
// a documented default (lib/config, docs/limits.md).
// Pure: the configured values are read, and applied to requests, by ./read-guard.ts.

export interface ReadLimits {
  /** Time buckets of one aggregation timeline (VANTAGE_READ_MAX_BUCKETS). */
  maxBuckets: number;
  /** Entries of one aggregation answer: buckets x axis values (VANTAGE_READ_MAX_CELLS). */
  maxCells: number;
  /** Days one detector-state read may span; the detector is re-run over them (VANTAGE_READ_MAX_DETECTOR_DAYS). */
  maxDetectorDays: number;
  /** Rounds one detector-state read may re-run the detector over, history included (VANTAGE_READ_MAX_DETECTOR_ROUNDS). */
  maxDetectorRounds: number;
  /** Heavy reads (aggregation, listing, dumps) running at once; more wait (VANTAGE_READ_CONCURRENCY). */
  concurrency: number;
  /** Requests per client: burst, then per minute (VANTAGE_READ_RATE_BURST, VANTAGE_READ_RATE_PER_MINUTE). */
  rateBurst: number;
  ratePerMinute: number;
  /** PostgreSQL: any statement of the web server is cancelled after this many ms (VANTAGE_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
}

/** The defaults, declared with the settings that change them (lib/config/schema.ts). */
export { READ_LIMIT_DEFAULTS } from "../config/schema";

