// POST /api/v1/probes/{id} {"action": "pause"|"resume"|"rotate"|"revoke"} or
// {"action": "rename", "name": ...}: the owner manages a probe; rotate answers with a fresh
// enrollment token and install command (the old credential stops working).
// DELETE /api/v1/probes/{id}: the owner removes it.
import { getStore } from "@/lib/server/store";
import { ownerProbeAction, type OwnerAction } from "@/lib/store/volunteers";
import { ApiError, readJson, toResponse } from "@/lib/volunteers/http";
import { probeActionSchema } from "@/lib/volunteers/requests";
import { authenticateOwner } from "../_lib/auth";
import { installCommandFor } from "../_lib/install";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

async function act(request: Request, id: string, action: OwnerAction): Promise<Response> {
  const store = await getStore();
  const owner = await authenticateOwner(store, request);
  const result = await ownerProbeAction(store, owner.id, id, action);
  const name = action.action;
  if (!result.ok) {
    if (result.reason === "not_found") throw new ApiError(404, `you have no probe "${id}"`, [{ path: "id", message: "not found" }]);
    throw new ApiError(403, "this probe was revoked", [{ path: "id", message: "revoked" }]);
  }
  const body: Record<string, unknown> = { probe_id: id, action: name };
  if (result.enrollmentToken) {
    body.enrollment_token = result.enrollmentToken;
    body.expires_at = result.expiresAt?.toISOString();
    const install = await installCommandFor(request, result.enrollmentToken);
    body.install_command = install.command;
    body.bundle_sha256 = install.sha256;
  }
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}

export async function POST(request: Request, context: Context): Promise<Response> {
  try {
    const { id } = await context.params;
    return await act(request, id, await readJson(request, probeActionSchema));
  } catch (error) {
    return toResponse(error);
  }
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  try {
    const { id } = await context.params;
    return await act(request, id, { action: "remove" });
  } catch (error) {
    return toResponse(error);
  }
}
