// GET /api/v1/detector-state: what the detector saw per bucket in one service and country
// (or one network of it): state, owners and quorum, technique, the event open.
import { parseDetectorStateParams } from "@/lib/api/detector-state-params";
import { detectorStateView } from "@/lib/api/detector-state-view";
import { readLimits, withReadSlot } from "@/lib/api/read-guard";
import { invalidRequest, json, queryIssues, route } from "@/lib/http";
import { DetectorStateTooCostly, loadDetectorState } from "@/lib/store/detector-state";

export const dynamic = "force-dynamic";

const parseBounded = (params: URLSearchParams) => parseDetectorStateParams(params, new Date(), readLimits());

export const GET = route("/api/v1/detector-state", { query: parseBounded, publicRead: true }, async ({ query: q, store, timed }) => {
  const db = await store();
  const { maxCells, maxDetectorRounds } = readLimits();
  const trace = await withReadSlot(() => timed(() => loadDetectorState(db, q, { maxRounds: maxDetectorRounds }))).catch((error: unknown) => {
    if (!(error instanceof DetectorStateTooCostly)) throw error;
    const message = `at most ${error.limit} rounds per request (the detector is re-run over them, with the history before since); this range holds ${error.rounds}: narrow since/until or name probe_asn`;
    throw invalidRequest(queryIssues([{ parameter: "since", message }]));
  });
  const buckets = trace.networks[0]?.buckets.length ?? 0;
  const cells = buckets * (trace.networks.length + (trace.country ? 1 : 0));
  if (cells > maxCells) {
    throw invalidRequest(queryIssues([{ parameter: "grain", message: `at most ${maxCells} entries per answer (buckets x networks); this one has ${cells}: narrow since/until, use a coarser grain or name probe_asn` }]));
  }
  return json(detectorStateView(q, trace), { headers: { "cache-control": "public, max-age=60" } });
});
