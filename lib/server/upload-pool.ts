// Where the server shapes uploads: in VANTAGE_UPLOAD_WORKERS worker threads (default one
// per core but one), so parsing, validating and scoring a batch (most of an upload's CPU)
// runs beside the web server's own thread instead of on it, which is left to read bodies
// and talk to the store. 0 shapes in the route's thread. Measured with bench:ingest in
// docs/ingest.md.
import path from "node:path";
import { config } from "../config";
import { countUploadWorkerDeath } from "../metrics";
import { processWorkerPool } from "../workers/pool";
import { shapeUpload, type UploadContext, type UploadShaping } from "../ingest/upload";
import type { UploadTask } from "./upload-worker";

/**
 * The worker module, from the sources: the route itself runs from Next.js's bundle, whose
 * chunks a worker cannot load, so the pool starts workers on the TypeScript file (through
 * tsx) in the directory the server runs from.
 */
const WORKER_FILE = path.join(process.cwd(), "lib", "server", "upload-worker.ts");

const pool = processWorkerPool<UploadTask, UploadShaping>("vantage.upload-pool", WORKER_FILE, () => ({ size: config().VANTAGE_UPLOAD_WORKERS, onWorkerDied }));

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
