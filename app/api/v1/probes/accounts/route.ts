// POST /api/v1/probes/accounts: creates a volunteer account, limited per client address
// like probe registration. The key in the answer is shown once; the server keeps only its hash.
import { json, NO_STORE, route } from "@/lib/http";
import { createOwner } from "@/lib/store/volunteers";
import { createOwnerSchema } from "@/lib/volunteers/requests";
import { clientWindowKeys, windowRefused } from "../_lib/auth";

export const dynamic = "force-dynamic";

export const POST = route("/api/v1/probes/accounts", {}, async ({ request, body, store }) => {
  const { contact } = await body(createOwnerSchema);
  const result = await createOwner(await store(), contact ?? null, clientWindowKeys(request, "account"));
  if (!result.ok) throw windowRefused(result.decision);
  return json({ owner_id: result.ownerId, key: result.key, note: "Store this key now: it is shown once and cannot be recovered." }, { status: 201, headers: NO_STORE });
});
