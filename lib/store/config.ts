// Where the store lives: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise.
import path from "node:path";

export type StoreTarget =
  | { kind: "postgres"; url: string }
  | { kind: "pglite"; dataDir: string };

export interface StoreOptions {
  databaseUrl?: string;
  /** PGlite data directory; "memory://" for a throwaway in-memory store. */
  dataDir?: string;
}

export function resolveStoreTarget(
  options: StoreOptions = {},
  env: Record<string, string | undefined> = process.env,
): StoreTarget {
  const url = options.databaseUrl ?? (options.dataDir ? undefined : env.DATABASE_URL);
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new StoreConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got "${redactUrl(url)}")`);
    }
    return { kind: "postgres", url };
  }
  const dir = options.dataDir ?? env.VANTAGE_DATA_DIR ?? ".data";
  return { kind: "pglite", dataDir: dir.startsWith("memory://") ? dir : path.resolve(/*turbopackIgnore: true*/ dir) };
}

export class StoreConfigError extends Error {
  override name = "StoreConfigError";
}

/** A URL fit for error messages: the password is never printed. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]*)@/, "//$1:***@");
}

export function describeStoreTarget(target: StoreTarget): string {
  return target.kind === "postgres" ? `PostgreSQL at ${redactUrl(target.url)}` : `embedded PGlite in ${target.dataDir}`;
}
