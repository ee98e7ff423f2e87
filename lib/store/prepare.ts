// Everything ingestion computes for one valid record before it touches the store: the
// server's verdict, the stored JSON text and its content hash. Pure and synchronous.
// The JSON is produced once and serves three readers: the unstorable-text check, the
// idempotency hash and the INSERT (embedded as is, never stringified again).
import type { MeasurementRecord, RecordIssue, ServiceVerdict, ValidRecord } from "../measurement/schema";
import { mayHoldUnstorableText, unstorableText } from "../measurement/storable-text";
import { scoreRecord, type ScoringContext } from "../verdict";
import { contentHashOfJson } from "./content-hash";

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
