// Process-wide counters exposed at GET /metrics in Prometheus text format.
interface Counters {
  requests: Map<string, number>;
  ingested: number;
  duplicates: number;
  storeLatencySum: number;
  storeLatencyCount: number;
  detectionRuns: number;
  detectionFailures: number;
  detectionSecondsSum: number;
  detectionLastSuccess: number | null;
  uploadWorkerDeaths: number;
}

const globalKey = Symbol.for("vantage.metrics");
const g = globalThis as unknown as Record<symbol, Counters | undefined>;
const counters: Counters = (g[globalKey] ??= {
  requests: new Map(),
  ingested: 0,
  duplicates: 0,
  storeLatencySum: 0,
  storeLatencyCount: 0,
  detectionRuns: 0,
  detectionFailures: 0,
  detectionSecondsSum: 0,
  detectionLastSuccess: null,
  uploadWorkerDeaths: 0,
});
// A process started before these counters existed (a dev server's hot reload) lacks them.
counters.detectionRuns ??= 0;
counters.detectionFailures ??= 0;
counters.detectionSecondsSum ??= 0;
counters.detectionLastSuccess ??= null;
counters.uploadWorkerDeaths ??= 0;

export function countRequest(route: string, status: number): void {
  const key = `${route}|${status}`;
  counters.requests.set(key, (counters.requests.get(key) ?? 0) + 1);
}

export function countIngested(stored: number, duplicates: number): void {
  counters.ingested += stored;
  counters.duplicates += duplicates;
}

export function observeStoreLatency(seconds: number): void {
  counters.storeLatencySum += seconds;
  counters.storeLatencyCount += 1;
}

/** One run of detection as measurements arrive (lib/store/detection-scheduler.ts). */
export function observeDetectionRun(ok: boolean, seconds: number, finishedAt: Date | null): void {
  counters.detectionRuns += 1;
  if (!ok) counters.detectionFailures += 1;
  counters.detectionSecondsSum += seconds;
  if (ok && finishedAt) counters.detectionLastSuccess = finishedAt.getTime() / 1000;
}

/** An upload worker thread died (lib/volunteers/upload-pool.ts); it is replaced. */
export function countUploadWorkerDeath(): void {
  counters.uploadWorkerDeaths += 1;
}

function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export function renderMetrics(): string {
  const lines = [
    "# HELP vantage_http_requests_total HTTP requests served, by route and status.",
    "# TYPE vantage_http_requests_total counter",
  ];
  for (const [key, n] of [...counters.requests].sort()) {
    const [route, status] = key.split("|");
    lines.push(`vantage_http_requests_total{route="${label(route)}",status="${status}"} ${n}`);
  }
  lines.push(
    "# HELP vantage_measurements_ingested_total Measurements stored.",
    "# TYPE vantage_measurements_ingested_total counter",
    `vantage_measurements_ingested_total ${counters.ingested}`,
    "# HELP vantage_measurements_duplicate_total Measurements acknowledged as already stored.",
    "# TYPE vantage_measurements_duplicate_total counter",
    `vantage_measurements_duplicate_total ${counters.duplicates}`,
    "# HELP vantage_store_latency_seconds Latency of store round trips.",
    "# TYPE vantage_store_latency_seconds summary",
    `vantage_store_latency_seconds_sum ${counters.storeLatencySum}`,
    `vantage_store_latency_seconds_count ${counters.storeLatencyCount}`,
    "# HELP vantage_detection_runs_total Detection runs started as measurements arrived, by result.",
    "# TYPE vantage_detection_runs_total counter",
    `vantage_detection_runs_total{result="ok"} ${counters.detectionRuns - counters.detectionFailures}`,
    `vantage_detection_runs_total{result="error"} ${counters.detectionFailures}`,
    "# HELP vantage_detection_duration_seconds Time spent in those runs.",
    "# TYPE vantage_detection_duration_seconds summary",
    `vantage_detection_duration_seconds_sum ${counters.detectionSecondsSum}`,
    `vantage_detection_duration_seconds_count ${counters.detectionRuns}`,
    "# HELP vantage_detection_last_success_timestamp_seconds When the last successful run finished (0: none yet).",
    "# TYPE vantage_detection_last_success_timestamp_seconds gauge",
    `vantage_detection_last_success_timestamp_seconds ${counters.detectionLastSuccess ?? 0}`,
    "# HELP vantage_upload_worker_deaths_total Upload worker threads that died (each is replaced; the batches it held were answered 500).",
    "# TYPE vantage_upload_worker_deaths_total counter",
    `vantage_upload_worker_deaths_total ${counters.uploadWorkerDeaths}`,
  );
  return lines.join("\n") + "\n";
}
