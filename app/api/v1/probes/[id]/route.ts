// POST /api/v1/probes/{id} {"action": "pause"|"resume"|"rotate"|"revoke"} or
// {"action": "rename", "name": ...}: the owner manages a probe; rotate answers with a fresh
// enrollment token and install command (the old credential stops working).
// DELETE /api/v1/probes/{id}: the owner removes it.
import { HttpError, json, NO_STORE, route, type RouteContext } from "@/lib/http";
import { ownerProbeAction, type OwnerAction } from "@/lib/store/volunteers";
import { probeActionSchema } from "@/lib/volunteers/requests";
import { authenticateOwner, noSuchProbe } from "../_lib/auth";
import { installCommandFor } from "../_lib/install";

export const dynamic = "force-dynamic";
const ROUTE = "/api/v1/probes/{id}";

type Context = RouteContext<Record<string, never>, { id: string }>;

/** Authenticates the owner first, then reads which action (a body, for POST). */
async function act({ request, params: { id }, store }: Context, readAction: () => Promise<OwnerAction>): Promise<Response> {
  const db = await store();
  const owner = await authenticateOwner(db, request);
  const action = await readAction();
  const result = await ownerProbeAction(db, owner.id, id, action);
  const name = action.action;
  if (!result.ok) {
    if (result.reason === "not_found") throw noSuchProbe(id, "you have no probe");
    throw new HttpError(403, "this probe was revoked", { code: "probe_revoked", issues: [{ in: "path", path: "id", message: "revoked" }] });
  }
  const body: Record<string, unknown> = { probe_id: id, action: action.action };
  if (result.enrollmentToken) {
    body.enrollment_token = result.enrollmentToken;
    body.expires_at = result.expiresAt?.toISOString();
    const install = await installCommandFor(request, result.enrollmentToken);
    body.install_command = install.command;
    body.bundle_sha256 = install.sha256;
  }
  return json(body, { headers: NO_STORE });
}

export const POST = route<Record<string, never>, { id: string }>(ROUTE, {}, (ctx) => act(ctx, () => ctx.body(probeActionSchema)));

export const DELETE = route<Record<string, never>, { id: string }>(ROUTE, {}, (ctx) => act(ctx, async () => ({ action: "remove" })));
