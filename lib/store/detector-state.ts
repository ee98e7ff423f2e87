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

/** A read that would re-run the detector over more rounds than the read limit allows. */
export class DetectorStateTooCostly extends Error {
  override name = "DetectorStateTooCostly";
  constructor(
    readonly rounds: number,
    readonly limit: number,
  ) {
    super(`the detector would be re-run over ${rounds} rounds (history included); at most ${limit}`);
  }
}

/**
 * Rounds of the scope stored in [from, until), from the hourly rollups (their covering
 * index): what re-running the detector over that range would read, known before reading it.
 */
export async function detectorStateRounds(store: Store, query: Pick<TraceQuery, "service" | "cc" | "asn">, from: Date, until: Date): Promise<number> {
  const [row] = await store.prisma.$queryRawUnsafe<{ rounds: bigint | number | null }[]>(
    `SELECT sum(measurement_count) AS rounds FROM hourly_rollups
     WHERE service = $1 AND country = $2 AND ($3::int IS NULL OR asn = $3::int)
       AND hour >= date_trunc('hour', $4::timestamptz) AND hour < $5::timestamptz`,
    query.service,
    query.cc,
    query.asn,
    from.toISOString(),
    until.toISOString(),
  );
  return Number(row?.rounds ?? 0);
}

/**
 * What the detector saw per bucket for `query`, recomputed from the stored rounds. With
 * `maxRounds`, a range holding more rounds (history included) is refused with
 * DetectorStateTooCostly before any round is read: a public read's cost is bounded by the
 * rounds it re-walks, not only by its days.
 */
export async function loadDetectorState(
  store: Store,
  query: TraceQuery,
  options: { historyHours?: number; config?: Partial<DetectConfig>; now?: Date; maxRounds?: number } = {},
): Promise<DetectorTrace> {
  const readFrom = await detectorStateReadFrom(store, query, options.historyHours ?? DEFAULT_DETECT_HISTORY_HOURS);
  const read = detectionReadRange(readFrom, query.to, options.now ?? new Date());
  if (options.maxRounds === undefined) return traceRounds(store, query, read, options.config);
  const rounds = await detectorStateRounds(store, query, read.from, read.until);
  if (rounds > options.maxRounds) throw new DetectorStateTooCostly(rounds, options.maxRounds);
  // Bounded (public) reads are kept: a popular view re-walked its rounds on every request.
  // The count of stored rounds is part of the key, so a new round is a new walk.
  const key = JSON.stringify([query, readFrom, rounds, options.config ?? null]);
  const memo = traceMemo(store);
  const kept = memo.get(key);
  if (kept && kept.at > Date.now() - TRACE_MEMO_MS) return kept.trace;
  const trace = traceRounds(store, query, read, options.config);
  memo.set(key, { trace, at: Date.now() });
  trace.catch(() => memo.delete(key));
  while (memo.size > TRACE_MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
  return trace;
}

async function traceRounds(store: Store, query: TraceQuery, read: { from: Date; until: Date }, config: Partial<DetectConfig> = {}): Promise<DetectorTrace> {
  const { observations } = await roundObservations(store, read.from, read.until, { service: query.service, cc: query.cc, asn: query.asn });
  return traceOffThread(observations, query, config);
}

/**
 * Kept walks, per store: at most TRACE_MEMO_ENTRIES, each for TRACE_MEMO_MS (a re-scoring
 * changes verdicts without changing the count of rounds; this bounds how long a kept walk
 * can trail it).
 */
export const TRACE_MEMO_MS = 5 * 60_000;
const TRACE_MEMO_ENTRIES = 64;
const memos = new WeakMap<Store, Map<string, { trace: Promise<DetectorTrace>; at: number }>>();
function traceMemo(store: Store): Map<string, { trace: Promise<DetectorTrace>; at: number }> {
  let memo = memos.get(store);
  if (!memo) memos.set(store, (memo = new Map()));
  return memo;
}
