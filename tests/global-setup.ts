// Once per test run: a migrated, empty PGlite data directory that every PGlite test store
// starts as a copy of, so each store skips initdb and the migrations (seconds each on
// 2 cores).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openStore } from "../lib/store/open";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vantage-template-"));
  const store = await openStore({ dataDir: dir });
  await store.close();
  project.provide("pgliteTemplate", dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
