// The detector's per-bucket state over stored rounds: reads the rounds of one service in
// one country (or one network) and runs the detector's own walk over them
// (lib/detect/trace.ts), far enough back that a run or event crossing the range's start is
// rebuilt as detection built it. The public API (/api/v1/detector-state) and the explorer's
// coverage strip (lib/explorer/view-data.ts) both read it here.
import { DEFAULT_DETECT_HISTORY_HOURS } from "../config";
import type { DetectConfig } from "../detect/config";
import type { DetectorTrace, TraceQuery } from "../detect/trace";
import { traceOffThread } from "./detection-pool";
import { detectionReadRange } from "./detection";
import type { Store } from "./open";
import { roundObservations } from "./queries/events";

/**
 * Where the read must start for `query`: `historyHours` before the range, or before the
 * start of a stored event of the scope that is open at the range's start (so its onset,
 * and the buckets that opened it, are walked again).
 */
export async function detectorStateReadFrom(store: Store, query: TraceQuery, historyHours: number): Promise<Date> {
  const [row] = await store.prisma.$queryRawUnsafe<{ start: Date | null }[]>(
    `SELECT min(started_at) AS start FROM events
     WHERE service = $1 AND country = $2 AND ($3::bigint IS NULL OR $3::bigint = ANY(asns))
       AND started_at < $4::timestamptz AND (ended_at IS NULL OR ended_at > $4::timestamptz)`,
    query.service,
    query.cc,
    query.asn,
    query.from.toISOString(),
  );
  const start = Math.min(query.from.getTime(), row?.start ? new Date(row.start).getTime() : Infinity);
  return new Date(start - historyHours * 3_600_000);
}

/** What the detector saw per bucket for `query`, recomputed from the stored rounds. */
export async function loadDetectorState(
  store: Store,
  query: TraceQuery,
  options: { historyHours?: number; config?: Partial<DetectConfig>; now?: Date } = {},
): Promise<DetectorTrace> {
  const readFrom = await detectorStateReadFrom(store, query, options.historyHours ?? DEFAULT_DETECT_HISTORY_HOURS);
  const read = detectionReadRange(readFrom, query.to, options.now ?? new Date());
  const { observations } = await roundObservations(store, read.from, read.until, { service: query.service, cc: query.cc, asn: query.asn });
  return traceOffThread(observations, query, options.config ?? {});
}
