// Detected events as the events table stores them, and what the events query asks
// (pure). The detector's own record (lib/detect/types.ts) is kept whole in `evidence`.
import { scopeKey } from "../detect/event-id";
import type { DetectedEvent } from "../detect/types";

export interface EventQuery {
  service?: string;
  country?: string;
  asn?: number;
  since?: Date;
  until?: Date;
  ongoing?: boolean;
  limit: number;
}

export interface EventRow {
  id: string;
  service: string;
  country: string;
  kind: string;
  scope: string;
  asns: number[];
  regions: string[];
  technique: string | null;
  severity: number;
  started_at: Date;
  onset_from: Date;
  onset_to: Date;
  ended_at: Date | null;
  evidence: unknown;
  measurement_ids: string[];
}

export function eventRow(e: DetectedEvent): EventRow {
  return {
    id: e.id,
    service: e.service,
    country: e.scope.cc,
    kind: e.kind,
    scope: `${e.scope.level}:${scopeKey(e.scope)}`,
    asns: e.asns,
    regions: e.regions,
    technique: e.technique,
    severity: e.severity,
    started_at: new Date(e.start),
    // No healthy bucket before the onset (a block older than coverage): the bracket opens at the start.
    onset_from: new Date(e.onset.lastHealthy ?? e.onset.firstAnomalous),
    onset_to: new Date(e.onset.firstAnomalous),
    ended_at: e.end ? new Date(e.end) : null,
    evidence: {
      ongoing: e.ongoing,
      settled: e.settled,
      level: e.level,
      mean_drop: e.meanDrop,
      techniques: e.techniques,
      counts: e.evidence,
      baseline: e.baseline,
      onset: e.onset,
      end_bracket: e.endBracket,
      measurement_count: e.measurementCount,
      members: e.members,
    },
    measurement_ids: e.measurementIds,
  };
}
