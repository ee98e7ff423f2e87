// The CPU part of an upload (POST /api/v1/measurements): from the body's text to the rows
// its transaction writes, with every refusal as data (status, message, the path of each
// bad field), since it crosses a worker thread. Pure and synchronous, so it runs in an
// upload worker thread (lib/server/upload-pool) or in the route's own thread, with the
// same result.
import { z } from "zod";
import { IngestValidationError, shapeBatch, type RegisteredProbe } from "./batch";
import type { ShapedRecord } from "./prepare";

export interface UploadContext {
  /** Records a batch may hold (VANTAGE_MAX_BATCH_RECORDS); more is a 413. */
  maxRecords: number;
  /** The authenticated probe: its registered network overrides what records claim. */
  probe: RegisteredProbe;
  receivedAt: Date;
  /** Flags for every record of the batch (the network check of the connecting address). */
  extraFlags: string[];
}

/** Where in the body a problem is ("records.3.id"; "" for the whole body). */
export interface UploadIssue {
  path: string;
  message: string;
}

export type UploadShaping =
  | { ok: true; shaped: ShapedRecord[] }
  | { ok: false; status: 400 | 413; message: string; issues: UploadIssue[] };

const batchSchema = z.strictObject({ records: z.array(z.unknown()).min(1) });

export function shapeUpload(text: string, ctx: UploadContext): UploadShaping {
  let json: unknown;
  try {
    json = text.length === 0 ? {} : JSON.parse(text);
  } catch (e) {
    return { ok: false, status: 400, message: `body is not valid JSON: ${(e as Error).message}`, issues: [{ path: "", message: "invalid JSON" }] };
  }
  const batch = batchSchema.safeParse(json);
  if (!batch.success) {
    const issues = batch.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    return { ok: false, status: 400, message: `invalid request: ${issues[0].path || "(body)"}: ${issues[0].message}`, issues };
  }
  const { records } = batch.data;
  if (records.length > ctx.maxRecords) {
    const message = `a batch holds at most ${ctx.maxRecords} records; this one has ${records.length}`;
    return { ok: false, status: 413, message, issues: [{ path: "records", message: `at most ${ctx.maxRecords} records` }] };
  }
  try {
    return { ok: true, shaped: shapeBatch(records, { probe: ctx.probe, receivedAt: ctx.receivedAt, extraFlags: ctx.extraFlags }) };
  } catch (error) {
    if (!(error instanceof IngestValidationError)) throw error;
    const issues = error.issues.map((i) => ({ path: ["records", i.index, ...(i.path ? [i.path] : [])].join("."), message: i.message }));
    return { ok: false, status: 400, message: error.message, issues };
  }
}
