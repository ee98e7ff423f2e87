// Process-wide counters exposed at GET /metrics in Prometheus text format.
interface Counters {
  requests: Map<string, number>;
  ingested: number;
  duplicates: number;
  storeLatencySum: number;
  storeLatencyCount: number;
}

const globalKey = Symbol.for("vantage.metrics");
const g = globalThis as unknown as Record<symbol, Counters | undefined>;
const counters: Counters = (g[globalKey] ??= {
  requests: new Map(),
  ingested: 0,
  duplicates: 0,
  storeLatencySum: 0,
  storeLatencyCount: 0,
});

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
  );
  return lines.join("\n") + "\n";
}
