// POST /api/v1/measurements: a batch from an authenticated probe, through the one write
// path (ingestMeasurements: whole batch validated, re-scored, one transaction, idempotent
// per id). The probe's registered country, region, ASN and network type override what the
// records claim. Where VANTAGE_MMDB_PATH names an IP-to-ASN database, the connecting
// address is looked up and a network differing from the registered one flags every record
// of the batch (../probes/_lib/network.ts); the address itself is never stored or logged.
import { z } from "zod";
import { countRequest } from "@/lib/metrics";
import { detectionScheduler, earliestStartedAt } from "@/lib/store/detection-scheduler";
import { IngestConflictError, IngestValidationError, ingestMeasurements } from "@/lib/store/ingest";
import { getStore, timed } from "@/lib/store/server";
import { toRegisteredProbe, touchProbe } from "@/lib/store/volunteers";
import { ApiError, parseJsonText, readBodyLimited, toResponse } from "@/lib/volunteers/http";
import { authenticateProbe } from "../probes/_lib/auth";
import { maxBatchBytes, maxBatchRecords, uploadLimiter } from "../probes/_lib/limits";
import { uploadNetworkFlags } from "../probes/_lib/network";

export const dynamic = "force-dynamic";

// GET (the public raw-data listing) lives beside this file; see list-handler.ts.
export { GET } from "./list-handler";

const batchSchema = z.strictObject({ records: z.array(z.unknown()).min(1) });

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
    const { records } = parseJsonText(text, batchSchema);
    const maxRecords = maxBatchRecords();
    if (records.length > maxRecords) {
      throw new ApiError(413, `a batch holds at most ${maxRecords} records; this one has ${records.length}`, [
        { path: "records", message: `at most ${maxRecords} records` },
      ]);
    }
    const now = new Date();
    const extraFlags = uploadNetworkFlags(request, probe);
    const result = await timed(() => ingestMeasurements(store, records, { probe: toRegisteredProbe(probe), receivedAt: now, extraFlags }));
    // Events follow in the background (coalesced, at most every VANTAGE_DETECT_INTERVAL_S).
    if (result.stored.length > 0) detectionScheduler().note(store, earliestStartedAt(records));
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
  if (error instanceof IngestValidationError) {
    const issues = error.issues.map((i) => ({ path: ["records", i.index, ...(i.path ? [i.path] : [])].join("."), message: i.message }));
    return new ApiError(400, error.message, issues);
  }
  if (error instanceof IngestConflictError) {
    return new ApiError(409, error.message, error.ids.map((id) => ({ path: "records", message: `id ${id} already stored with different content` })));
  }
  return error;
}
