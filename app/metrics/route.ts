// GET /metrics: Prometheus text format.
import { route } from "@/lib/http";
import { renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export const GET = route("/metrics", {}, () => new Response(renderMetrics(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" } }));
