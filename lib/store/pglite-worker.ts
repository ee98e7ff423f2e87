// Worker-thread side of ./pglite-remote: owns the embedded store (PGlite, which executes
// every statement synchronously on the thread that calls it) so that a long statement
// blocks this thread, never the one that answers requests. Each message is one call of
// PGlite's own API (query, exec, transaction, close); PGlite's own locks order them, and a
// transaction is PGlite's own `transaction()`, held open across messages until the caller
// ends it. Replies carry plain data only (rows, fields, a DatabaseError's fields).
import { parentPort } from "node:worker_threads";
import type { PGlite, Transaction } from "@electric-sql/pglite";

export type Request =
  | { id: number; op: "open"; dataDir: string; sharedBuffersMb?: number }
  | { id: number; op: "query"; sql: string; params?: unknown[]; rowMode?: "array" | "object"; raw?: number[]; tx?: number }
  | { id: number; op: "exec"; sql: string; tx?: number }
  | { id: number; op: "queryJson"; sql: string; params?: unknown[] }
  | { id: number; op: "begin" }
  | { id: number; op: "end"; tx: number; commit: boolean }
  | { id: number; op: "close" };

/** A DatabaseError's fields, or another error's name and message, as they cross threads. */
export interface ErrorFields {
  name: string;
  message: string;
  database: boolean;
  fields: Record<string, unknown>;
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorFields };

const DATABASE_ERROR_FIELDS = [
  "length", "severity", "code", "detail", "hint", "position", "internalPosition", "internalQuery", "where",
  "schema", "table", "column", "dataType", "constraint", "file", "line", "routine",
] as const;

function errorFields(error: unknown): ErrorFields {
  const e = error instanceof Error ? error : new Error(String(error));
  const fields: Record<string, unknown> = {};
  const database = "severity" in e && "code" in e;
  if (database) for (const f of DATABASE_ERROR_FIELDS) fields[f] = (e as unknown as Record<string, unknown>)[f];
  return { name: e.name, message: e.message, database, fields };
}

const port = parentPort;
if (!port) throw new Error("pglite-worker runs in a worker thread");

let db: PGlite | null = null;
let nextTx = 1;
const transactions = new Map<number, { tx: Transaction; finish: (commit: boolean) => void; done: Promise<unknown> }>();

/** Identity parsers for the types the caller parses itself (functions cannot cross threads). */
const identity = (x: string) => x;
const rawParsers = (oids: number[] = []) => Object.fromEntries(oids.map((oid) => [oid, identity]));

function open(): PGlite {
  if (!db) throw new Error("the embedded store is not open");
  return db;
}

/** The open transaction `id`, or the database itself outside one. */
function target(txId: number | undefined): PGlite | Transaction {
  if (txId === undefined) return open();
  const t = transactions.get(txId);
  if (!t) throw new Error(`transaction ${txId} is not open`);
  return t.tx;
}

async function handle(msg: Request): Promise<unknown> {
  switch (msg.op) {
    case "open": {
      const { openPgliteHere } = await import("./pglite-open");
      db = await openPgliteHere(msg.dataDir, msg.sharedBuffersMb);
      return null;
    }
    case "query": {
      const { rows, fields, affectedRows } = await target(msg.tx).query(msg.sql, msg.params, { rowMode: msg.rowMode, parsers: rawParsers(msg.raw) });
      return { rows, fields: fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), affectedRows };
    }
    case "queryJson":
      return JSON.stringify((await open().query(msg.sql, msg.params)).rows);
    case "exec": {
      const results = await target(msg.tx).exec(msg.sql);
      return results.map(({ rows, fields, affectedRows }) => ({ rows, fields: fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), affectedRows }));
    }
    case "begin":
      return new Promise<number>((resolve, reject) => {
        const id = nextTx++;
        let finish!: (commit: boolean) => void;
        const ended = new Promise<boolean>((r) => (finish = r));
        let started = false;
        const done = open().transaction(async (tx) => {
          started = true;
          transactions.set(id, { tx, finish, done });
          resolve(id);
          // PGlite commits when this resolves; a rollback asked for is run here, and then
          // PGlite sees the transaction closed and commits nothing.
          if (!(await ended) && !tx.closed) await tx.rollback();
        });
        done.catch((error: unknown) => {
          if (!started) reject(error); // BEGIN itself failed
        });
      });
    case "end": {
      const t = transactions.get(msg.tx);
      if (!t) throw new Error(`transaction ${msg.tx} is not open`);
      t.finish(msg.commit);
      try {
        await t.done; // COMMIT's own failure (a deferred constraint) reaches the caller
      } finally {
        transactions.delete(msg.tx);
      }
      return null;
    }
    case "close":
      await db?.close();
      db = null;
      return null;
  }
}

port.on("message", (msg: Request) => {
  handle(msg).then(
    (value) => port.postMessage({ id: msg.id, ok: true, value } satisfies Reply),
    (error: unknown) => port.postMessage({ id: msg.id, ok: false, error: errorFields(error) } satisfies Reply),
  );
});
