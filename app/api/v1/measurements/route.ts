// POST /api/v1/measurements: a batch from an authenticated probe, through the one write
// path (lib/store/ingest: whole batch validated, re-scored and shaped, then one
// transaction, idempotent per id). The probe's registered country, region, ASN and network type override what the
// records claim. Where VANTAGE_MMDB_PATH names an IP-to-ASN database, the connecting
// address is looked up and a network differing from the registered one flags every record
// of the batch (../probes/_lib/network.ts); the address itself is never stored or logged.
import { countRequest } from "@/lib/metrics";
import { detectionScheduler, earliestStartedAt } from "@/lib/server/detection-scheduler";
import { ingestShaped } from "@/lib/store/ingest";
import { IngestConflictError } from "@/lib/ingest/batch";
import { shapeUploadInPool } from "@/lib/server/upload-pool";
import { getStore, timed } from "@/lib/server/store";
import { toRegisteredProbe, touchProbe } from "@/lib/store/volunteers";
import { ApiError, readBodyLimited, toResponse } from "@/lib/volunteers/http";
import { authenticateProbe } from "../probes/_lib/auth";
import { maxBatchBytes, maxBatchRecords, uploadLimiter } from "../probes/_lib/limits";
import { uploadNetworkFlags } from "../probes/_lib/network";

export const dynamic = "force-dynamic";

// GET (the public raw-data listing) lives beside this file; see list-handler.ts.
export { GET } from "./list-handler";

export async function POST(request: Request): Promise<Response> {
  const route = "/api/v1/measurements";
  try {
    const store = await getStore();
    const probe = await authenticateProbe(store, request);
    const rate = uploadLimiter().take(probe.id, Date.now());
    if (!rate.ok) {
      throw new ApiError(429, `too many uploads from this probe; retry in ${rate.retryAfterS} s`, [], { "retry-after": String(rate.retryAfterS) });
    }
    const text = await readBodyLimited(request, maxBatchBytes());
    const now = new Date();
    const shaping = await shapeUploadInPool(text, {
      maxRecords: maxBatchRecords(),
      probe: toRegisteredProbe(probe),
      receivedAt: now,
      extraFlags: uploadNetworkFlags(request, probe),
    });
    if (!shaping.ok) throw new ApiError(shaping.status, shaping.message, shaping.issues);
    const { shaped } = shaping;
    const result = await timed(() => ingestShaped(store, shaped));
    // Events follow in the background (coalesced, at most every VANTAGE_DETECT_INTERVAL_S).
    if (result.stored.length > 0) detectionScheduler().note(store, earliestStartedAt(shaped.map((s) => s.m)));
    await touchProbe(store, probe.id, now);
    countRequest(route, 200);
    return Response.json({ stored: result.stored, duplicates: result.duplicates }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    const response = toResponse(asApiError(error));
    countRequest(route, response.status);
    return response;
  }
}

function asApiError(error: unknown): unknown {
  if (error instanceof IngestConflictError) {
    return new ApiError(409, error.message, error.ids.map((id) => ({ path: "records", message: `id ${id} already stored with different content` })));
  }
  return error;
}
