// Every environment variable the server and its commands read, declared once: its type,
// default, bounds and description. docs/configuration.md is generated from this table
// (`npm run docs:config`). Adding a setting is one entry here; read it as
// `config().NAME` (lib/config/index.ts) and regenerate the docs.
import { availableParallelism } from "node:os";
import { parseTrustedProxies } from "../net/client-address";
import { flag, int, oneOf, optionalInt, optionalText, optionalUrl, parsed, secret, seconds, text } from "./setting";

/** Workers a pool gets unless told otherwise: one per core but one, at least one (see lib/workers/pool.ts). */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

export const MIN_OPERATOR_TOKEN_LENGTH = 16;
export const DEFAULT_DETECT_INTERVAL_S = 60;
/** A day of 10-minute rounds plus room, for throughput baselines and pending runs. */
export const DEFAULT_DETECT_HISTORY_HOURS = 48;

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
  VANTAGE_DB_POOL_SIZE: int({ group: "store", default: 10, min: 1, max: 1000, description: "PostgreSQL connections per server process." }),
  VANTAGE_MIGRATIONS_DIR: optionalText({ group: "store", type: "path", description: "Where migrations are read from. Unset: `prisma/migrations` under the working directory." }),

  // operator
  VANTAGE_OPERATOR_TOKEN: secret({ group: "operator", minLength: MIN_OPERATOR_TOKEN_LENGTH, description: "Bearer token for the operator's writes (annotations, probe revocation, reference probes, offline notices). Unset: those answer 403." }),
  VANTAGE_REGISTRATION_SECRET: secret({ group: "operator", minLength: 16, description: "Key of the HMAC applied to connecting addresses for the registration limit. Unset: a random key per process (a restart resets the windows)." }),

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
  VANTAGE_SMTP_FROM: text({ group: "notices", default: "Vantage <vantage@localhost>", description: "Sender of those e-mails; set it to an address your relay accepts." }),

  // detection
  VANTAGE_DETECT_INTERVAL_S: seconds({ group: "detection", default: DEFAULT_DETECT_INTERVAL_S, min: 0, unit: "seconds", description: "The server re-runs event detection over the window new uploads touched at most this often; `0`: events change only through `npm run detect`." }),
  VANTAGE_DETECT_HISTORY_HOURS: seconds({ group: "detection", default: DEFAULT_DETECT_HISTORY_HOURS, min: 0, unit: "hours", description: "Rounds read before the replaced window by those runs, for throughput baselines and pending runs; raise it for probes that measure less often." }),

  // maintenance
  VANTAGE_RETENTION_MONTHS: optionalInt({ group: "maintenance", min: 1, description: "`npm run db:retention` drops monthly measurement partitions older than this many months. Unset: everything is kept." }),
};

export type SettingName = keyof typeof SETTINGS;
