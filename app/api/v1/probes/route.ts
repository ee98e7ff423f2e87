// POST /api/v1/probes: a volunteer registers a probe (rate-limited per connecting
// address) and gets a one-time enrollment token plus the one-line install command.
// GET /api/v1/probes: the volunteer's own probes.
import { invalidRequest, json, NO_STORE, route } from "@/lib/http";
import { listOwnerProbes, registerProbe } from "@/lib/store/volunteers";
import { registerProbeSchema } from "@/lib/volunteers/requests";
import { settingsOutsideBounds } from "@/lib/volunteers/settings";
import { probeSettingBounds } from "./_lib/limits";
import { authenticateOwner, clientWindowKeys, windowRefused } from "./_lib/auth";
import { installCommandFor } from "./_lib/install";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/probes";

export const POST = route(ROUTE, {}, async ({ request, body, store }) => {
  const db = await store();
  const owner = await authenticateOwner(db, request);
  const registration = await body(registerProbeSchema);
  const bounds = probeSettingBounds();
  const outside = settingsOutsideBounds(registration, bounds);
  if (outside.length > 0) throw invalidRequest(outside.map((o) => ({ in: "body" as const, path: o.path, message: o.message })));
  const result = await registerProbe(db, owner.id, { ...registration, interval_s: registration.interval_s ?? bounds.interval.default }, clientWindowKeys(request, "probe"));
  if (!result.ok) throw windowRefused(result.decision);
  const install = await installCommandFor(request, result.enrollmentToken);
  return json(
    {
      probe_id: result.probeId,
      enrollment_token: result.enrollmentToken,
      expires_at: result.expiresAt.toISOString(),
      install_command: install.command,
      bundle_sha256: install.sha256,
      ...("why" in install ? { install_note: install.why } : {}),
    },
    { status: 201, headers: NO_STORE },
  );
});

export const GET = route(ROUTE, {}, async ({ request, store }) => {
  const db = await store();
  const owner = await authenticateOwner(db, request);
  const probes = await listOwnerProbes(db, owner.id);
  return json(
    {
      probes: probes.map((p) => ({
        id: p.id, name: p.name, country: p.country, region: p.region, asn: p.asn, asn_name: p.asn_name,
        network_type: p.network_type, status: p.status, last_seen_at: p.last_seen_at, software_version: p.software_version,
        interval_s: p.interval_s, daily_budget_bytes: p.daily_budget_bytes, rounds: p.rounds, first_round_at: p.first_round_at,
      })),
    },
    { headers: NO_STORE },
  );
});
