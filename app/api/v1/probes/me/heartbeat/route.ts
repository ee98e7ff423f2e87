// POST /api/v1/probes/me/heartbeat: the probe is alive (a paused probe too: it is online,
// just not measuring).
import { json, NO_STORE, route } from "@/lib/http";
import { recordHeartbeat } from "@/lib/store/volunteers";
import { heartbeatSchema } from "@/lib/volunteers/requests";
import { authenticateProbe } from "../../_lib/auth";
import { maybeSendOfflineNotices } from "../../_lib/notify";

export const dynamic = "force-dynamic";

export const POST = route("/api/v1/probes/me/heartbeat", {}, async ({ request, body, store }) => {
  const db = await store();
  const probe = await authenticateProbe(db, request, { allowPaused: true });
  const beat = await body(heartbeatSchema);
  const now = new Date();
  await recordHeartbeat(db, probe.id, beat, now);
  maybeSendOfflineNotices(db);
  return json({ ok: true, status: probe.status, server_time: now.toISOString() }, { headers: NO_STORE });
});
