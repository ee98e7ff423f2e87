// POST /api/v1/probes/me/heartbeat: the probe is alive (a paused probe too: it is online,
// just not measuring).
import { countRequest } from "@/lib/metrics";
import { getStore } from "@/lib/server/store";
import { recordHeartbeat } from "@/lib/store/volunteers";
import { readJson, toResponse } from "@/lib/volunteers/http";
import { heartbeatSchema } from "@/lib/volunteers/requests";
import { authenticateProbe } from "../../_lib/auth";
import { maybeSendOfflineNotices } from "../../_lib/notify";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    const store = await getStore();
    const probe = await authenticateProbe(store, request, { allowPaused: true });
    const beat = await readJson(request, heartbeatSchema);
    const now = new Date();
    await recordHeartbeat(store, probe.id, beat, now);
    maybeSendOfflineNotices(store);
    countRequest("/api/v1/probes/me/heartbeat", 200);
    return Response.json({ ok: true, status: probe.status, server_time: now.toISOString() }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    const response = toResponse(error);
    countRequest("/api/v1/probes/me/heartbeat", response.status);
    return response;
  }
}
