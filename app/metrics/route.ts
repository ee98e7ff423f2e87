// GET /metrics: Prometheus text format.
import { countRequest, renderMetrics } from "../../lib/metrics";

export const dynamic = "force-dynamic";

export function GET() {
  countRequest("/metrics", 200);
  return new Response(renderMetrics(), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
  });
}
