// POST /api/v1/probes/accounts: creates a volunteer account, limited per client address
// like probe registration. The key in the answer is shown once; the server keeps only its hash.
import { countRequest } from "@/lib/metrics";
import { getStore } from "@/lib/server/store";
import { createOwner } from "@/lib/store/volunteers";
import { readJson, toResponse } from "@/lib/volunteers/http";
import { createOwnerSchema } from "@/lib/volunteers/requests";
import { clientWindowKeys, windowRefused } from "../_lib/auth";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    const body = await readJson(request, createOwnerSchema);
    const store = await getStore();
    const result = await createOwner(store, body.contact ?? null, clientWindowKeys(request, "account"));
    if (!result.ok) throw windowRefused(result.decision);
    countRequest("/api/v1/probes/accounts", 201);
    return Response.json({ owner_id: result.ownerId, key: result.key, note: "Store this key now: it is shown once and cannot be recovered." }, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    const response = toResponse(error);
    countRequest("/api/v1/probes/accounts", response.status);
    return response;
  }
}
