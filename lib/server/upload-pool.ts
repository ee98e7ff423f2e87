// Where the server shapes uploads: in VANTAGE_UPLOAD_WORKERS worker threads (default one
// per core but one), so parsing, validating and scoring a batch (most of an upload's CPU)
// runs beside the web server's own thread instead of on it, which is left to read bodies
// and talk to the store. 0 shapes in the route's thread. Measured with bench:ingest in
// docs/ingest.md.
import path from "node:path";
import { existsSync } from "node:fs";
import { config } from "../config";
import { countUploadWorkerDeath } from "../metrics";
import { createWorkerPool, type WorkerPool } from "../workers/pool";
import { shapeUpload, type UploadContext, type UploadShaping } from "../ingest/upload";
import type { UploadTask } from "./upload-worker";

/**
 * The worker module, from the sources: the route itself runs from Next.js's bundle, whose
 * chunks a worker cannot load, so the pool starts workers on the TypeScript file (through
 * tsx) in the directory the server runs from.
 */
const WORKER_FILE = path.join(process.cwd(), "lib", "server", "upload-worker.ts");

type Pool = WorkerPool<UploadTask, UploadShaping>;
const key = Symbol.for("vantage.upload-pool");
const g = globalThis as unknown as Record<symbol, Pool | null | undefined>;

function pool(): Pool | null {
  if (g[key] !== undefined) return g[key];
  const size = config().VANTAGE_UPLOAD_WORKERS;
  const present = existsSync(WORKER_FILE);
  if (size > 0 && !present) console.error(`upload workers: ${WORKER_FILE} is missing; shaping uploads in the server's own thread`);
  g[key] = size > 0 && present ? createWorkerPool<UploadTask, UploadShaping>(WORKER_FILE, size, { onWorkerDied }) : null;
  return g[key];
}

/** Starts the upload workers ahead of the first upload (instrumentation.ts, at server start). */
export function startUploadPool(): void {
  pool();
}

function onWorkerDied(error: unknown): void {
  countUploadWorkerDeath();
  console.error(`upload worker died (replaced): ${error instanceof Error ? error.message : String(error)}`);
}

/** shapeUpload, in a worker thread when the server has them. */
export async function shapeUploadInPool(text: string, ctx: UploadContext): Promise<UploadShaping> {
  const workers = pool();
  return workers ? workers.run({ text, ctx }) : shapeUpload(text, ctx);
}
