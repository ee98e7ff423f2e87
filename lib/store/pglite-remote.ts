// The embedded store (PGlite) in a worker thread of its own (./pglite-worker): PGlite runs
// each statement synchronously on the thread that calls it, so in the web server's thread a
// long aggregation stopped every other request, /api/health included, until it finished.
// `RemotePGlite` offers the part of PGlite's API that the Prisma adapter
// (pglite-prisma-adapter: query with row mode and parsers, exec, transaction with rollback)
// and lib/store/open.ts (exec, transaction, close) use, each call one message to the worker.
// Parsers are functions and cannot cross threads: the worker hands back the text of the
// columns the caller has parsers for, and they are applied here. A transaction holds the
// worker's PGlite transaction open until the caller's callback settles: committed if it
// resolves, rolled back if it throws or asked for a rollback. The data directory's lock
// stays with the process that opened the store (lib/store/lock.ts).
import { messages, type Results } from "@electric-sql/pglite";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../workers/pool";
import type { ErrorFields, Reply, Request } from "./pglite-worker";

type Parser = (text: string, typeId?: number) => unknown;
export interface RemoteQueryOptions {
  rowMode?: "array" | "object";
  parsers?: Record<number, Parser>;
}

export interface RemoteTransaction {
  query<T>(sql: string, params?: unknown[], options?: RemoteQueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

type Call = Request extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

/** An error as it was thrown in the worker: PGlite's DatabaseError (the Prisma adapter maps its code) or a plain Error. */
function rebuildError(e: ErrorFields): Error {
  let error: Error;
  if (e.database) error = new messages.DatabaseError(e.message, Number(e.fields.length ?? 0), "error");
  else {
    error = new Error(e.message);
    error.name = e.name;
  }
  for (const [k, v] of Object.entries(e.fields)) if (k !== "length" && v !== undefined) (error as unknown as Record<string, unknown>)[k] = v;
  return error;
}

/** Applies the caller's parsers to the columns the worker left as text, in place. */
function applyParsers<T>(result: Results<T>, parsers: Record<number, Parser> | undefined, rowMode: "array" | "object"): Results<T> {
  if (!parsers) return result;
  const columns = result.fields.flatMap((f, i) => {
    const parse = parsers[f.dataTypeID] as Parser | undefined;
    return parse ? [{ i, name: f.name, parse, type: f.dataTypeID }] : [];
  });
  if (columns.length === 0) return result;
  for (const row of result.rows as unknown as Record<string | number, unknown>[]) {
    for (const c of columns) {
      const k = rowMode === "array" ? c.i : c.name;
      const v = row[k];
      if (typeof v === "string") row[k] = c.parse(v, c.type);
    }
  }
  return result;
}

export class RemotePGlite {
  #worker: Worker;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  #nextId = 1;
  #dead: Error | null = null;
  #closed = false;
  #lastAnswerMs = -Infinity;

  private constructor(file: string) {
    this.#worker = startWorker(file);
    this.#worker.unref();
    this.#worker.on("message", (reply: Reply) => {
      this.#lastAnswerMs = Date.now();
      const call = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (!call) return;
      if (reply.ok) call.resolve(reply.value);
      else call.reject(rebuildError(reply.error));
    });
    const fail = (error: Error) => {
      this.#dead ??= this.#closed ? new Error("the embedded store is closed") : error;
      for (const call of this.#pending.values()) call.reject(this.#dead);
      this.#pending.clear();
    };
    this.#worker.on("error", (error) => fail(new Error(`the embedded store's worker failed: ${error.message}`)));
    this.#worker.on("exit", (code) => fail(new Error(`the embedded store's worker exited with code ${code}`)));
  }

  /** Starts the worker on `file` (./pglite-worker.ts) and opens the store in `dataDir` there. */
  static async open(file: string, dataDir: string, sharedBuffersMb?: number): Promise<RemotePGlite> {
    const db = new RemotePGlite(file);
    try {
      await db.#call({ op: "open", dataDir, sharedBuffersMb });
    } catch (error) {
      await db.#worker.terminate();
      throw error;
    }
    return db;
  }

  #call<T>(msg: Call): Promise<T> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.ref(); // a call in flight keeps the process alive until it is answered
      this.#worker.postMessage({ ...msg, id });
    });
  }

  /** Calls waiting for or running in the worker, and when it last answered one (for /api/health). */
  activity(): { inFlight: number; lastAnswerMs: number } {
    return { inFlight: this.#pending.size, lastAnswerMs: this.#lastAnswerMs };
  }

  async query<T>(sql: string, params?: unknown[], options: RemoteQueryOptions = {}, tx?: number): Promise<Results<T>> {
    const rowMode = options.rowMode ?? "object";
    const raw = options.parsers ? Object.keys(options.parsers).map(Number) : undefined;
    const result = await this.#call<Results<T>>({ op: "query", sql, params, rowMode, raw, tx });
    return applyParsers(result, options.parsers, rowMode);
  }

  /** A read's rows as JSON text, written in the worker (Store.queryJson). */
  queryJson(sql: string, params?: unknown[]): Promise<string> {
    return this.#call<string>({ op: "queryJson", sql, params });
  }

  exec(sql: string, tx?: number): Promise<Results[]> {
    return this.#call<Results[]>({ op: "exec", sql, tx });
  }

  /** Runs `work` in one transaction: committed if it resolves (and did not roll back), rolled back if it throws. */
  async transaction<T>(work: (tx: RemoteTransaction) => Promise<T>): Promise<T> {
    const id = await this.#call<number>({ op: "begin" });
    let closed = false;
    let rolledBack = false;
    const open = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const tx: RemoteTransaction = {
      query: async (sql, params, options) => (open(), this.query(sql, params, options, id)),
      exec: async (sql) => (open(), this.exec(sql, id)),
      rollback: async () => {
        open();
        rolledBack = closed = true;
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      closed = true;
      await this.#call({ op: "end", tx: id, commit: false }).catch(() => {}); // the work's error is the one to report
      throw error;
    }
    closed = true;
    await this.#call({ op: "end", tx: id, commit: !rolledBack });
    return result;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (!this.#dead) await this.#call({ op: "close" });
    } finally {
      await this.#worker.terminate(); // the worker's memory (PGlite's WebAssembly heap) goes with it
    }
  }
}
