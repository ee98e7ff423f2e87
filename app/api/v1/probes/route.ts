// POST /api/v1/probes: a volunteer registers a probe (rate-limited per connecting
// address) and gets a one-time enrollment token plus the one-line install command.
// GET /api/v1/probes: the volunteer's own probes.
import { countRequest } from "@/lib/metrics";
import { getStore } from "@/lib/server/store";
import { listOwnerProbes, registerProbe } from "@/lib/store/volunteers";
import { readJson, toResponse } from "@/lib/volunteers/http";
import { registerProbeSchema } from "@/lib/volunteers/requests";
import { installCommand, publicOrigin } from "./_lib/install";
import { authenticateOwner, clientWindowKeys, windowRefused } from "./_lib/auth";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    const store = await getStore();
    const owner = await authenticateOwner(store, request);
    const body = await readJson(request, registerProbeSchema);
    const result = await registerProbe(store, owner.id, body, clientWindowKeys(request, "probe"));
    if (!result.ok) throw windowRefused(result.decision);
    const origin = publicOrigin(request);
    countRequest("/api/v1/probes", 201);
    return Response.json(
      {
        probe_id: result.probeId,
        enrollment_token: result.enrollmentToken,
        expires_at: result.expiresAt.toISOString(),
        install_command: installCommand(origin, result.enrollmentToken),
      },
      { status: 201, headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    const response = toResponse(error);
    countRequest("/api/v1/probes", response.status);
    return response;
  }
}

export async function GET(request: Request): Promise<Response> {
  try {
    const store = await getStore();
    const owner = await authenticateOwner(store, request);
    const probes = await listOwnerProbes(store, owner.id);
    return Response.json(
      {
        probes: probes.map((p) => ({
          id: p.id, name: p.name, country: p.country, region: p.region, asn: p.asn, asn_name: p.asn_name,
          network_type: p.network_type, status: p.status, last_seen_at: p.last_seen_at, software_version: p.software_version,
        })),
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return toResponse(error);
  }
}
