// Opens the store (PGlite or PostgreSQL) behind one Prisma client, in UTC, migrated.
import { existsSync } from "node:fs";
import path from "node:path";
import { PrismaClient } from "../generated/prisma/client";
import { describeStoreTarget, redactUrl, resolveStoreTarget, type StoreOptions, type StoreTarget } from "./config";
import { config } from "../config";
import { lockDataDir } from "./lock";
import { migrate } from "./migrate";
import { withUtcTimestamps } from "./pglite-utc";

type PrismaAdapter = NonNullable<ConstructorParameters<typeof PrismaClient>[0]>["adapter"];

/** A driver-level query runner, for bulk writes where the ORM's parameter handling costs too much. */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Store {
  prisma: PrismaClient;
  target: StoreTarget;
  kind: StoreTarget["kind"];
  /** Runs a multi-statement SQL script through the driver's simple-query protocol. */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one driver-level transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * A read's rows as the text of a JSON array, written where the driver runs: the embedded
   * store writes it in its worker thread, so a large answer crosses to the caller (and on
   * to a worker that shapes it) as one string, never as objects built on the server's
   * thread. Timestamps become ISO 8601 text.
   */
  queryJson(sql: string, params?: unknown[]): Promise<string>;
  close(): Promise<void>;
  /**
   * The embedded store only: statements waiting for or running in its worker thread, and
   * when it last answered one. /api/health reads it instead of queueing behind a long read.
   */
  activity?(): StoreActivity;
}

export interface StoreActivity {
  inFlight: number;
  lastAnswerMs: number;
}

export class StoreConnectError extends Error {
  override name = "StoreConnectError";
}

export interface OpenStoreOptions extends StoreOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /**
   * PostgreSQL only: every statement on this store's connections is cancelled after this
   * many ms (the web server's bound on one request's cost; PGlite runs statements in
   * process, where the read limits bound them instead). The web server's store uses it; its
   * migrations were applied by `npm start` before, with no timeout.
   */
  statementTimeoutMs?: number;
}

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const target = resolveStoreTarget(options);
  const store = target.kind === "postgres" ? await openPostgres(target.url, options.statementTimeoutMs) : await openPglite(target.dataDir);
  try {
    if (options.migrate !== false) await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * The worker module that owns an embedded store (./pglite-worker). Without it (a bundle
 * without sources) PGlite runs in the caller's thread, as it did before.
 */
const PGLITE_WORKER_FILE = path.join(process.cwd(), "lib", "store", "pglite-worker.ts");

/** What openPglite uses of PGlite, in a worker (RemotePGlite) or in this thread. */
interface EmbeddedDb {
  exec(sql: string): Promise<unknown>;
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  queryJson?(sql: string, params?: unknown[]): Promise<string>;
  transaction<T>(work: (tx: { query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  activity?(): StoreActivity;
}

async function openEmbedded(dataDir: string): Promise<EmbeddedDb> {
  const sharedBuffersMb = config().VANTAGE_PGLITE_SHARED_BUFFERS_MB;
  if (existsSync(PGLITE_WORKER_FILE)) {
    const { RemotePGlite } = await import("./pglite-remote");
    return RemotePGlite.open(PGLITE_WORKER_FILE, dataDir, sharedBuffersMb);
  }
  const { openPgliteHere } = await import("./pglite-open");
  return openPgliteHere(dataDir, sharedBuffersMb);
}

async function openPglite(dataDir: string): Promise<Store> {
  const inMemory = dataDir.startsWith("memory://");
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  try {
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const db = await openEmbedded(dataDir);
    // pglite-prisma-adapter 0.6 is typed against an older driver-adapter-utils than the
    // 6.19 client, and is handed RemotePGlite where it expects PGlite; the runtime contract
    // is the same (see TOOLCHAIN.md and ./pglite-remote), the types differ.
    const adapter = withUtcTimestamps(new PrismaPGlite(db as never)) as unknown as PrismaAdapter;
    const prisma = new PrismaClient({ adapter });
    let closed = false;
    const target: StoreTarget = { kind: "pglite", dataDir };
    return {
      prisma,
      target,
      kind: "pglite",
      activity: db.activity ? () => db.activity!() : undefined,
      async exec(sql: string) {
        try {
          await db.exec(sql);
        } catch (error) {
          await db.exec("ROLLBACK").catch(() => {}); // leave no aborted transaction behind
          throw error;
        }
      },
      async queryJson(sql, params) {
        return db.queryJson ? db.queryJson(sql, params) : JSON.stringify((await db.query(sql, params)).rows);
      },
      transaction(work) {
        return db.transaction((tx) =>
          work({ query: async <R,>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows }),
        );
      },
      async close() {
        if (closed) return;
        closed = true;
        try {
          await prisma.$disconnect();
          await db.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function openPostgres(url: string, statementTimeoutMs?: number): Promise<Store> {
  const { default: pg } = await import("pg");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const base = { connectionString: url, connectionTimeoutMillis: 10_000 };
  let sessionOptions = "-c TimeZone=UTC";
  const check = new pg.Client({ ...base, options: sessionOptions });
  try {
    await check.connect();
    // lz4 compresses the large record documents several times faster than the default
    // pglz (docs/ingest.md); servers built without it keep pglz.
    const { rows } = await check.query<{ lz4: boolean }>(
      "SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'",
    );
    if (rows[0]?.lz4) sessionOptions += " -c default_toast_compression=lz4";
  } catch (error) {
    throw new StoreConnectError(explainPgError(error, url));
  } finally {
    await check.end().catch(() => {});
  }
  if (statementTimeoutMs !== undefined) sessionOptions += ` -c statement_timeout=${Math.round(statementTimeoutMs)}`;
  const pool = new pg.Pool({ ...base, options: sessionOptions, max: config().VANTAGE_DB_POOL_SIZE });
  // A failed connection also surfaces as a pool "error" event; callers get the rejection.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed = false;
  return {
    prisma,
    target: { kind: "postgres", url },
    kind: "postgres",
    async exec(sql: string) {
      const client = await pool.connect();
      try {
        await client.query(sql);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {}); // never pool an aborted transaction
        throw error;
      } finally {
        client.release();
      }
    },
    async queryJson(sql, params) {
      return JSON.stringify((await pool.query(sql, params)).rows);
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work({
          query: async <R,>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

/** One line saying what is wrong with the database connection, never the password. */
export function explainPgError(error: unknown, url: string): string {
  const e = error as { code?: string; message?: string };
  const where = redactUrl(url);
  switch (e.code) {
    case "ECONNREFUSED":
      return `cannot connect to PostgreSQL at ${where}: connection refused (is the server running?)`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot connect to PostgreSQL at ${where}: host not found`;
    case "ETIMEDOUT":
      return `cannot connect to PostgreSQL at ${where}: timed out`;
    case "28P01":
    case "28000":
      return `PostgreSQL at ${where} rejected the credentials (wrong user or password)`;
    case "3D000":
      return `PostgreSQL at ${where}: the database does not exist (create it first)`;
    default:
      return `cannot connect to PostgreSQL at ${where}: ${e.message ?? String(error)}`;
  }
}

export { describeStoreTarget };
