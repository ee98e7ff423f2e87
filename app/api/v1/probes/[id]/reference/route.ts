// POST /api/v1/probes/{id}/reference: the operator (Bearer VANTAGE_OPERATOR_TOKEN) marks a
// probe as a reference probe abroad, or unmarks it, with {"reference": true | false}.
// Events over the probe's rounds are re-detected in the background.
import { z } from "zod";
import { detectionScheduler } from "@/lib/server/detection-scheduler";
import { setProbeReference } from "@/lib/store/probe-reference";
import { getStore } from "@/lib/server/store";
import { ApiError, readJson, toResponse } from "@/lib/volunteers/http";
import { requireOperator } from "../../_lib/auth";

export const dynamic = "force-dynamic";

const bodySchema = z.strictObject({ reference: z.boolean() });

export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    requireOperator(request);
    const { id } = await context.params;
    const { reference } = await readJson(request, bodySchema);
    const store = await getStore();
    const result = await setProbeReference(store, id, reference);
    if (!result) throw new ApiError(404, `no probe "${id}"`, [{ path: "id", message: "not found" }]);
    detectionScheduler().note(store, result.firstRound);
    return Response.json({ probe_id: id, reference });
  } catch (error) {
    return toResponse(error);
  }
}
