// Where detection's CPU work runs: in one worker thread with a bounded heap, so a long run
// never holds up the web server's thread (health checks, pages) and a run that would
// exhaust memory kills its worker (the run fails, is retried, then given up) instead of
// the server. Rounds are read and events stored through the caller's store (PGlite has
// one owner, its own worker thread: ./pglite-remote). Without the worker file (a bundle without sources) the
// detector runs in the caller's thread.
import path from "node:path";
import { config } from "../config";
import { detect } from "../detect/detector";
import type { DetectConfig } from "../detect/config";
import type { RoundObservation } from "../detect/types";
import { processWorkerPool, WORKER_YOUNG_GENERATION_MB } from "../workers/pool";
import type { DetectionTask, DetectionTaskResult } from "./detection-worker";
import { traceDetection, type DetectorTrace, type TraceQuery } from "../detect/trace";

const WORKER_FILE = path.join(process.cwd(), "lib", "store", "detection-worker.ts");
type Result = ReturnType<typeof detect>;
const pool = processWorkerPool<DetectionTask, DetectionTaskResult>("vantage.detection-pool", WORKER_FILE, () => ({
  size: 1,
  resourceLimits: { maxOldGenerationSizeMb: config().VANTAGE_DETECT_WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  onWorkerDied: (error) => console.error(`detection worker died: ${error instanceof Error ? error.message : String(error)}`),
}));

/** The detector's result for `observations`, computed in the detection worker when there is one. */
export async function detectOffThread(observations: RoundObservation[], config: Partial<DetectConfig>): Promise<Result> {
  const workers = pool();
  return workers ? ((await workers.run({ observations, config })) as Result) : detect(observations, config);
}

/**
 * The detector's per-bucket state for `query` over `observations` (lib/detect/trace.ts),
 * computed in the detection worker when there is one, so a long read never holds up the
 * server's thread; it queues behind a detection run in progress.
 */
export async function traceOffThread(observations: RoundObservation[], query: TraceQuery, config: Partial<DetectConfig> = {}): Promise<DetectorTrace> {
  const workers = pool();
  return workers ? ((await workers.run({ observations, config, trace: query })) as DetectorTrace) : traceDetection(observations, query, config);
}
