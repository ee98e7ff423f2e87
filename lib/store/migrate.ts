// Applies the SQL migrations in prisma/migrations, in name order, each in its own
// transaction, inside the process that owns the store (PGlite allows no other).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { config } from "../config";
import type { Store } from "./open";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(): string {
  // Read at run time from the working directory; not something the bundler should trace.
  return path.resolve(
    /*turbopackIgnore: true*/ config().VANTAGE_MIGRATIONS_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations"),
  );
}

export function readMigrations(dir = migrationsDir()): Migration[] {
  if (!fs.existsSync(dir)) throw new Error(`no migrations directory at ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

const LEDGER = `CREATE TABLE IF NOT EXISTS vantage_migrations (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** Arbitrary constant: serialises migrators of one PostgreSQL database. */
const MIGRATION_LOCK_KEY = 72_534_001;

export async function appliedMigrations(store: Store): Promise<Map<string, string>> {
  await store.exec(LEDGER);
  const rows = await store.prisma.$queryRawUnsafe<{ name: string; checksum: string }[]>(
    "SELECT name, checksum FROM vantage_migrations",
  );
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied migrations whose file changed since: the store and the code disagree. */
  modified: string[];
}

export async function migrationStatus(store: Store): Promise<MigrationStatus> {
  const applied = await appliedMigrations(store);
  const all = readMigrations();
  return {
    applied: all.filter((m) => applied.has(m.name)).map((m) => m.name),
    pending: all.filter((m) => !applied.has(m.name)).map((m) => m.name),
    modified: all.filter((m) => applied.has(m.name) && applied.get(m.name) !== m.checksum).map((m) => m.name),
  };
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(store: Store, log: (line: string) => void = () => {}): Promise<string[]> {
  const status = await migrationStatus(store);
  if (status.modified.length > 0) {
    throw new MigrationError(
      `migration file(s) changed after being applied: ${status.modified.join(", ")}; add a new migration instead of editing one`,
    );
  }
  const done: string[] = [];
  for (const migration of readMigrations().filter((m) => status.pending.includes(m.name))) {
    // One simple-protocol script: BEGIN..COMMIT make it atomic; the advisory lock makes a
    // second migrator wait, then fail on its duplicate ledger row and re-check below.
    const script = [
      "BEGIN;",
      `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});`,
      `INSERT INTO vantage_migrations (name, checksum) VALUES (${quote(migration.name)}, ${quote(migration.checksum)});`,
      migration.sql,
      ";COMMIT;",
    ].join("\n");
    try {
      await store.exec(script);
      log(`applied migration ${migration.name}`);
      done.push(migration.name);
    } catch (error) {
      const now = await appliedMigrations(store);
      if (now.get(migration.name) === migration.checksum) continue; // another process applied it
      throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
    }
  }
  return done;
}
