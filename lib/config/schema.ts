// Every environment variable the server and its commands read, declared once: its type,
// default, bounds and description. docs/configuration.md is generated from this table
// (`npm run docs:config`). Adding a setting is one entry here; read it as
// `config().NAME` (lib/config/index.ts) and regenerate the docs.
import { availableParallelism, hostname } from "node:os";
import { parseTrustedProxies } from "../net/client-address";
import { flag, int, name, oneOf, optionalInt, optionalText, optionalUrl, parsed, secret, seconds, text, urlList } from "./setting";

/** Workers a pool gets unless told otherwise: one per core but one, at least one (see lib/workers/pool.ts). */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Defaults of the public read limits (lib/api/read-limits.ts, docs/limits.md). */
export const READ_LIMIT_DEFAULTS = {
  maxBuckets: 1000,
  maxCells: 20_000,
  maxDetectorDays: 92,
  maxDetectorRounds: 10_000,
  concurrency: 2,
  rateBurst: 120,
  ratePerMinute: 240,
  statementTimeoutMs: 15_000,
};

export const MIN_OPERATOR_TOKEN_LENGTH = 16;
export const DEFAULT_DETECT_INTERVAL_S = 60;
/** A day of 10-minute rounds plus room, for throughput baselines and pending runs. */
export const DEFAULT_DETECT_HISTORY_HOURS = 48;
/** PostgreSQL keeps 63 bytes of application_name; the lease connection's prefix "vantage-detector " takes 17. */
export const MAX_INSTANCE_ID_LENGTH = 46;

export const SETTINGS = {
  // server: `npm start`
  PORT: int({ group: "server", default: 3000, min: 1, max: 65535, description: "Port `npm start` serves on." }),
  HOST: text({ group: "server", default: "0.0.0.0", description: "Address `npm start` binds." }),
  NODE_ENV: oneOf({ group: "server", values: ["development", "production", "test"], default: "development", description: "Set by Next.js (`production` under `npm start`) and vitest (`test`); in production an install command never takes its origin from a request's Host." }),
  VANTAGE_TRUSTED_PROXIES: parsed({ group: "server", type: "list of IPs/CIDRs", default: "", fallback: [], parse: (text) => parseTrustedProxies(text, "VANTAGE_TRUSTED_PROXIES"), description: "Reverse proxies whose X-Forwarded-For is believed (comma- or space-separated addresses or CIDRs); unset: the socket peer is the client (lib/net/client-address.ts)." }),
  VANTAGE_SEED_DEMO: oneOf({ group: "server", values: ["auto", "never"], default: "auto", description: "`auto`: `npm start` seeds the simulated demo history into an empty store; `never`: it does not." }),
  VANTAGE_PUBLIC_URL: optionalUrl({ group: "server", schemes: ["http", "https"], description: "Origin used in the one-line probe install command and in offline e-mails' links. Unset: in production the server's own listening address (`npm start` warns), in development the origin the client asked for; e-mails then carry no link." }),
  VANTAGE_PROBE_BUNDLE: optionalText({ group: "server", type: "path", description: "The probe bundle served at `/api/v1/probes/bundle`, served as it is. Unset: `.data/bundle/vantage-probe.tar.gz`, which `npm start` builds when missing or stale." }),
  VANTAGE_CHART_FONT: optionalText({ group: "server", type: "path", description: "Font file(s) chart PNGs are rasterised with, `:`-separated. Unset: Debian's DejaVu Sans (`fonts-dejavu-core`, Latin and Cyrillic) under `/usr/share/fonts/truetype/dejavu/`." }),
  VANTAGE_DEBUG: flag({ group: "server", description: "Print stack traces of command-line errors." }),
  VANTAGE_LOG_LEVEL: oneOf({ group: "server", values: ["debug", "info", "warn", "error"], default: "info", description: "Least severe structured log line the server writes (JSON, one per line): `info` logs every API request (route, method, status, milliseconds); `warn` only problems." }),

  // store
  DATABASE_URL: optionalUrl({ group: "store", schemes: ["postgres", "postgresql"], description: "Use that PostgreSQL server. Unset: the embedded PGlite store in `VANTAGE_DATA_DIR`." }),
  VANTAGE_DATA_DIR: text({ group: "store", default: ".data", description: "PGlite data directory (only without `DATABASE_URL`); `memory://` for a throwaway store. One process at a time owns it." }),
  VANTAGE_PGLITE_SHARED_BUFFERS_MB: int({ group: "store", default: 32, min: 1, max: 4096, description: "PostgreSQL's `shared_buffers` of the embedded store (PGlite), in MB: its page cache inside the server's memory (the data files stay in the operating system's cache too). PGlite's own default, 128, costs about 100 MB more resident memory (docs/limits.md)." }),
  VANTAGE_DB_POOL_SIZE: int({ group: "store", default: 10, min: 1, max: 1000, description: "PostgreSQL connections per server process." }),
  DATABASE_READ_URL: urlList({ group: "store", schemes: ["postgres", "postgresql"], description: "Read replicas of `DATABASE_URL`, comma-separated: public pages and the read API read from one that is current (round-robin); writes, ingestion, detection and the probe pages stay on the primary (docs/scaling.md). Unset: everything on the primary." }),
  VANTAGE_READ_MAX_LAG_S: seconds({ group: "store", default: 10, min: 0, unit: "seconds", description: "A read replica whose replay lag is above this, or that fails its check, is skipped until a check finds it well again; with none left the primary serves reads." }),
  VANTAGE_INSTANCE_ID: name({
    group: "server",
    pattern: /^[A-Za-z0-9._:@-]+$/,
    maxLength: MAX_INSTANCE_ID_LENGTH,
    expected: `1-${MAX_INSTANCE_ID_LENGTH} characters of letters, digits and . _ : @ -`,
    default: () => `${hostname()}:${process.pid}`.slice(0, MAX_INSTANCE_ID_LENGTH),
    defaultText: "host name and process id",
    description: "This server instance's name, in `/metrics` (`vantage_instance_info`), `/api/health` and the detection lease holder's `application_name`; give each instance behind a load balancer its own.",
  }),
  VANTAGE_MIGRATIONS_DIR: optionalText({ group: "store", type: "path", description: "Where migrations are read from. Unset: `prisma/migrations` under the working directory." }),

  // operator
  VANTAGE_OPERATOR_TOKEN: secret({ group: "operator", minLength: MIN_OPERATOR_TOKEN_LENGTH, description: "Bearer token for the operator's writes (annotations, probe revocation, reference probes, offline notices). Unset: those answer 403." }),
  VANTAGE_REGISTRATION_SECRET: secret({ group: "operator", minLength: 16, description: "Key of the HMAC applied to connecting addresses for the registration limit. Unset: a random key per process (a restart resets the windows). Several instances must share one value, or the limit splits per instance." }),

  // limits: cost bounds of public reads (docs/limits.md)
  VANTAGE_READ_MAX_BUCKETS: int({ group: "limits", default: READ_LIMIT_DEFAULTS.maxBuckets, min: 1, max: 100_000, description: "Time buckets one aggregation timeline may have; more is a 400 naming the limit." }),
  VANTAGE_READ_MAX_CELLS: int({ group: "limits", default: READ_LIMIT_DEFAULTS.maxCells, min: 1, max: 10_000_000, description: "Entries one aggregation answer may have (time buckets x values of the other axis); more is a 400 naming the limit." }),
  VANTAGE_READ_MAX_DETECTOR_ROUNDS: int({ group: "limits", default: READ_LIMIT_DEFAULTS.maxDetectorRounds, min: 100, max: 10_000_000, description: "Rounds one detector-state read may re-run the detector over, history included, counted from the hourly rollups before any round is read; more is a 400 naming the limit (the explorer's detector strip asks to narrow the range or pick a network instead)." }),
  VANTAGE_READ_MAX_DETECTOR_DAYS: int({ group: "limits", default: READ_LIMIT_DEFAULTS.maxDetectorDays, min: 1, max: 3660, description: "Days one detector-state read may span (the detector is re-run over them, and over the history before them); more is a 400 naming the limit." }),
  VANTAGE_READ_CONCURRENCY: int({ group: "limits", default: READ_LIMIT_DEFAULTS.concurrency, min: 1, max: 256, description: "Heavy public reads (aggregation, measurement listing, events, dump pages) running at once per server process; more wait their turn." }),
  VANTAGE_READ_RATE_BURST: int({ group: "limits", default: READ_LIMIT_DEFAULTS.rateBurst, min: 1, description: "Public API requests one client (by the client-address rule) may make back to back." }),
  VANTAGE_READ_RATE_PER_MINUTE: int({ group: "limits", default: READ_LIMIT_DEFAULTS.ratePerMinute, min: 1, description: "Public API requests per minute one client regains; beyond, 429 with Retry-After." }),
  VANTAGE_SNAPSHOT_BURST: int({ group: "limits", default: 30, min: 1, description: "New pinned chart snapshots (stored when a chart page or a pinned embed is viewed) one client (by the client-address rule) may cause back to back; beyond, the page offers no pinned embed code for a new range and says why (docs/limits.md)." }),
  VANTAGE_SNAPSHOT_PER_MINUTE: int({ group: "limits", default: 10, min: 1, description: "New pinned chart snapshots per minute one client regains." }),
  VANTAGE_STATEMENT_TIMEOUT_MS: int({ group: "limits", default: READ_LIMIT_DEFAULTS.statementTimeoutMs, min: 100, max: 3_600_000, description: "PostgreSQL only: any statement of the web server is cancelled after this many milliseconds (PGlite runs statements in process; the read limits bound them there)." }),

  // uploads
  VANTAGE_MMDB_PATH: optionalText({ group: "uploads", type: "path", description: "IP-to-ASN database in MaxMind's MMDB format: each upload's connecting address is looked up and its records flagged `asn_mismatch`, `country_mismatch` or `asn_unknown` against the probe's registered network; the address is not kept. `npm start` stops when the file cannot be read (docs/volunteers.md)." }),
  VANTAGE_UPLOAD_WORKERS: int({ group: "uploads", default: defaultWorkerCount, defaultText: "one per core but one (at least 1)", min: 0, max: 64, description: "Worker threads that parse, validate, score and shape upload batches beside the server's own thread; `0`: in the server's thread (docs/ingest.md)." }),
  VANTAGE_MAX_BATCH_RECORDS: int({ group: "uploads", default: 1000, min: 1, description: "Records per upload batch." }),
  VANTAGE_MAX_BATCH_BYTES: int({ group: "uploads", default: 16 * 1024 * 1024, min: 1024, description: "Bytes per upload batch." }),
  VANTAGE_UPLOAD_BURST: int({ group: "uploads", default: 60, min: 1, description: "Upload batches a probe may send back to back." }),
  VANTAGE_UPLOAD_PER_MINUTE: int({ group: "uploads", default: 30, min: 1, description: "Upload batches per minute a probe regains." }),
  VANTAGE_PROBE_MIN_INTERVAL_S: int({ group: "uploads", default: 300, min: 1, description: "Shortest interval between rounds a volunteer may choose for a probe (seconds)." }),
  VANTAGE_PROBE_MAX_INTERVAL_S: int({ group: "uploads", default: 3600, min: 1, description: "Longest interval between rounds a volunteer may choose (seconds; raised to the shortest if below it)." }),
  VANTAGE_PROBE_MIN_BUDGET_BYTES: int({ group: "uploads", default: 20 * 1024 * 1024, min: 1, description: "Smallest daily data budget a volunteer may choose for a probe (bytes)." }),
  VANTAGE_PROBE_MAX_BUDGET_BYTES: int({ group: "uploads", default: 1024 * 1024 * 1024, min: 1, description: "Largest daily data budget a volunteer may choose (bytes)." }),

  // notices
  VANTAGE_NOTIFY_WEBHOOK: optionalUrl({ group: "notices", schemes: ["http", "https"], description: "URL that receives one JSON notice per probe that goes offline." }),
  VANTAGE_SMTP_URL: optionalUrl({ group: "notices", schemes: ["smtp", "smtps"], description: "`smtp://[user:pass@]host[:port]` (STARTTLS whenever offered) or `smtps://...` (TLS from the start): offline notices are also mailed to owners whose contact is an e-mail address." }),
  VANTAGE_WEBHOOK_ALLOW_PRIVATE: flag({ group: "notices", description: "Let event webhooks (`POST /api/v1/webhooks`) be registered for and delivered to loopback, private and link-local addresses. Off: such receivers are refused at registration and at each delivery, so a subscription cannot make the server POST into its own network (docs/journalists.md)." }),
  VANTAGE_WEBHOOK_PER_ADDRESS: int({ group: "notices", default: 20, min: 1, description: "Webhook subscriptions (`POST /api/v1/webhooks`) one client address may make per UTC day (by the client-address rule, counted as keyed digests like probe registrations); beyond, 429 with Retry-After." }),
  VANTAGE_WEBHOOK_PER_NETWORK: int({ group: "notices", default: 80, min: 1, description: "Webhook subscriptions per UTC day from one client network (/24 or /48)." }),
  VANTAGE_WEBHOOK_PER_HOST: int({ group: "notices", default: 10, min: 1, description: "Subscriptions, pending or confirmed, that may name one receiver host; beyond, 429 with Retry-After (pending ones expire unconfirmed after a day)." }),
  VANTAGE_SMTP_FROM: text({ group: "notices", default: "Vantage <vantage@localhost>", description: "Sender of those e-mails; set it to an address your relay accepts." }),

  // detection
  VANTAGE_DETECT_INTERVAL_S: seconds({ group: "detection", default: DEFAULT_DETECT_INTERVAL_S, min: 0, unit: "seconds", description: "The server re-runs event detection over the window new uploads touched at most this often; `0`: events change only through `npm run detect`." }),
  VANTAGE_DETECT_LEASE_RETRY_S: seconds({ group: "detection", default: 15, min: 0.1, max: 30, unit: "seconds", description: "On PostgreSQL, seconds between an instance's attempts to take the detection lease (one detector among all instances), and between the holder's checks that it still has it; at most 30, so a takeover stays within a minute." }),
  VANTAGE_DETECT_HISTORY_HOURS: seconds({ group: "detection", default: DEFAULT_DETECT_HISTORY_HOURS, min: 0, unit: "hours", description: "Rounds read before the replaced window by those runs, for throughput baselines and pending runs; raise it for probes that measure less often." }),

  VANTAGE_DETECT_MAX_ATTEMPTS: int({ group: "detection", default: 3, min: 1, max: 1000, description: "Failed runs in a row over one range before the server gives that range up, with an alert on `/api/health` and `vantage_detection_given_up_total` in `/metrics`, so it never blocks later runs." }),
  VANTAGE_DETECT_WORKER_HEAP_MB: int({ group: "detection", default: 512, min: 64, max: 65_536, description: "Heap of the worker thread that runs detection; a run that needs more fails (and is retried, then given up) instead of exhausting the server's memory." }),

  // maintenance
  VANTAGE_PG_BIN: text({ group: "maintenance", default: "/usr/lib/postgresql/15/bin", description: "Where `npm run topology`, `bench:scale` and the topology test find PostgreSQL's binaries (initdb, pg_ctl, pg_basebackup) for a local primary and replica (docs/scaling.md)." }),
  VANTAGE_HAPROXY: text({ group: "maintenance", default: "haproxy", description: "The HAProxy binary the local topology puts in front of its instances." }),
  VANTAGE_RETENTION_MONTHS: optionalInt({ group: "maintenance", min: 1, description: "`npm run db:retention` drops monthly measurement partitions older than this many months. Unset: everything is kept." }),
};

export type SettingName = keyof typeof SETTINGS;
