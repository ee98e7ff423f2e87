// What the aggregation query asks of the store and what it gets back (pure types and
// names): the API parses into these (lib/api/aggregation-params.ts), the store answers
// them (lib/store/queries/aggregation.ts), so the store never imports the API.
import type { TimeGrain } from "../rollup/time-grain";

export const AGGREGATION_AXES = [
  "measurement_start_day",
  "probe_cc",
  "probe_asn",
  "test_name",
  "stage",
  "region",
  "network_type",
  "source",
] as const;
export type AggregationAxis = (typeof AGGREGATION_AXES)[number];
export const TIME_AXIS: AggregationAxis = "measurement_start_day";

export interface AggregationFilters {
  service?: string;
  country?: string;
  asn?: number;
  region?: string;
  networkType?: string;
  source?: string;
  /** '' selects rounds with no cause stage (ok, inconclusive). */
  stage?: string;
}

export interface AggregationQuery {
  filters: AggregationFilters;
  /** Hour-aligned; null when neither given nor needed (all time). */
  since: Date | null;
  until: Date | null;
  grain: TimeGrain;
  axes: AggregationAxis[];
  format: "JSON" | "CSV";
  medians: boolean;
}

export type KeyValue = string | number | Date | null;

export interface CountRow {
  keys: KeyValue[];
  measurement_count: number;
  ok_count: number;
  anomaly_count: number;
  confirmed_count: number;
  failure_count: number;
  /** Distinct hours with data: the numerator of coverage. */
  hours: number;
}
export interface ProbeRow {
  keys: KeyValue[];
  probe_count: number;
}
/** A key's merged histograms, one count per bucket of each metric (lib/rollup/histogram). */
export interface HistogramRow {
  keys: KeyValue[];
  tcp_ms: number[];
  tls_ms: number[];
  throughput_kbps: number[];
}
export interface AggregationRows {
  counts: CountRow[];
  /** Null when distinct probes cannot be counted (stage axis or filter). */
  probes: ProbeRow[] | null;
  histograms: HistogramRow[] | null;
}
