// The one write path for measurements: a batch shaped by lib/ingest (validated, re-scored)
// is stored in one transaction. Idempotent: a measurement id is accepted once; the same id
// with the same content again is acknowledged as a duplicate, with other content it is a
// conflict.
import { shapeBatch, IngestConflictError, type IngestOptions, type IngestResult } from "../ingest/batch";
import type { ShapedRecord } from "../ingest/prepare";
import { countIngested } from "../metrics";
import type { SqlExecutor, Store } from "./open";
import { rollupIncrements } from "../rollup/rows";
import { addToRollups } from "./rollups";

/** The first instant (UTC) of each distinct month the records start in. */
export function recordMonths(entries: readonly { m: { started_at: string } }[]): string[] {
  const months = new Set<string>();
  for (const e of entries) months.add(`${new Date(e.m.started_at).toISOString().slice(0, 7)}-01T00:00:00.000Z`);
  return [...months].sort();
}

/** The write path for input from outside: validates, re-scores and stores a batch. */
export async function ingestMeasurements(store: Store, records: unknown[], options: IngestOptions = {}): Promise<IngestResult> {
  return ingestShaped(store, shapeBatch(records, options));
}

/**
 * Stores shaped records in one transaction, idempotently by id: ids already stored with
 * the same content are acknowledged, with other content the whole batch is refused.
 */
export async function ingestShaped(store: Store, shaped: ShapedRecord[]): Promise<IngestResult> {
  const byId = new Map<string, ShapedRecord>();
  const batchConflicts: string[] = [];
  for (const entry of shaped) {
    const existing = byId.get(entry.m.id);
    if (existing) {
      if (existing.hash !== entry.hash) batchConflicts.push(entry.m.id);
      continue;
    }
    byId.set(entry.m.id, entry);
  }
  if (batchConflicts.length > 0) throw new IngestConflictError(batchConflicts);
  const entries = [...byId.values()];
  if (entries.length === 0) return { stored: [], duplicates: [] };
  const result = await store.transaction((tx) => writeShaped(tx, entries));
  countIngested(result.stored.length, result.duplicates.length);
  return result;
}

/**
 * The body of ingestShaped inside a caller's transaction: ids not yet stored are written
 * with their rollup increments (unless `rollups` is false: the caller rebuilds them),
 * repeated ids with the same content are reported as duplicates, other content throws.
 * `entries` hold distinct ids.
 */
export async function writeShaped(
  tx: SqlExecutor,
  entries: ShapedRecord[],
  options: { rollups?: boolean } = {},
): Promise<IngestResult> {
  if (entries.length === 0) return { stored: [], duplicates: [] };
  // Partitions for the months records fall in, never for the span between them: two
  // records years apart must not leave a partition for every month in between.
  await tx.query("SELECT vantage_ensure_month_partitions(m, m) FROM unnest($1::timestamptz[]) AS m", [recordMonths(entries)]);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO measurement_ids (id, started_at, content_hash, received_at)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::timestamptz[])
     ON CONFLICT (id) DO NOTHING RETURNING id::text`,
    [
      entries.map((e) => e.m.id),
      entries.map((e) => e.m.started_at),
      entries.map((e) => e.hash),
      entries.map((e) => e.m.received_at),
    ],
  );
  const fresh = new Set(inserted.map((r) => r.id));
  const repeated = entries.filter((e) => !fresh.has(e.m.id));
  if (repeated.length > 0) {
    const known = await tx.query<{ id: string; content_hash: string }>(
      "SELECT id::text, content_hash FROM measurement_ids WHERE id = ANY($1::uuid[])",
      [repeated.map((e) => e.m.id)],
    );
    const hashes = new Map(known.map((k) => [k.id, k.content_hash]));
    const conflicts = repeated.filter((e) => hashes.get(e.m.id) !== e.hash).map((e) => e.m.id);
    if (conflicts.length > 0) throw new IngestConflictError(conflicts);
  }
  const toStore = entries.filter((e) => fresh.has(e.m.id));
  if (toStore.length > 0) {
    await insertMeasurements(tx, toStore);
    await insertTargetSets(tx, toStore);
  }
  if (toStore.length > 0 && options.rollups !== false) {
    const timingsById = new Map(toStore.map((e) => [e.m.id, e.timings] as const));
    const { increments, probeHours } = rollupIncrements(
      toStore.map((e) => e.m),
      (m) => timingsById.get(m.id) ?? [],
    );
    await addToRollups(tx, increments, probeHours);
  }
  return { stored: toStore.map((e) => e.m.id), duplicates: repeated.map((e) => e.m.id) };
}

type Tx = SqlExecutor;

/**
 * Rows travel as one JSON document expanded by json_to_recordset: PostgreSQL parses one
 * JSON text far faster than dozens of large array parameters.
 */
async function insertMeasurements(tx: Tx, entries: ShapedRecord[]): Promise<void> {
  await tx.query(
    `INSERT INTO measurements (id, started_at, received_at, source, probe_id, owner_id, round_id, service,
       country, asn, region, network_type, status, class, technique, rule, stage, allowlist, rules_version,
       targets_version, software_name, software_version, runtime_ms, ooni_url, flags, record, verdict)
     SELECT id, started_at, received_at, source, probe_id, owner_id, round_id, service,
       country, asn, region, network_type, status, class, technique, rule, stage, allowlist, rules_version,
       targets_version, software_name, software_version, runtime_ms, ooni_url, flags, record, verdict
     FROM json_to_recordset($1::json) AS u(id uuid, started_at timestamptz, received_at timestamptz,
       source text, probe_id text, owner_id text, round_id text, service text, country text, asn int,
       region text, network_type text, status text, class text, technique text, rule text, stage text,
       allowlist boolean, rules_version text, targets_version text, software_name text,
       software_version text, runtime_ms float8, ooni_url text, flags text[], record json, verdict json)`,
    [`[${entries.map((e) => e.rowJson).join(",")}]`],
  );
}

async function insertTargetSets(tx: Tx, entries: ShapedRecord[]): Promise<void> {
  await tx.query(
    `INSERT INTO target_result_sets (measurement_id, started_at, service, target_ids, components, hosts, ips, ports,
       verdicts, grades, rules, stages, failures, details, dns_ms, tcp_ms, tls_ms, ttfb_ms, http_status, throughput_kbps)
     SELECT measurement_id, started_at, service, target_ids, components, hosts, ips, ports,
       verdicts, grades, rules, stages, failures, details, dns_ms, tcp_ms, tls_ms, ttfb_ms, http_status, throughput_kbps
     FROM json_to_recordset($1::json) AS u(measurement_id uuid, started_at timestamptz, service text, target_ids text[],
       components text[], hosts text[], ips text[], ports int[], verdicts text[], grades text[], rules text[], stages text[],
       failures text[], details text[], dns_ms float8[], tcp_ms float8[], tls_ms float8[], ttfb_ms float8[],
       http_status int[], throughput_kbps float8[])`,
    [`[${entries.map((e) => e.targetSetJson).join(",")}]`],
  );
}
