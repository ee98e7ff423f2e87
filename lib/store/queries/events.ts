// Events: the detector's input read from stored per-round verdicts, its output upserted by
// id (ids derive from service, scope and onset, so re-runs update rather than duplicate),
// and the public listing.
import type { EventQuery } from "../../query/events";
import type { EventRow } from "../../query/events";
import type { RoundObservation } from "../../detect/types";
import type { ServiceId } from "../../measurement/vocabulary";
import type { Store } from "../open";

/**
 * Per-round verdicts of [since, until), oldest first. Rounds without a probe identity
 * (imported OONI data) cannot join a quorum of distinct owners and are left out; the
 * owner defaults to the probe when a record names none. Rounds of probes the operator
 * marked `reference` (probes.reference, read now, so marking applies to past rounds too)
 * are reference observations: used only to tell a service outage from a block.
 */
/** Rounds of one service in one country (one network of it), and that service's reference probes abroad. */
export interface RoundScope {
  service: ServiceId;
  cc: string;
  asn: number | null;
}

export async function roundObservations(
  store: Store,
  since: Date | null,
  until: Date | null,
  scope: RoundScope | null = null,
): Promise<{ observations: RoundObservation[]; withoutProbe: number }> {
  const rows = await store.prisma.$queryRawUnsafe<
    (Omit<RoundObservation, "probeId" | "owner" | "networkType" | "measurementId" | "at" | "reference"> & {
      reference: boolean;
      measurement_id: string; probe_id: string | null; owner_id: string | null; network_type: RoundObservation["networkType"]; at: Date; throughput_kbps: number | null;
    })[]
  >(
    `SELECT m.id::text AS measurement_id, m.probe_id, m.owner_id, m.country AS cc, m.asn, m.region, m.network_type, m.service,
       m.started_at AS at, m.status, m.class, m.technique, m.allowlist, t.throughput_kbps, coalesce(p.reference, false) AS reference
     FROM measurements m
     LEFT JOIN probes p ON p.id = m.probe_id
     LEFT JOIN LATERAL (SELECT throughput_kbps FROM target_results t
       WHERE t.measurement_id = m.id AND t.started_at = m.started_at AND t.throughput_kbps IS NOT NULL LIMIT 1) t ON true
     WHERE ($1::timestamptz IS NULL OR m.started_at >= $1::timestamptz) AND ($2::timestamptz IS NULL OR m.started_at < $2::timestamptz)
       AND ($3::text IS NULL OR (m.service = $3::text
         AND ((m.country = $4::text AND ($5::bigint IS NULL OR m.asn = $5::bigint)) OR coalesce(p.reference, false))))
     ORDER BY m.started_at, m.id`,
    since?.toISOString() ?? null,
    until?.toISOString() ?? null,
    scope?.service ?? null,
    scope?.cc ?? null,
    scope?.asn ?? null,
  );
  let withoutProbe = 0;
  const observations: RoundObservation[] = [];
  for (const r of rows) {
    if (!r.probe_id) {
      withoutProbe++;
      continue;
    }
    observations.push({
      measurementId: r.measurement_id,
      probeId: r.probe_id,
      owner: r.owner_id ?? r.probe_id,
      cc: r.cc,
      asn: r.asn,
      region: r.region,
      networkType: r.network_type,
      service: r.service,
      at: r.at,
      status: r.status,
      class: r.class,
      technique: r.technique,
      allowlist: r.allowlist,
      throughputKbps: r.throughput_kbps,
      reference: r.reference,
    });
  }
  return { observations, withoutProbe };
}

/**
 * Stores a detection run over [since, until): its events are upserted by id, and events
 * that started inside the range but this run no longer finds are deleted, in one transaction.
 */
export async function replaceEvents(
  store: Store,
  rows: EventRow[],
  since: Date | null,
  until: Date | null,
): Promise<{ upserted: number; deleted: number; opened: string[] }> {
  return store.transaction(async (tx) => {
    const deleted = await tx.query<{ id: string }>(
      `DELETE FROM events WHERE ($1::timestamptz IS NULL OR started_at >= $1::timestamptz) AND ($2::timestamptz IS NULL OR started_at < $2::timestamptz)
         AND NOT (id = ANY($3::text[])) RETURNING id`,
      [since?.toISOString() ?? null, until?.toISOString() ?? null, rows.map((r) => r.id)],
    );
    let opened: string[] = [];
    if (rows.length > 0) {
      // xmax = 0 on a row the upsert inserted rather than updated: an event stored for the first time.
      const written = await tx.query<{ id: string; inserted: boolean }>(
        `INSERT INTO events (id, service, country, kind, scope, asns, regions, technique, severity, started_at, onset_from, onset_to,
           ended_at, evidence, measurement_ids, detected_at)
         SELECT id, service, country, kind, scope, asns, regions, technique, severity, started_at, onset_from, onset_to, ended_at,
           evidence, measurement_ids, now()
         FROM json_to_recordset($1::json) AS e(id text, service text, country text, kind text, scope text, asns int[], regions text[],
           technique text, severity float8, started_at timestamptz, onset_from timestamptz, onset_to timestamptz, ended_at timestamptz,
           evidence jsonb, measurement_ids text[])
         ON CONFLICT (id) DO UPDATE SET service = EXCLUDED.service, country = EXCLUDED.country, kind = EXCLUDED.kind,
           scope = EXCLUDED.scope, asns = EXCLUDED.asns, regions = EXCLUDED.regions, technique = EXCLUDED.technique,
           severity = EXCLUDED.severity, started_at = EXCLUDED.started_at, onset_from = EXCLUDED.onset_from,
           onset_to = EXCLUDED.onset_to, ended_at = EXCLUDED.ended_at, evidence = EXCLUDED.evidence,
           measurement_ids = EXCLUDED.measurement_ids, detected_at = EXCLUDED.detected_at
         RETURNING id, (xmax = 0) AS inserted`,
        [JSON.stringify(rows)],
      );
      opened = written.filter((w) => w.inserted).map((w) => w.id);
    }
    return { upserted: rows.length, deleted: deleted.length, opened };
  });
}

export async function listEvents(store: Store, q: EventQuery): Promise<EventRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (v: unknown, cast = "") => {
    params.push(v);
    return `$${params.length}${cast}`;
  };
  if (q.service) where.push(`service = ${add(q.service)}`);
  if (q.country) where.push(`country = ${add(q.country)}`);
  if (q.asn !== undefined) where.push(`${add(q.asn, "::bigint")} = ANY(asns)`);
  // An event overlaps [since, until) when it started before until and had not ended by since.
  if (q.since) where.push(`(ended_at IS NULL OR ended_at > ${add(q.since.toISOString(), "::timestamptz")})`);
  if (q.until) where.push(`started_at < ${add(q.until.toISOString(), "::timestamptz")}`);
  if (q.ongoing !== undefined) where.push(q.ongoing ? "ended_at IS NULL" : "ended_at IS NOT NULL");
  return store.prisma.$queryRawUnsafe<EventRow[]>(
    `SELECT id, service, country, kind, scope, asns, regions, technique, severity, started_at, onset_from, onset_to, ended_at, evidence,
       measurement_ids FROM events ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY started_at DESC, id LIMIT ${add(q.limit, "::int")}`,
    ...params,
  );
}
