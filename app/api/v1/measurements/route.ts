// POST /api/v1/measurements: a batch from an authenticated probe, through the one write
// path (lib/ingest shapes the whole batch: validated, re-scored; lib/store/ingest writes it
// in one transaction, idempotent per id). The probe's registered country, region, ASN and
// network type override what the records claim. Where VANTAGE_MMDB_PATH names an IP-to-ASN
// database, the connecting address is looked up and a network differing from the
// registered one flags every record of the batch (../probes/_lib/network.ts); the address
// itself is never stored or logged.
import { IngestConflictError } from "@/lib/ingest/batch";
import { HttpError, json, NO_STORE, route } from "@/lib/http";
import { detectionScheduler, earliestStartedAt } from "@/lib/server/detection-scheduler";
import { shapeUploadInPool } from "@/lib/server/upload-pool";
import { ingestShaped } from "@/lib/store/ingest";
import { toRegisteredProbe, touchProbe } from "@/lib/store/volunteers";
import { authenticateProbe } from "../probes/_lib/auth";
import { maxBatchBytes, maxBatchRecords, uploadLimiter } from "../probes/_lib/limits";
import { uploadNetworkFlags } from "../probes/_lib/network";

export const dynamic = "force-dynamic";

// GET (the public raw-data listing) lives beside this file; see list-handler.ts.
export { GET } from "./list-handler";

function conflict(error: unknown): HttpError | null {
  if (!(error instanceof IngestConflictError)) return null;
  return new HttpError(409, error.message, { issues: error.ids.map((id) => ({ in: "body", path: "records", message: `id ${id} already stored with different content` })) });
}

export const POST = route("/api/v1/measurements", { errors: conflict }, async ({ request, store, timed, text }) => {
  const db = await store();
  const probe = await authenticateProbe(db, request);
  const rate = uploadLimiter().take(probe.id, Date.now());
  if (!rate.ok) {
    throw new HttpError(429, `too many uploads from this probe; retry in ${rate.retryAfterS} s`, { headers: { "retry-after": String(rate.retryAfterS) } });
  }
  const now = new Date();
  const shaping = await shapeUploadInPool(await text(maxBatchBytes()), {
    maxRecords: maxBatchRecords(),
    probe: toRegisteredProbe(probe),
    receivedAt: now,
    extraFlags: uploadNetworkFlags(request, probe),
  });
  if (!shaping.ok) throw new HttpError(shaping.status, shaping.message, { issues: shaping.issues.map((i) => ({ in: "body", ...i })) });
  const { shaped } = shaping;
  const result = await timed(() => ingestShaped(db, shaped));
  // Events follow in the background (coalesced, at most every VANTAGE_DETECT_INTERVAL_S).
  if (result.stored.length > 0) detectionScheduler().note(db, earliestStartedAt(shaped.map((s) => s.m)));
  await touchProbe(db, probe.id, now);
  return json({ stored: result.stored, duplicates: result.duplicates }, { headers: NO_STORE });
});
