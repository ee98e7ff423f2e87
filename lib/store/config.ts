// Where the store lives: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise.
import path from "node:path";
import { config, redactUrl, type Config } from "../config";

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
  settings: Partial<Pick<Config, "DATABASE_URL" | "VANTAGE_DATA_DIR">> = config(),
): StoreTarget {
  const url = options.databaseUrl ?? (options.dataDir ? undefined : settings.DATABASE_URL);
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new StoreConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got "${redactUrl(url)}")`);
    }
    return { kind: "postgres", url };
  }
  const dir = options.dataDir ?? settings.VANTAGE_DATA_DIR ?? ".data";
  return { kind: "pglite", dataDir: dir.startsWith("memory://") ? dir : path.resolve(/*turbopackIgnore: true*/ dir) };
}

export class StoreConfigError extends Error {
  override name = "StoreConfigError";
}

export { redactUrl };

export function describeStoreTarget(target: StoreTarget): string {
  return target.kind === "postgres" ? `PostgreSQL at ${redactUrl(target.url)}` : `embedded PGlite in ${target.dataDir}`;
}
