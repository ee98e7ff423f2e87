// Process-wide counters exposed at GET /metrics in Prometheus text format.
interface Counters {
  requests: Map<string, number>;
  /** Per route: [seconds summed, requests]. */
  requestSeconds: Map<string, [number, number]>;
  ingested: number;
  duplicates: number;
  storeLatencySum: number;
  storeLatencyCount: number;
  detectionRuns: number;
  detectionFailures: number;
  detectionSecondsSum: number;
  detectionLastSuccess: number | null;
  detectionGivenUp: number;
  uploadWorkerDeaths: number;
}

const globalKey = Symbol.for("vantage.metrics");
const g = globalThis as unknown as Record<symbol, Counters | undefined>;
const counters: Counters = (g[globalKey] ??= {
  requests: new Map(),
  requestSeconds: new Map(),
  ingested: 0,
  duplicates: 0,
  storeLatencySum: 0,
  storeLatencyCount: 0,
  detectionRuns: 0,
  detectionFailures: 0,
  detectionSecondsSum: 0,
  detectionLastSuccess: null,
  detectionGivenUp: 0,
  uploadWorkerDeaths: 0,
});
// A process started before these counters existed (a dev server's hot reload) lacks them.
counters.detectionRuns ??= 0;
counters.detectionFailures ??= 0;
counters.detectionSecondsSum ??= 0;
counters.detectionLastSuccess ??= null;
counters.uploadWorkerDeaths ??= 0;
counters.detectionGivenUp ??= 0;
counters.requestSeconds ??= new Map();

export function countRequest(route: string, status: number): void {
  const key = `${route}|${status}`;
  counters.requests.set(key, (counters.requests.get(key) ?? 0) + 1);
}

/** One API request, from lib/http's edge: counted by status, timed by route. */
export function observeRequest(route: string, status: number, seconds: number): void {
  countRequest(route, status);
  const [sum, n] = counters.requestSeconds.get(route) ?? [0, 0];
  counters.requestSeconds.set(route, [sum + seconds, n + 1]);
}

export function countIngested(stored: number, duplicates: number): void {
  counters.ingested += stored;
  counters.duplicates += duplicates;
}

export function observeStoreLatency(seconds: number): void {
  counters.storeLatencySum += seconds;
  counters.storeLatencyCount += 1;
}

/** One run of detection as measurements arrive (lib/server/detection-scheduler.ts). */
export function observeDetectionRun(ok: boolean, seconds: number, finishedAt: Date | null): void {
  counters.detectionRuns += 1;
  if (!ok) counters.detectionFailures += 1;
  counters.detectionSecondsSum += seconds;
  if (ok && finishedAt) counters.detectionLastSuccess = finishedAt.getTime() / 1000;
}

/** A range whose detection runs kept failing was given up (lib/server/detection-scheduler.ts). */
export function countDetectionGivenUp(): void {
  counters.detectionGivenUp += 1;
}

/** An upload worker thread died (lib/server/upload-pool.ts); it is replaced. */
export function countUploadWorkerDeath(): void {
  counters.uploadWorkerDeaths += 1;
}

function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/**
 * One metric family in Prometheus text format: its HELP and TYPE lines, then its samples,
 * each a label set (without braces; "" for none) or a suffix such as "_sum", and a value.
 */
function family(name: string, type: "counter" | "gauge" | "summary", help: string, samples: [string, number][]): string[] {
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} ${type}`,
    ...samples.map(([at, value]) => (at.startsWith("_") ? `${name}${at} ${value}` : `${name}${at ? `{${at}}` : ""} ${value}`)),
  ];
}

export function renderMetrics(): string {
  const requests = [...counters.requests].sort().map(([key, n]): [string, number] => {
    const [route, status] = key.split("|");
    return [`route="${label(route)}",status="${status}"`, n];
  });
  const lines = [
    ...family("vantage_http_requests_total", "counter", "HTTP requests served, by route and status.", requests),
    ...family(
      "vantage_http_request_duration_seconds",
      "summary",
      "Time API route handlers took, by route.",
      [...counters.requestSeconds].sort().flatMap(([route, [sum, n]]): [string, number][] => [
        [`_sum{route="${label(route)}"}`, sum],
        [`_count{route="${label(route)}"}`, n],
      ]),
    ),
    ...family("vantage_measurements_ingested_total", "counter", "Measurements stored.", [["", counters.ingested]]),
    ...family("vantage_measurements_duplicate_total", "counter", "Measurements acknowledged as already stored.", [["", counters.duplicates]]),
    ...family("vantage_store_latency_seconds", "summary", "Latency of store round trips.", [
      ["_sum", counters.storeLatencySum],
      ["_count", counters.storeLatencyCount],
    ]),
    ...family("vantage_detection_runs_total", "counter", "Detection runs started as measurements arrived, by result.", [
      ['result="ok"', counters.detectionRuns - counters.detectionFailures],
      ['result="error"', counters.detectionFailures],
    ]),
    ...family("vantage_detection_duration_seconds", "summary", "Time spent in those runs.", [
      ["_sum", counters.detectionSecondsSum],
      ["_count", counters.detectionRuns],
    ]),
    ...family("vantage_detection_last_success_timestamp_seconds", "gauge", "When the last successful run finished (0: none yet).", [
      ["", counters.detectionLastSuccess ?? 0],
    ]),
    ...family(
      "vantage_detection_given_up_total",
      "counter",
      "Ranges given up after their detection runs failed VANTAGE_DETECT_MAX_ATTEMPTS times in a row (alert on any increase).",
      [["", counters.detectionGivenUp]],
    ),
    ...family(
      "vantage_upload_worker_deaths_total",
      "counter",
      "Upload worker threads that died (each is replaced; the batches it held were answered 500).",
      [["", counters.uploadWorkerDeaths]],
    ),
  ];
  return lines.join("\n") + "\n";
}
