// POST /api/v1/probes: a volunteer registers a probe (rate-limited per connecting
// address) and gets a one-time enrollment token plus the one-line install command.
// GET /api/v1/probes: the volunteer's own probes.
import { countRequest } from "@/lib/metrics";
import { getStore } from "@/lib/server/store";
import { listOwnerProbes, registerProbe } from "@/lib/store/volunteers";
import { ApiError, readJson, toResponse } from "@/lib/volunteers/http";
import { registerProbeSchema } from "@/lib/volunteers/requests";
import { settingsOutsideBounds } from "@/lib/volunteers/settings";
import { installCommandFor } from "./_lib/install";
import { probeSettingBounds } from "./_lib/limits";
import { authenticateOwner, clientWindowKeys, windowRefused } from "./_lib/auth";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    const store = await getStore();
    const owner = await authenticateOwner(store, request);
    const body = await readJson(request, registerProbeSchema);
    const bounds = probeSettingBounds();
    const outside = settingsOutsideBounds(body, bounds);
    if (outside.length > 0) throw new ApiError(400, `invalid request: ${outside[0].path}: ${outside[0].message}`, outside);
    const result = await registerProbe(store, owner.id, { ...body, interval_s: body.interval_s ?? bounds.interval.default }, clientWindowKeys(request, "probe"));
    if (!result.ok) throw windowRefused(result.decision);
    const install = await installCommandFor(request, result.enrollmentToken);
    countRequest("/api/v1/probes", 201);
    return Response.json(
      {
        probe_id: result.probeId,
        enrollment_token: result.enrollmentToken,
        expires_at: result.expiresAt.toISOString(),
        install_command: install.command,
        bundle_sha256: install.sha256,
        ...("why" in install ? { install_note: install.why } : {}),
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
          interval_s: p.interval_s, daily_budget_bytes: p.daily_budget_bytes, rounds: p.rounds, first_round_at: p.first_round_at,
        })),
      },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return toResponse(error);
  }
}
