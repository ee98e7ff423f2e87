// What the raw-measurement queries ask of the store and the columns they read (pure).
import type { MeasurementRow } from "../ingest/rows";
import type { AggregationFilters } from "./aggregation";

/** A position in the (started_at, id) order: what an opaque API cursor decodes to (lib/api/cursor.ts). */
export interface CursorPosition {
  startedAt: string;
  id: string;
}

export interface MeasurementListQuery {
  filters: AggregationFilters & { probeId?: string; class?: string };
  since: Date | null;
  until: Date | null;
  limit: number;
  cursor: CursorPosition | null;
}

/** The columns of a measurements row the API reads: the stored row, timestamps as Dates. */
export type StoredMeasurement = Omit<
  MeasurementRow,
  "started_at" | "received_at" | "owner_id" | "class" | "runtime_ms" | "record" | "verdict"
> & {
  started_at: Date;
  received_at: Date;
  class: string;
};

export const STORED_MEASUREMENT_COLUMNS =
  "id::text AS id, started_at, received_at, source, probe_id, round_id, service, country, asn, region, network_type, " +
  "status, class, technique, rule, stage, allowlist, rules_version, targets_version, software_name, software_version, ooni_url, flags";
