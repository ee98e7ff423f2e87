// Drives an import: reads inputs (reader), maps each measurement (map), and hands valid
// records to a sink in batches (the store's ingest, or nothing for a dry run). One batch
// is written while the next is read and mapped; no more than two are ever held, so memory
// does not grow with the input. Counts everything for the summary.
import type { ValidRecord } from "../measurement/schema";
import { mapOoniMeasurement, type SkipReason } from "./map";
import { readInputs, type SourceItem } from "./reader";

export type ImportSkipReason = SkipReason | "malformed_json" | "conflict";

/** What happened to records handed to the sink. */
export interface SinkResult {
  stored: number;
  duplicates: number;
  /** Ids the sink refused because a different record with the same id is stored. */
  conflicts?: number;
}
export type RecordSink = (records: ValidRecord[]) => Promise<SinkResult>;

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
  /** Vantage's class counts of the valid records, when records were scored (dry run). */
  classes: Record<string, number>;
  elapsedMs: number;
}

export interface ImportOptions {
  batchSize?: number;
  /** Where valid records go; omitted for a dry run (map and validate only). */
  sink?: RecordSink;
  /** Attach Vantage's verdict while mapping (dry runs show class counts this way). */
  score?: boolean;
  onProblem?: (problem: Problem) => void;
  onProgress?: (summary: ImportSummary) => void;
  progressEveryMs?: number;
  /** Injected clock for elapsed times (tests); defaults to performance.now. */
  now?: () => number;
}

export const DEFAULT_BATCH_SIZE = 500;

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

  let batch = new Map<string, ValidRecord>();
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

  let lastFile: string | null = null;
  let lastProgress = started;
  for await (const item of items) {
    if (item.file !== lastFile) {
      summary.files += 1;
      lastFile = item.file;
    }
    if (item.kind === "file_error") {
      summary.unreadableFiles += 1;
      problem({ file: item.file, line: item.line, reason: "unreadable_file", message: item.message });
      continue;
    }
    summary.read += 1;
    if (item.kind === "malformed") {
      countSkip("malformed_json");
      problem({ file: item.file, line: item.line, reason: "malformed_json", message: item.message });
    } else {
      const result = mapOoniMeasurement(item.value, { score: options.score });
      if (!result.ok) {
        countSkip(result.reason);
        // Other test types are expected in OONI dumps: counted, not reported one by one.
        if (result.reason !== "other_test") problem({ file: item.file, line: item.line, reason: result.reason, message: result.message });
      } else if (batch.has(result.record.id)) {
        summary.alreadyPresent += 1; // the same measurement twice in the input
      } else {
        summary.valid += 1;
        const cls = result.record.verdict?.class;
        if (cls) summary.classes[cls] = (summary.classes[cls] ?? 0) + 1;
        batch.set(result.record.id, result.record);
        if (batch.size >= batchSize) await flush();
      }
    }
    if (options.onProgress && options.progressEveryMs !== undefined && now() - lastProgress >= options.progressEveryMs) {
      lastProgress = now();
      options.onProgress({ ...summary, elapsedMs: lastProgress - started });
    }
  }
  await flush();
  await settle();
  summary.elapsedMs = now() - started;
  return summary;
}
