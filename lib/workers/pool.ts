// Worker threads that run one pure, synchronous function of this codebase, for CPU work
// that would otherwise hold up a process's only thread: the OONI importer's parse-map-score
// (lib/ooni/item-pool) and the upload API's validate-score-shape (lib/server/upload-pool).
// A worker module calls `serveTasks(fn)`; the pool posts inputs and resolves outputs. Both
// must be structured-cloneable: hand back strings rather than object graphs where the
// output is large, since cloning strings costs far less.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parentPort, Worker, type ResourceLimits } from "node:worker_threads";

export interface WorkerPool<In, Out> {
  run(input: In): Promise<Out>;
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** Defaults to a young generation of WORKER_YOUNG_GENERATION_MB. */
  resourceLimits?: ResourceLimits;
  /** Called when a worker dies (its tasks fail with `error`); for logs and metrics. */
  onWorkerDied?: (error: unknown) => void;
}

/**
 * The tasks these workers run (a batch of uploads, a chunk of OONI lines) allocate parsed
 * documents and records that are nearly all garbage by the task's end: a young generation
 * larger than V8's default lets them die young instead of being scavenged repeatedly and
 * promoted. Measured on 2 cores, import dry run of 10,000 bench measurements, 1 worker:
 * 2,160/s at the default, 2,130/s at 48 MB, 2,430/s at 96 MB, with the same peak RSS.
 */
export const WORKER_YOUNG_GENERATION_MB = 96;

/**
 * Workers a pool gets unless told otherwise (defined with the settings, lib/config): one
 * per core but one, at least one. The pool's owner thread (reading input, talking to the
 * store) and the database need a core too. Measured on 2 cores: bench:import (30,000
 * measurements) 1,997/s with one worker, 1,975/s with two; bench:ingest 1,425-1,479
 * records/s with one, 1,377 with two.
 */
export { defaultWorkerCount } from "../config/schema";

/** An error thrown by a task, as it crosses back to the pool (rethrown there as `WorkerTaskError`). */
export class WorkerTaskError extends Error {
  override name = "WorkerTaskError";
  constructor(
    message: string,
    readonly causeName: string,
    readonly stackInWorker: string | undefined,
  ) {
    super(message);
  }
}

type Reply<Out> = { id: number; ok: true; value: Out } | { id: number; ok: false; name: string; message: string; stack?: string };

/**
 * Starts a worker on a module file. A `.ts` file runs through tsx, registered inside the
 * worker: workers inherit neither tsx's loader hooks nor a bundler's module graph, so the
 * upload API (bundled by Next.js) and the CLIs (run by tsx) both start them from source.
 */
export function startWorker(file: string, options: Pick<WorkerPoolOptions, "resourceLimits"> = {}): Worker {
  if (!existsSync(file)) throw new Error(`worker module ${file} is missing`);
  if (!file.endsWith(".ts")) return new Worker(file, { resourceLimits: options.resourceLimits });
  const href = JSON.stringify(pathToFileURL(file).href);
  return new Worker(`import("tsx/esm/api").then((tsx) => tsx.register()).then(() => import(${href}))`, {
    eval: true,
    resourceLimits: options.resourceLimits,
  });
}

/**
 * `size` workers on `file`. Tasks go to the least busy worker. A worker that dies fails
 * only its own tasks; it is replaced at once if it had answered a task, else at the next
 * task (a module that cannot even load fails each task with its error, never in a loop).
 * Idle workers never keep the process alive.
 */
export function createWorkerPool<In, Out>(
  file: string,
  size: number,
  { resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB }, onWorkerDied }: WorkerPoolOptions = {},
): WorkerPool<In, Out> {
  const options = { resourceLimits };
  if (!Number.isInteger(size) || size < 1) throw new Error(`a worker pool needs at least one worker (got ${size})`);
  type Pending = { resolve: (o: Out) => void; reject: (e: unknown) => void };
  interface Slot {
    worker: Worker;
    pending: Map<number, Pending>;
    answered: number;
  }
  let nextId = 0;
  let closed = false;
  const slots: (Slot | null)[] = Array.from({ length: size }, () => null);
  const spawn = (index: number): Slot => {
    const slot: Slot = { worker: startWorker(file, options), pending: new Map(), answered: 0 };
    slots[index] = slot;
    slot.worker.unref();
    slot.worker.on("message", (reply: Reply<Out>) => {
      const task = slot.pending.get(reply.id);
      slot.pending.delete(reply.id);
      slot.answered++;
      if (slot.pending.size === 0) slot.worker.unref();
      if (!task) return;
      if (reply.ok) task.resolve(reply.value);
      else task.reject(new WorkerTaskError(reply.message, reply.name, reply.stack));
    });
    const fail = (error: unknown) => {
      for (const task of slot.pending.values()) task.reject(error);
      slot.pending.clear();
      if (closed || slots[index] !== slot) return;
      onWorkerDied?.(error);
      slots[index] = null;
      if (slot.answered > 0) spawn(index);
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", (code) => fail(new Error(`worker ${file} exited with code ${code}`)));
    return slot;
  };
  for (let i = 0; i < size; i++) spawn(i);
  return {
    run(input) {
      if (closed) return Promise.reject(new Error("the worker pool is closed"));
      let index = 0;
      const load = (i: number) => slots[i]?.pending.size ?? 0;
      for (let i = 1; i < size; i++) if (load(i) < load(index)) index = i;
      const slot = slots[index] ?? spawn(index);
      const id = nextId++;
      return new Promise<Out>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.ref(); // a task in flight keeps the process alive until it is answered
        slot.worker.postMessage({ id, input });
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s?.worker.terminate()));
    },
  };
}


/**
 * The server's pool for one kind of work, created on first use and shared by the whole
 * process (on globalThis under `name`: Next.js bundles each route apart, and a module-level
 * pool would be one per bundle). Its workers start on the TypeScript source `file`, since a
 * worker cannot load Next's chunks; with no such file, or with a size of 0, there is no pool
 * (null) and the caller does the work in its own thread. `settings` is read at first use,
 * once the server's configuration is parsed.
 */
export function processWorkerPool<In, Out>(
  name: string,
  file: string,
  settings: () => WorkerPoolOptions & { size: number },
): () => WorkerPool<In, Out> | null {
  const key = Symbol.for(name);
  const g = globalThis as unknown as Record<symbol, WorkerPool<In, Out> | null | undefined>;
  return () => {
    if (g[key] !== undefined) return g[key];
    const { size: n, ...options } = settings();
    const present = existsSync(file);
    if (n > 0 && !present) console.error(`${name}: ${file} is missing; working in the caller's own thread`);
    g[key] = n > 0 && present ? createWorkerPool<In, Out>(file, n, options) : null;
    return g[key];
  };
}

/** The worker side: answers every task posted to this thread with `fn(input)`. */
export function serveTasks<In, Out>(fn: (input: In) => Out): void {
  if (!parentPort) throw new Error("serveTasks runs in a worker thread");
  const port = parentPort;
  port.on("message", ({ id, input }: { id: number; input: In }) => {
    let reply: Reply<Out>;
    try {
      reply = { id, ok: true, value: fn(input) };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      reply = { id, ok: false, name: e.name, message: e.message, stack: e.stack };
    }
    port.postMessage(reply);
  });
}
