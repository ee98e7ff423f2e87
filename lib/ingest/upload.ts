// The CPU part of an upload (POST /api/v1/measurements): from the body's text to the rows
// its transaction writes, with every refusal as data (status, message, the path of each
// bad field). Pure and synchronous, so it runs in an upload worker thread (lib/server/upload-pool)
// or in the route's own thread, with the same result.
import { z } from "zod";
import { IngestValidationError, shapeBatch, type RegisteredProbe } from "./batch";
import type { ShapedRecord } from "./prepare";
import { ApiError, parseJsonText, type ApiIssue } from "../volunteers/http";

export interface UploadContext {
  /** Records a batch may hold (VANTAGE_MAX_BATCH_RECORDS); more is a 413. */
  maxRecords: number;
  /** The authenticated probe: its registered network overrides what records claim. */
  probe: RegisteredProbe;
  receivedAt: Date;
  /** Flags for every record of the batch (the network check of the connecting address). */
  extraFlags: string[];
}

export type UploadShaping =
  | { ok: true; shaped: ShapedRecord[] }
  | { ok: false; status: number; message: string; issues: ApiIssue[] };

const batchSchema = z.strictObject({ records: z.array(z.unknown()).min(1) });

export function shapeUpload(text: string, ctx: UploadContext): UploadShaping {
  try {
    const { records } = parseJsonText(text, batchSchema);
    if (records.length > ctx.maxRecords) {
      throw new ApiError(413, `a batch holds at most ${ctx.maxRecords} records; this one has ${records.length}`, [
        { path: "records", message: `at most ${ctx.maxRecords} records` },
      ]);
    }
    return { ok: true, shaped: shapeBatch(records, { probe: ctx.probe, receivedAt: ctx.receivedAt, extraFlags: ctx.extraFlags }) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, status: error.status, message: error.message, issues: error.issues };
    if (error instanceof IngestValidationError) {
      const issues = error.issues.map((i) => ({ path: ["records", i.index, ...(i.path ? [i.path] : [])].join("."), message: i.message }));
      return { ok: false, status: 400, message: error.message, issues };
    }
    throw error;
  }
}
