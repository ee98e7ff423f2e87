// Detected events as GET /api/v1/events shows them (pure); the stored row is lib/query/events.ts.
import type { EventRow } from "../query/events";

export function eventView(r: EventRow) {
  const evidence = r.evidence as { ongoing?: boolean } | null;
  return {
    id: r.id,
    service: r.service,
    country: r.country,
    kind: r.kind,
    scope: r.scope,
    asns: r.asns,
    regions: r.regions,
    technique: r.technique,
    severity: r.severity,
    started_at: r.started_at.toISOString(),
    onset_from: r.onset_from.toISOString(),
    onset_to: r.onset_to.toISOString(),
    ended_at: r.ended_at?.toISOString() ?? null,
    ongoing: evidence?.ongoing ?? r.ended_at === null,
    evidence: r.evidence,
    measurement_ids: r.measurement_ids,
  };
}
