// Pure shaping of a scored record into the rows of measurements and target_result_sets.
import type { MeasurementRecord, ServiceVerdict, TargetResult } from "../measurement/schema";
import type { VerdictClass } from "../measurement/vocabulary";
import type { RegisteredProbe } from "./batch";
import { explorerUrl } from "../ooni/envelope";

export interface MeasurementRow {
  id: string;
  started_at: string;
  received_at: string;
  source: string;
  probe_id: string | null;
  owner_id: string | null;
  round_id: string;
  service: string;
  country: string;
  asn: number;
  region: string | null;
  network_type: string | null;
  status: string;
  class: VerdictClass;
  technique: string | null;
  rule: string | null;
  /** Stage of the verdict's cause (ServiceVerdict.stage); null when none. */
  stage: string | null;
  allowlist: boolean;
  rules_version: string;
  targets_version: string;
  software_name: string;
  software_version: string;
  runtime_ms: number;
  /** OONI Explorer link of an imported measurement; null for other sources. */
  ooni_url: string | null;
  flags: string[];
  record: MeasurementRecord;
  verdict: StoredVerdict;
}

/** The verdict as stored with the measurement: per-target verdicts live in target_result_sets. */
export type StoredVerdict = Omit<ServiceVerdict, "targets">;

export function storedVerdict({ targets: _targets, ...stored }: ServiceVerdict): StoredVerdict {
  return stored;
}

/** One measurement's per-target results as parallel arrays (the stored form). */
export interface TargetSetRow {
  measurement_id: string;
  started_at: string;
  service: string;
  target_ids: string[];
  components: string[];
  hosts: (string | null)[];
  ips: (string | null)[];
  ports: (number | null)[];
  verdicts: string[];
  grades: (string | null)[];
  rules: (string | null)[];
  stages: (string | null)[];
  failures: (string | null)[];
  details: (string | null)[];
  dns_ms: (number | null)[];
  tcp_ms: (number | null)[];
  tls_ms: (number | null)[];
  ttfb_ms: (number | null)[];
  http_status: (number | null)[];
  throughput_kbps: (number | null)[];
}

export interface TargetRow {
  measurement_id: string;
  started_at: string;
  target_id: string;
  service: string;
  component: string;
  host: string | null;
  ip: string | null;
  port: number | null;
  verdict: string;
  grade: string | null;
  rule: string | null;
  stage: string | null;
  failure: string | null;
  detail: string | null;
  dns_ms: number | null;
  tcp_ms: number | null;
  tls_ms: number | null;
  ttfb_ms: number | null;
  http_status: number | null;
  throughput_kbps: number | null;
}

/** kbit/s of a completed or cut-off transfer; null when nothing was timed. */
export function transferKbps(bytes: number, ms: number): number | null {
  return ms > 0 ? (bytes * 8) / ms : null;
}

function targetRow(record: MeasurementRecord, target: TargetResult, v: ServiceVerdict["targets"][number] | undefined): TargetRow {
  const s = target.stages;
  return {
    measurement_id: record.id,
    started_at: record.started_at,
    target_id: target.id,
    service: record.service,
    component: target.component,
    host: target.host,
    ip: s.tcp?.ip ?? s.tls?.ip ?? s.dns?.system.addrs[0] ?? null,
    port: s.tcp?.port ?? target.port,
    verdict: v?.verdict ?? "not_measured",
    grade: v?.grade ?? null,
    rule: v?.rule ?? null,
    stage: v?.stage ?? null,
    failure: v?.failure ?? null,
    detail: v?.detail ?? null,
    dns_ms: s.dns?.system.t_ms ?? null,
    tcp_ms: s.tcp?.t_ms ?? null,
    tls_ms: s.tls?.t_ms ?? null,
    ttfb_ms: s.http?.ttfb_ms ?? null,
    http_status: s.http?.status ?? s.ws?.status ?? null,
    throughput_kbps: s.throughput ? transferKbps(s.throughput.bytes, s.throughput.t_ms) : null,
  };
}

export function toRows(
  record: MeasurementRecord,
  verdict: ServiceVerdict,
  context: { receivedAt: Date; probe?: RegisteredProbe; flags: string[] },
): { m: MeasurementRow; targets: TargetRow[] } {
  const p = context.probe;
  const m: MeasurementRow = {
    id: record.id,
    started_at: record.started_at,
    received_at: context.receivedAt.toISOString(),
    source: record.source,
    // The registered probe wins over whatever the record claims about itself.
    probe_id: p?.id ?? record.probe.id,
    owner_id: p?.ownerId ?? record.probe.owner ?? null,
    round_id: record.round_id,
    service: record.service,
    country: p?.country ?? record.probe.cc,
    asn: p?.asn ?? record.probe.asn,
    region: p ? p.region : (record.probe.region ?? null),
    network_type: p?.networkType ?? record.probe.network_type ?? null,
    status: verdict.status,
    class: verdict.class,
    technique: verdict.technique,
    rule: verdict.rule,
    stage: verdict.stage,
    allowlist: verdict.allowlist,
    rules_version: verdict.rules_version,
    targets_version: record.targets_version,
    software_name: record.software.name,
    software_version: record.software.version,
    runtime_ms: record.runtime_ms,
    ooni_url: record.ooni ? explorerUrl(record.ooni) : null,
    flags: context.flags,
    record,
    verdict: storedVerdict(verdict),
  };
  // Scoring keeps record order, so target i's verdict is verdicts[i]; the id check guards that.
  const targets = record.targets.map((t, i) => {
    const v = verdict.targets[i]?.target === t.id ? verdict.targets[i] : verdict.targets.find((x) => x.target === t.id);
    return targetRow(record, t, v);
  });
  return { m, targets };
}

/** The per-target rows of one measurement folded into the stored parallel arrays. */
export function targetSetRow(m: Pick<MeasurementRow, "id" | "started_at" | "service">, targets: readonly TargetRow[]): TargetSetRow {
  const col = <K extends keyof TargetRow>(k: K): TargetRow[K][] => targets.map((t) => t[k]);
  return {
    measurement_id: m.id,
    started_at: m.started_at,
    service: m.service,
    target_ids: col("target_id"),
    components: col("component"),
    hosts: col("host"),
    ips: col("ip"),
    ports: col("port"),
    verdicts: col("verdict"),
    grades: col("grade"),
    rules: col("rule"),
    stages: col("stage"),
    failures: col("failure"),
    details: col("detail"),
    dns_ms: col("dns_ms"),
    tcp_ms: col("tcp_ms"),
    tls_ms: col("tls_ms"),
    ttfb_ms: col("ttfb_ms"),
    http_status: col("http_status"),
    throughput_kbps: col("throughput_kbps"),
  };
}
