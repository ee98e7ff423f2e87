// POST /api/v1/probes/{id}/revoke: the operator (Bearer VANTAGE_OPERATOR_TOKEN) revokes any probe.
import { json, route } from "@/lib/http";
import { revokeProbe } from "@/lib/store/volunteers";
import { noSuchProbe } from "../../_lib/auth";

export const dynamic = "force-dynamic";

export const POST = route<Record<string, never>, { id: string }>("/api/v1/probes/{id}/revoke", {}, async ({ params: { id }, operator, store }) => {
  operator();
  if (!(await revokeProbe(await store(), id))) throw noSuchProbe(id);
  return json({ probe_id: id, status: "revoked" });
});
