// Everything ingestion computes for one valid record before it touches the store: the
// server's verdict, the stored JSON text and its content hash, then the rows it becomes.
// Pure and synchronous, so import workers run exactly this.
// The JSON is produced once and serves three readers: the unstorable-text check, the
// idempotency hash and the INSERT (embedded as is, never stringified again).
import type { MeasurementRecord, RecordIssue, ServiceVerdict, ValidRecord } from "../measurement/schema";
import { mayHoldUnstorableText, unstorableText } from "../measurement/storable-text";
import { scoreRecord, type ScoringContext } from "../verdict";
import { contentHashOfJson } from "./content-hash";
import type { RegisteredProbe } from "./ingest";
import { toRows, type MeasurementRow, type TargetRow } from "./rows";

export interface PreparedRecord {
  /** The record minus the producer's own verdict: what is stored. */
  raw: MeasurementRecord & { started_at: string };
  /** JSON text of `raw`; keys in schema order (zod output), so it is canonical. */
  json: string;
  /** sha256 of `json`: the same content always hashes the same. */
  hash: string;
  /** The server's verdict, never the producer's. */
  verdict: ServiceVerdict;
}

export function prepareRecord(
  record: ValidRecord,
  index: number,
  scoring?: ScoringContext,
): { ok: true; prepared: PreparedRecord } | { ok: false; issues: RecordIssue[] } {
  const { verdict: _claimed, ...raw } = record;
  const json = JSON.stringify(raw);
  // Valid JSON, but text PostgreSQL cannot hold would fail deep inside the INSERT. The
  // serialised text shows any such string as an escape; only then is the record walked
  // to say where.
  if (mayHoldUnstorableText(json)) {
    const bad = unstorableText(raw);
    if (bad.length > 0) return { ok: false, issues: bad.map((t) => ({ index, ...t })) };
  }
  const hash = contentHashOfJson(json);
  return { ok: true, prepared: { raw, json, hash, verdict: scoreRecord(raw, scoring) } };
}

/** A prepared record shaped into its rows: everything its transaction writes, computed before it. */
export interface ShapedRecord {
  hash: string;
  /** The record's JSON text, embedded in the row JSON as is. */
  json: string;
  m: Omit<MeasurementRow, "record">;
  targets: TargetRow[];
}

export interface ShapeContext {
  receivedAt: Date;
  probe?: RegisteredProbe;
  /** A record started further than this in the server's future is flagged `clock_future`. */
  maxClockSkewMs?: number;
  /** Flags added to every record of the batch (the upload API's network check: `asn_mismatch`, ...). */
  extraFlags?: string[];
}

const DEFAULT_MAX_CLOCK_SKEW_MS = 10 * 60_000;

/** Flags and rows of one prepared record. Pure, so it can run away from the store (import workers). */
export function shapeRecord({ raw, json, hash, verdict }: PreparedRecord, ctx: ShapeContext): ShapedRecord {
  const flags: string[] = [...(ctx.extraFlags ?? [])];
  if (Date.parse(raw.started_at) > ctx.receivedAt.getTime() + (ctx.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS)) flags.push("clock_future");
  if (ctx.probe && raw.probe.id !== null && raw.probe.id !== ctx.probe.id) flags.push("probe_id_mismatch");
  const { m: { record: _record, ...m }, targets } = toRows(raw, verdict, { receivedAt: ctx.receivedAt, probe: ctx.probe, flags });
  return { hash, json, m, targets };
}
