// POST /api/v1/probes/enroll: a probe exchanges its one-time token for its credential.
import { HttpError, json, NO_STORE, route } from "@/lib/http";
import { enrollProbe } from "@/lib/store/volunteers";
import { enrollSchema } from "@/lib/volunteers/requests";

export const dynamic = "force-dynamic";

const REASONS = {
  unknown: [401, "unknown enrollment token"],
  used: [401, "this enrollment token was already used; ask for a new one (rotate the probe's credential)"],
  expired: [401, "this enrollment token has expired; register again or rotate the credential"],
  revoked: [403, "this probe was revoked by the operator"],
} as const;

export const POST = route("/api/v1/probes/enroll", {}, async ({ body, store }) => {
  const { token, software_version } = await body(enrollSchema);
  const result = await enrollProbe(await store(), token, software_version ?? null);
  if (!result.ok) {
    const [status, message] = REASONS[result.reason];
    throw new HttpError(status, message, { code: `token_${result.reason}`, issues: [{ in: "body", path: "token", message }] });
  }
  return json({ probe_id: result.probeId, credential: result.credential }, { headers: NO_STORE });
});
