// POST /api/v1/probes/enroll: a probe exchanges its one-time token for its credential.
import { countRequest } from "@/lib/metrics";
import { getStore } from "@/lib/server/store";
import { enrollProbe } from "@/lib/store/volunteers";
import { ApiError, readJson, toResponse } from "@/lib/volunteers/http";
import { enrollSchema } from "@/lib/volunteers/requests";

export const dynamic = "force-dynamic";

const REASONS = {
  unknown: [401, "unknown enrollment token"],
  used: [401, "this enrollment token was already used; ask for a new one (rotate the probe's credential)"],
  expired: [401, "this enrollment token has expired; register again or rotate the credential"],
  revoked: [403, "this probe was revoked by the operator"],
} as const;

export async function POST(request: Request): Promise<Response> {
  try {
    const body = await readJson(request, enrollSchema);
    const store = await getStore();
    const result = await enrollProbe(store, body.token, body.software_version ?? null);
    if (!result.ok) {
      const [status, message] = REASONS[result.reason];
      throw new ApiError(status, message, [{ path: "token", message }]);
    }
    countRequest("/api/v1/probes/enroll", 200);
    return Response.json({ probe_id: result.probeId, credential: result.credential }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    const response = toResponse(error);
    countRequest("/api/v1/probes/enroll", response.status);
    return response;
  }
}
