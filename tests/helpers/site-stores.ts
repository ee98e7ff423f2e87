// The stores an e2e test runs the real site on: a PGlite directory (a copy of the migrated
// template) always, and a fresh PostgreSQL database when TEST_DATABASE_URL is set. The
// test reads the same store the site serves from: PGlite only once the site has stopped
// (one process owns the directory), PostgreSQL at any time.
import fs from "node:fs";
import { openStore, type Store } from "../../lib/store/open";
import { createTestDatabase, pgliteDataDir, testDatabaseUrl } from "./stores";

export interface SiteStore {
  /** Environment for startSite that points the site at this store. */
  env: Record<string, string>;
  open: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

export interface SiteStoreCase {
  name: "pglite" | "postgres";
  prepare: () => Promise<SiteStore>;
}

export function siteStoreCases(): SiteStoreCase[] {
  const cases: SiteStoreCase[] = [
    {
      name: "pglite",
      prepare: async () => {
        const dir = pgliteDataDir();
        return {
          env: { VANTAGE_DATA_DIR: dir, DATABASE_URL: "" },
          open: () => openStore({ dataDir: dir }),
          cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
  ];
  const adminUrl = testDatabaseUrl();
  if (adminUrl) {
    cases.push({
      name: "postgres",
      prepare: async () => {
        const db = await createTestDatabase(adminUrl);
        return { env: { DATABASE_URL: db.url }, open: () => openStore({ databaseUrl: db.url }), cleanup: db.drop };
      },
    });
  }
  return cases;
}
