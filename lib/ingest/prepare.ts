// Everything ingestion computes for one valid record before it touches the store: the
// server's verdict, the stored JSON text and its content hash, then the rows it becomes.
// Pure and synchronous, so import workers run exactly this.
// The JSON is produced once and serves three readers: the unstorable-text check, the
// idempotency hash and the INSERT (embedded as is, never stringified again).
import type { MeasurementRecord, RecordIssue, ServiceVerdict, ValidRecord } from "../measurement/schema";
import { mayHoldUnstorableText, unstorableText } from "../measurement/storable-text";
import { scoreRecord, type ScoringContext } from "../verdict";
import { contentHashOfJson } from "./content-hash";
import type { RegisteredProbe } from "./batch";
import type { RollupMeasurement, RollupTarget } from "../rollup/rows";
import { targetSetRow, toRows, type MeasurementRow } from "./rows";

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

/**
 * A prepared record shaped into exactly what its transaction writes, serialised: the
 * transaction only joins these texts, so wherever shaping runs (an import worker, the
 * upload route) the store's side has no per-field work left, and a worker hands back
 * strings, which cross threads far more cheaply than object graphs.
 */
export interface ShapedRecord {
  hash: string;
  /** What the transaction's bookkeeping and the rollups read of the measurement row. */
  m: ShapedMeasurement;
  /** The measurements row as JSON, the record's JSON text embedded as is. */
  rowJson: string;
  /** The target_result_sets row (per-target results as parallel arrays) as JSON. */
  targetSetJson: string;
  /** What the rollups read of each target. */
  timings: RollupTarget[];
}

export type ShapedMeasurement = RollupMeasurement & Pick<MeasurementRow, "received_at">;

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
  const { m: { record: _record, ...row }, targets } = toRows(raw, verdict, { receivedAt: ctx.receivedAt, probe: ctx.probe, flags });
  const { id, started_at, received_at, service, stage, class: cls, country, region, asn, network_type, source, probe_id } = row;
  return {
    hash,
    m: { id, started_at, received_at, service, stage, class: cls, country, region, asn, network_type, source, probe_id },
    rowJson: `${JSON.stringify(row).slice(0, -1)},"record":${json}}`,
    targetSetJson: JSON.stringify(targetSetRow(row, targets)),
    timings: targets.map(({ tcp_ms, tls_ms, throughput_kbps }) => ({ tcp_ms, tls_ms, throughput_kbps })),
  };
}
