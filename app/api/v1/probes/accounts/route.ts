// POST /api/v1/probes/accounts: creates a volunteer account. The key in the answer is
// shown once; the server keeps only its hash.
import { json, NO_STORE, route } from "@/lib/http";
import { createOwner } from "@/lib/store/volunteers";
import { createOwnerSchema } from "@/lib/volunteers/requests";

export const dynamic = "force-dynamic";

export const POST = route("/api/v1/probes/accounts", {}, async ({ body, store }) => {
  const { contact } = await body(createOwnerSchema);
  const { ownerId, key } = await createOwner(await store(), contact ?? null);
  return json({ owner_id: ownerId, key, note: "Store this key now: it is shown once and cannot be recovered." }, { status: 201, headers: NO_STORE });
});
