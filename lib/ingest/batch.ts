// The pure ingest pipeline for a batch: validate every record, re-score it with the shared
// rules (never trusting a producer's verdict) and shape the rows its transaction writes.
// Nothing here touches the store (lib/store/ingest.ts writes what this shapes).
import { parseMeasurement, type RecordIssue } from "../measurement/schema";
import type { ScoringContext } from "../verdict";
import { prepareRecord, shapeRecord, type ShapeContext, type ShapedRecord } from "./prepare";

export class IngestValidationError extends Error {
  override name = "IngestValidationError";
  constructor(readonly issues: RecordIssue[]) {
    super(
      `${issues.length} problem(s) in the batch; nothing was stored. First: record ${issues[0]?.index}, ` +
        `${issues[0]?.path || "(record)"}: ${issues[0]?.message}`,
    );
  }
}

export class IngestConflictError extends Error {
  override name = "IngestConflictError";
  constructor(readonly ids: string[]) {
    super(`measurement id(s) already stored with different content: ${ids.slice(0, 5).join(", ")}; nothing was stored`);
  }
}

/** What the server knows of an authenticated probe; overrides what its records claim. */
export interface RegisteredProbe {
  id: string;
  ownerId: string;
  country: string;
  asn: number;
  region: string | null;
  networkType: "fixed" | "mobile";
}

export interface IngestOptions extends Partial<ShapeContext> {
  scoring?: ScoringContext;
}

export interface IngestResult {
  /** Ids newly stored by this call. */
  stored: string[];
  /** Ids already present with the same content (acknowledged, not stored again). */
  duplicates: string[];
}

export const INGEST_LIMITS = { records: 5_000 } as const;

/**
 * Validates, scores and shapes a whole batch before anything is written: any invalid
 * record rejects it, with every issue of every record (its index and the path of each bad
 * field). Each record is shaped as soon as it is scored, so its parsed and validated
 * objects die young and only the row texts live on until the transaction.
 */
export function shapeBatch(records: unknown[], options: IngestOptions = {}): ShapedRecord[] {
  if (!Array.isArray(records)) throw new IngestValidationError([{ index: 0, path: "", message: "expected an array of records" }]);
  checkBatchSize(records.length);
  const ctx: ShapeContext = {
    receivedAt: options.receivedAt ?? new Date(),
    probe: options.probe,
    maxClockSkewMs: options.maxClockSkewMs,
    extraFlags: options.extraFlags,
  };
  const shaped: ShapedRecord[] = [];
  const issues: RecordIssue[] = [];
  records.forEach((input, index) => {
    const parsed = parseMeasurement(input, index);
    if (!parsed.ok) {
      issues.push(...parsed.issues);
      return;
    }
    // Provenance is the server's: an authenticated probe's record is a Vantage measurement
    // whatever it claims ("ooni", "simulated"), in its row and in its stored JSON alike;
    // only the importer and the demo, which write without a probe, set their own source.
    const record = options.probe ? { ...parsed.record, source: "vantage" as const } : parsed.record;
    const prepared = prepareRecord(record, index, options.scoring);
    if (!prepared.ok) issues.push(...prepared.issues);
    else if (issues.length === 0) shaped.push(shapeRecord(prepared.prepared, ctx));
  });
  if (issues.length > 0) throw new IngestValidationError(issues);
  return shaped;
}

function checkBatchSize(n: number): void {
  if (n > INGEST_LIMITS.records) {
    throw new IngestValidationError([
      { index: INGEST_LIMITS.records, path: "", message: `a batch holds at most ${INGEST_LIMITS.records} records` },
    ]);
  }
}
