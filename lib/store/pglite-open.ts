// Opens PGlite in the calling thread, as lib/store/open.ts wants it: UTC session, and
// PostgreSQL's shared_buffers as configured (VANTAGE_PGLITE_SHARED_BUFFERS_MB). PGlite
// keeps its buffers in its WebAssembly memory, which never shrinks: its own default of
// 128 MB made up about 100 MB of the server's resident memory at rest. Called in the
// store's worker thread (./pglite-worker), or here when there is none.
import type { PGlite } from "@electric-sql/pglite";

export async function openPgliteHere(dataDir: string, sharedBuffersMb?: number): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  const startParams = sharedBuffersMb === undefined ? undefined : [...PGlite.defaultStartParams, "-c", `shared_buffers=${Math.round(sharedBuffersMb)}MB`];
  const db = new PGlite(dataDir.startsWith("memory://") ? undefined : dataDir, { startParams });
  await db.exec("SET TIME ZONE 'UTC'");
  return db;
}
