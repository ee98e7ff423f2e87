// GET /api/v1/probes/me/config: what the calling probe should do (schedule, services,
// target-list version) and the server's clock. A paused probe still reads it, to learn
// that it is paused.
import { json, NO_STORE, route } from "@/lib/http";
import { listedServices, TARGETS_VERSION } from "@/lib/targets";
import type { ProbeConfigResponse } from "@/lib/volunteers/requests";
import { authenticateProbe } from "../../_lib/auth";
import { publishedBundle, publishedSoftware } from "../../_lib/bundle";
import { maxBatchBytes, maxBatchRecords, SCHEDULE_JITTER } from "../../_lib/limits";

export const dynamic = "force-dynamic";

export const GET = route("/api/v1/probes/me/config", {}, async ({ request, store }) => {
  const p = await authenticateProbe(await store(), request, { allowPaused: true });
  const body: ProbeConfigResponse = {
    probe: {
      id: p.id, name: p.name, country: p.country, region: p.region, asn: p.asn, asn_name: p.asn_name,
      network_type: p.network_type, status: p.status,
    },
    schedule: { interval_s: p.interval_s, jitter: SCHEDULE_JITTER },
    services: listedServices(),
    targets_version: TARGETS_VERSION,
    server_time: new Date().toISOString(),
    limits: { max_records: maxBatchRecords(), max_bytes: maxBatchBytes() },
    budget: { daily_bytes: p.daily_budget_bytes },
    software: publishedSoftware(await publishedBundle()),
  };
  return json(body, { headers: NO_STORE });
});
