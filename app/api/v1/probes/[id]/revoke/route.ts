// POST /api/v1/probes/{id}/revoke: the operator (Bearer VANTAGE_OPERATOR_TOKEN) revokes any probe.
import { getStore } from "@/lib/server/store";
import { revokeProbe } from "@/lib/store/volunteers";
import { ApiError, toResponse } from "@/lib/volunteers/http";
import { requireOperator } from "../../_lib/auth";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    requireOperator(request);
    const { id } = await context.params;
    const store = await getStore();
    if (!(await revokeProbe(store, id))) throw new ApiError(404, `no probe "${id}"`, [{ path: "id", message: "not found" }]);
    return Response.json({ probe_id: id, status: "revoked" });
  } catch (error) {
    return toResponse(error);
  }
}
