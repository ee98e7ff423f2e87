// Drives an import: reads inputs (reader), turns each measurement into the rows the store
// writes (item: parse, map, validate, score, shape; in worker threads when asked), and
// hands them to a sink in batches (the store's ingest, or nothing for a dry run). One batch
// is written while the next is read and mapped; read-ahead is bounded (a few chunks per
// worker, two batches), so memory does not grow with the input. Items are counted in input
// order whatever thread handled them, so the summary is the same with or without workers.
import type { ShapedRecord } from "../ingest/prepare";
import { importItem, type ImportItem, type ItemOutcome } from "./item";
import { createItemPool, type ItemPool } from "./item-pool";
import type { SkipReason } from "./map";
import { readInputs, type SourceItem } from "./reader";

export type ImportSkipReason = SkipReason | "malformed_json" | "conflict";

/** What happened to records handed to the sink. */
export interface SinkResult {
  stored: number;
  duplicates: number;
  /** Ids the sink refused because a different record with the same id is stored. */
  conflicts?: number;
}
export type RecordSink = (records: ShapedRecord[]) => Promise<SinkResult>;

export interface Problem {
  file: string;
  line: number | null;
  reason: ImportSkipReason | "unreadable_file";
  message: string;
}

export interface ImportSummary {
  files: number;
  /** Items read: measurements and malformed lines. */
  read: number;
  imported: number;
  alreadyPresent: number;
  skipped: Partial<Record<ImportSkipReason, number>>;
  /** Files that could not be read to the end (truncated gzip, I/O error). */
  unreadableFiles: number;
  /** Records that mapped and validated (what a dry run would import). */
  valid: number;
  /** Vantage's class counts of the valid records. */
  classes: Record<string, number>;
  elapsedMs: number;
}

export interface ImportOptions {
  batchSize?: number;
  /** Where valid records go; omitted for a dry run (map and validate only). */
  sink?: RecordSink;
  /** Worker threads that parse, map and score (0: all in this thread). */
  workers?: number;
  onProblem?: (problem: Problem) => void;
  onProgress?: (summary: ImportSummary) => void;
  progressEveryMs?: number;
  /** Injected clock for elapsed times (tests); defaults to performance.now. */
  now?: () => number;
}

export const DEFAULT_BATCH_SIZE = 500;

/** Items per unit of work handed to a worker: large enough that messaging costs little. */
const CHUNK_ITEMS = 64;

export async function importOoni(
  paths: readonly string[],
  options: ImportOptions = {},
  items: AsyncIterable<SourceItem> = readInputs(paths),
): Promise<ImportSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const summary: ImportSummary = {
    files: 0, read: 0, imported: 0, alreadyPresent: 0, skipped: {}, unreadableFiles: 0, valid: 0, classes: {}, elapsedMs: 0,
  };
  const countSkip = (reason: ImportSkipReason, n = 1) => {
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + n;
  };
  const problem = (p: Problem) => options.onProblem?.(p);

  let batch = new Map<string, ShapedRecord>();
  let inFlight: Promise<void> | null = null;
  // A failed write is kept and rethrown at the next wait, never left as an unhandled rejection.
  let sinkError: { error: unknown } | null = null;
  const settle = async () => {
    if (inFlight) await inFlight;
    inFlight = null;
    if (sinkError) throw sinkError.error;
  };
  const flush = async () => {
    if (batch.size === 0) return;
    const records = [...batch.values()];
    batch = new Map();
    await settle();
    if (!options.sink) return;
    inFlight = options.sink(records).then(
      (r) => {
        summary.imported += r.stored;
        summary.alreadyPresent += r.duplicates;
        if (r.conflicts) countSkip("conflict", r.conflicts);
      },
      (error: unknown) => {
        sinkError = { error };
      },
    );
  };

  // Items are handled in chunks (in workers when there is a pool) and counted in input order.
  const receivedAt = new Date();
  const pool: ItemPool | null = (options.workers ?? 0) > 0 ? createItemPool(options.workers!) : null;
  const maxChunksInFlight = pool ? 3 * options.workers! : 1;
  type Chunk = { items: { file: string; line: number }[]; outcomes: Promise<ItemOutcome[]> };
  const chunks: Chunk[] = [];
  let open: { items: { file: string; line: number }[]; inputs: ImportItem[] } = { items: [], inputs: [] };
  const dispatch = () => {
    if (open.inputs.length === 0) return;
    const { items, inputs } = open;
    open = { items: [], inputs: [] };
    const outcomes = pool ? pool.run(inputs, receivedAt) : Promise.resolve(inputs.map((i) => importItem(i, receivedAt)));
    chunks.push({ items, outcomes });
  };
  const count = async (chunk: Chunk) => {
    const outcomes = await chunk.outcomes;
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i];
      const { file, line } = chunk.items[i];
      if (o.kind === "malformed") {
        countSkip("malformed_json");
        problem({ file, line, reason: "malformed_json", message: o.message });
      } else if (o.kind === "skip") {
        countSkip(o.reason);
        // Other test types are expected in OONI dumps: counted, not reported one by one.
        if (o.reason !== "other_test") problem({ file, line, reason: o.reason, message: o.message });
      } else if (batch.has(o.shaped.m.id)) {
        summary.alreadyPresent += 1; // the same measurement twice in the input
      } else {
        summary.valid += 1;
        summary.classes[o.cls] = (summary.classes[o.cls] ?? 0) + 1;
        batch.set(o.shaped.m.id, o.shaped);
        if (batch.size >= batchSize) await flush();
      }
    }
  };
  const drain = async (keep: number) => {
    while (chunks.length > keep) await count(chunks.shift()!);
  };

  let lastFile: string | null = null;
  let lastProgress = started;
  try {
    for await (const item of readInputs(paths, { unparsedLines: pool !== null })) {
      if (item.file !== lastFile) {
        summary.files += 1;
        lastFile = item.file;
      }
      if (item.kind === "file_error") {
        dispatch();
        await drain(0); // earlier items are counted before the file's problem is reported
        summary.unreadableFiles += 1;
        problem({ file: item.file, line: item.line, reason: "unreadable_file", message: item.message });
        continue;
      }
      summary.read += 1;
      open.items.push({ file: item.file, line: item.line });
      open.inputs.push(item.kind === "text" ? { text: item.text } : item.kind === "value" ? { value: item.value } : { malformed: item.message });
      if (open.inputs.length >= CHUNK_ITEMS) {
        dispatch();
        await drain(maxChunksInFlight);
      }
      if (options.onProgress && options.progressEveryMs !== undefined && now() - lastProgress >= options.progressEveryMs) {
        lastProgress = now();
        options.onProgress({ ...summary, elapsedMs: lastProgress - started });
      }
    }
    dispatch();
    await drain(0);
  } finally {
    await pool?.close();
  }
  await flush();
  await settle();
  summary.elapsedMs = now() - started;
  return summary;
}
