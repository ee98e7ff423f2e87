// Detection runs over stored per-round verdicts: read them, run the pure detector
// (lib/detect), store its events by id. `runDetection` covers a given range (`npm run
// detect`); `runDetectionSince` re-runs the trailing window that newly stored measurements
// can have changed (the server's detection scheduler, lib/server/detection-scheduler.ts).
import { eventRow } from "../query/events";
import { DEFAULT_DETECT_HISTORY_HOURS } from "../config";
import { detect } from "../detect/detector";
import { resolveDetectConfig, type DetectConfig } from "../detect/config";
import type { Store } from "./open";
import { replaceEvents, roundObservations } from "./queries/events";
import { queueOpenedEvents } from "./webhooks";

export interface DetectionRun {
  rounds: number;
  withoutProbe: number;
  events: number;
  ongoing: number;
  upserted: number;
  deleted: number;
  /** Webhook deliveries queued for events this run stored for the first time. */
  queued: number;
}

/**
 * Reads rounds from `readFrom` (null: the first stored) to `range.until`, detects, and
 * stores the events by id; stored events starting in `range` that this run no longer
 * finds are deleted. With `onlyInRange`, detected events starting before `range.since`
 * (seen from the read history, possibly cut short by it) are left out.
 */
async function detectAndStore(
  store: Store,
  readFrom: Date | null,
  range: { since: Date | null; until: Date | null },
  config: Partial<DetectConfig>,
  onlyInRange: boolean,
): Promise<DetectionRun> {
  const { observations, withoutProbe } = await roundObservations(store, readFrom, range.until);
  const result = detect(observations, config);
  const since = range.since?.getTime() ?? null;
  const events = onlyInRange && since !== null ? result.events.filter((e) => Date.parse(e.start) >= since) : result.events;
  const rows = events.map(eventRow);
  const { opened, ...stored } = await replaceEvents(store, rows, range.since, range.until);
  const openedIds = new Set(opened);
  const queued = await queueOpenedEvents(store, rows.filter((r) => openedIds.has(r.id)));
  return {
    queued,
    rounds: observations.length,
    withoutProbe,
    events: events.length,
    ongoing: events.filter((e) => e.ongoing).length,
    ...stored,
  };
}

export async function runDetection(
  store: Store,
  range: { since: Date | null; until: Date | null },
  config: Partial<DetectConfig> = {},
): Promise<DetectionRun> {
  return detectAndStore(store, range.since, range, config, false);
}

/** Default history read before the replaced range (VANTAGE_DETECT_HISTORY_HOURS's default). */
export { DEFAULT_DETECT_HISTORY_HOURS };

export interface DetectionWindow {
  /** First round read (null: from the first stored). */
  readFrom: Date | null;
  /** Events starting at or after this are replaced (null: all). */
  replaceFrom: Date | null;
}

/**
 * The window a re-run must cover after measurements from `earliest` on were stored.
 *
 * New rounds can change events that start up to a few buckets before them (a pending
 * run that now opens, a country event whose members change), so replacement starts
 * `slack` before `earliest`: the buckets a run may take to open, close and become final,
 * plus the country window. It is then pulled back to the start of any stored event still
 * open, not yet settled, or ending within `slack` of it, until none straddles it: the
 * detector then enters the replaced range in the same quiet state as a full run, and
 * events before it stay as they are. Rounds are read from `historyHours` earlier, so
 * throughput baselines, active owners and pending runs are rebuilt as a full run has them.
 */
export async function detectionWindow(
  store: Store,
  earliest: Date,
  historyHours = DEFAULT_DETECT_HISTORY_HOURS,
  config: Partial<DetectConfig> = {},
): Promise<DetectionWindow> {
  const c = resolveDetectConfig(config);
  const slackMs = ((c.openBucketsWeak + c.closeBuckets + c.maxGapBuckets + c.finalAfterBuckets) * c.bucketMinutes + c.countryWindowMinutes) * 60_000;
  let from = earliest.getTime() - slackMs;
  for (let i = 0; i < 1_000; i++) {
    const [row] = await store.prisma.$queryRawUnsafe<{ start: Date | null }[]>(
      `SELECT min(started_at) AS start FROM events
       WHERE started_at < $1::timestamptz
         AND (ended_at IS NULL OR ended_at >= $2::timestamptz OR coalesce((evidence->>'settled')::boolean, true) = false)`,
      new Date(from).toISOString(),
      new Date(from - slackMs).toISOString(),
    );
    if (!row?.start) {
      const bucketMs = c.bucketMinutes * 60_000;
      const replaceFrom = Math.floor(from / bucketMs) * bucketMs; // detected starts are bucket starts
      return { readFrom: new Date(replaceFrom - historyHours * 3_600_000), replaceFrom: new Date(replaceFrom) };
    }
    from = new Date(row.start).getTime() - slackMs;
  }
  return { readFrom: null, replaceFrom: null }; // a chain of events that long: run over everything
}

/** Re-runs detection over the window that measurements stored from `earliest` on can have changed. */
export async function runDetectionSince(
  store: Store,
  earliest: Date,
  historyHours = DEFAULT_DETECT_HISTORY_HOURS,
  config: Partial<DetectConfig> = {},
): Promise<DetectionRun & { window: DetectionWindow }> {
  const window = await detectionWindow(store, earliest, historyHours, config);
  const run = await detectAndStore(store, window.readFrom, { since: window.replaceFrom, until: null }, config, true);
  return { ...run, window };
}

/**
 * A run covers what was stored before it started, but an upload received before then can
 * commit after: what is recorded as covered stops this far short of the run's start, far
 * longer than any upload's transaction. Re-covering a little after a restart costs a
 * slightly longer run; missing something would leave an event undetected.
 */
const COVERED_MARGIN_MS = 10 * 60_000;

/**
 * Records that a detection run that started at `runStartedAt` succeeded: every measurement
 * received before then (less the margin) went through detection. Never moves back.
 */
export async function markDetectionCovered(store: Store, runStartedAt: Date): Promise<void> {
  const before = new Date(runStartedAt.getTime() - COVERED_MARGIN_MS);
  await store.prisma.$executeRawUnsafe(
    `INSERT INTO detection_state (id, covered_before) VALUES (1, $1::timestamptz)
     ON CONFLICT (id) DO UPDATE SET covered_before = greatest(detection_state.covered_before, excluded.covered_before)`,
    before.toISOString(),
  );
}

/**
 * The earliest start among measurements received since detection last covered the store:
 * what a process that stopped before its next run left undetected. Null when nothing
 * arrived since, or when no run was ever recorded.
 */
export async function uncoveredSince(store: Store): Promise<Date | null> {
  const [row] = await store.prisma.$queryRawUnsafe<{ earliest: Date | null }[]>(
    `SELECT min(m.started_at) AS earliest FROM measurement_ids m
     JOIN detection_state s ON s.id = 1 AND m.received_at >= s.covered_before`,
  );
  return row?.earliest ? new Date(row.earliest) : null;
}
