// The stores integration tests run against: embedded PGlite always, and PostgreSQL too
// when TEST_DATABASE_URL names a server (each test file gets a fresh database there).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { migrationsDir } from "../../lib/store/migrate";
import { openStore, type Store } from "../../lib/store/open";

export interface StoreFactory {
  name: "pglite" | "postgres";
  /**
   * Opens a fresh, migrated, empty store; `dispose` removes it. `fromScratch` skips the
   * PGlite template, for tests that must see the migrations run.
   */
  create(options?: { fromScratch?: boolean }): Promise<{ store: Store; dispose: () => Promise<void>; url?: string; dataDir?: string }>;
}

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

/** Creates a uniquely named database on the test server and returns its URL. */
export async function createTestDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `vantage_t_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function tempDir(prefix = "vantage-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh PGlite data directory: a copy of the run's migrated template when there is one. */
export function pgliteDataDir(): string {
  const dataDir = tempDir();
  const template = inject("pgliteTemplate");
  if (template && fs.existsSync(template)) fs.cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

export function storeFactories(): StoreFactory[] {
  const factories: StoreFactory[] = [
    {
      name: "pglite",
      async create(options = {}) {
        const dataDir = options.fromScratch ? tempDir() : pgliteDataDir();
        const store = await openStore({ dataDir });
        return {
          store,
          dataDir,
          dispose: async () => {
            await store.close();
            fs.rmSync(dataDir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  const adminUrl = testDatabaseUrl();
  if (adminUrl) {
    factories.push({
      name: "postgres",
      async create() {
        const db = await createTestDatabase(adminUrl);
        const store = await openStore({ databaseUrl: db.url });
        return {
          store,
          url: db.url,
          dispose: async () => {
            await store.close();
            await db.drop();
          },
        };
      },
    });
  }
  return factories;
}

/** A copy of the migrations directory holding only the migrations before `name`: a store at that point. */
export function migrationsBefore(name: string): string {
  const dir = tempDir("vantage-mig-");
  for (const m of fs.readdirSync(migrationsDir()).filter((d) => d < name)) {
    fs.cpSync(path.join(migrationsDir(), m), path.join(dir, m), { recursive: true });
  }
  return dir;
}
