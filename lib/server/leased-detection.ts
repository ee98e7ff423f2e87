// Detection as measurements arrive, on several instances sharing one PostgreSQL store: each
// instance campaigns for the detection lease; the holder alone runs the detection scheduler
// (lib/server/detection-scheduler.ts, whose notes are ignored elsewhere), and since uploads
// reach every instance, the holder also looks in the store every detection interval for
// measurements received since detection last covered it, whichever instance took them.
// On PGlite one process owns the store, so its detector is the only one: no lease is needed.
import { config } from "../config";
import { setLeaseState } from "../scale/lease-state";
import { resolveStoreTarget } from "../store/config";
import type { Store } from "../store/open";
import { DetectionLease } from "./detection-lease";
import { detectionScheduler, detectionSettings } from "./detection-scheduler";

/**
 * The earliest start among measurements received since detection last covered the store,
 * or among all of them when no run was ever recorded (null: nothing waits for detection).
 */
export async function awaitingDetectionSince(store: Store): Promise<Date | null> {
  const [row] = await store.prisma.$queryRawUnsafe<{ earliest: Date | null }[]>(
    `SELECT min(m.started_at) AS earliest FROM measurement_ids m
     WHERE m.received_at >= coalesce((SELECT covered_before FROM detection_state WHERE id = 1), '-infinity'::timestamptz)`,
  );
  return row?.earliest ? new Date(row.earliest) : null;
}

interface Running {
  lease: DetectionLease;
  poll: NodeJS.Timeout | null;
}

const key = Symbol.for("vantage.leased-detection");
const g = globalThis as unknown as Record<symbol, Running | undefined>;

/** This process's lease, when it campaigns for one. */
export function runningLease(): DetectionLease | null {
  return g[key]?.lease ?? null;
}

/**
 * Starts campaigning for the detection lease when the store is PostgreSQL and detection as
 * measurements arrive is on; a no-op otherwise, and when already started.
 */
export function startLeasedDetection(getStore: () => Promise<Store>): DetectionLease | null {
  if (g[key]) return g[key].lease;
  const target = resolveStoreTarget();
  const settings = detectionSettings();
  if (target.kind !== "postgres" || settings.intervalS === 0) return null;
  setLeaseState(true, false); // from here on this process detects only while it holds the lease, even if a setting below is bad
  const { VANTAGE_DETECT_LEASE_RETRY_S: retryS, VANTAGE_INSTANCE_ID: instance } = config();
  const retryMs = retryS * 1000;
  const running: Running = { lease: null as unknown as DetectionLease, poll: null };
  const pollOnce = async () => {
    try {
      const store = await getStore();
      const earliest = await awaitingDetectionSince(store);
      if (earliest) detectionScheduler().note(store, earliest);
    } catch (error) {
      console.error(`detection lease: looking for new measurements failed (tried again in ${settings.intervalS} s): ${(error as Error).message}`);
    }
  };
  running.lease = new DetectionLease(target.url, instance, retryMs, {
    onAcquire: () => {
      void pollOnce();
      running.poll = setInterval(() => void pollOnce(), settings.intervalS * 1000);
      running.poll.unref?.();
    },
    onLose: () => {
      if (running.poll) clearInterval(running.poll);
      running.poll = null;
    },
  });
  g[key] = running;
  running.lease.start();
  return running.lease;
}

/** Stops campaigning and releases the lease (clean shutdown, tests). */
export async function stopLeasedDetection(): Promise<void> {
  const running = g[key];
  g[key] = undefined;
  await running?.lease.stop();
}
