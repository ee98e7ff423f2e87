// Keeps events current as measurements arrive. Every write path that stores rounds (the
// upload API, the demo seeder) tells the scheduler the earliest started_at it stored; the
// scheduler coalesces those notes and, at most once every VANTAGE_DETECT_INTERVAL_S
// seconds, re-runs detection over the window they can have changed (runDetectionSince).
// Runs never overlap; a failed run is logged, counted in /metrics, shown in /api/health,
// and retried with the next run. Uploads never wait for detection nor fail because of it.
// Each successful run records in the store how far detection has covered what arrived, so
// a process's first run also covers what arrived while its predecessor had not yet run
// (a restart loses no detection work).
import { config, DEFAULT_DETECT_INTERVAL_S } from "../config";
import { observeDetectionRun } from "../metrics";
import { wakeWebhooks } from "../webhooks/dispatch";
import {
  DEFAULT_DETECT_HISTORY_HOURS,
  markDetectionCovered,
  runDetectionSince,
  uncoveredSince,
  type DetectionRun,
  type DetectionWindow,
} from "../store/detection";
import type { Store } from "../store/open";

export { DEFAULT_DETECT_INTERVAL_S } from "../config";

export interface DetectionSettings {
  /** Seconds between runs at most; 0: detection does not run as measurements arrive. */
  intervalS: number;
  historyHours: number;
  /** A setting that could not be read (detection is then off). */
  error: string | null;
}

/** The scheduler's settings; a bad configuration turns detection off and is shown in /api/health. */
export function detectionSettings(): DetectionSettings {
  try {
    const settings = config();
    return { intervalS: settings.VANTAGE_DETECT_INTERVAL_S, historyHours: settings.VANTAGE_DETECT_HISTORY_HOURS, error: null };
  } catch (error) {
    return { intervalS: 0, historyHours: DEFAULT_DETECT_HISTORY_HOURS, error: (error as Error).message };
  }
}

export interface DetectionStatus {
  interval_s: number;
  history_hours: number;
  /** Stored rounds waiting for a run. */
  pending: boolean;
  running: boolean;
  runs: number;
  failures: number;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_run: (DetectionRun & { window: { read_from: string | null; replace_from: string | null }; seconds: number }) | null;
}

type Runner = (store: Store, earliest: Date, historyHours: number) => Promise<DetectionRun & { window: DetectionWindow }>;

export class DetectionScheduler {
  /** Earliest newly stored started_at (ms) per store not yet covered by a run. */
  private readonly dirty = new Map<Store, number>();
  /** Stores whose earlier processes' uncovered arrivals this one has taken over. */
  private readonly caughtUp = new WeakSet<Store>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastStartMs = -Infinity;
  private readonly waiters: (() => void)[] = [];
  private status: Omit<DetectionStatus, "interval_s" | "history_hours" | "pending" | "running"> = {
    runs: 0,
    failures: 0,
    last_run_at: null,
    last_success_at: null,
    last_error: null,
    last_run: null,
  };

  constructor(
    private readonly settings: () => DetectionSettings = () => detectionSettings(),
    private readonly runner: Runner = runDetectionSince,
  ) {}

  /** Rounds from `earliest` on were stored in `store`. Never throws; never waits for detection. */
  note(store: Store, earliest: Date | null): void {
    const s = this.settings();
    if (s.error && this.status.last_error !== s.error) {
      this.status.last_error = s.error;
      console.error(`detection: ${s.error}; detection as measurements arrive is off`);
    }
    if (earliest === null || !Number.isFinite(earliest.getTime()) || s.intervalS === 0) return;
    const t = earliest.getTime();
    this.dirty.set(store, Math.min(this.dirty.get(store) ?? t, t));
    this.schedule(s.intervalS);
  }

  private schedule(intervalS: number): void {
    if (this.timer || this.running || this.dirty.size === 0) return;
    const delay = Math.max(0, this.lastStartMs + intervalS * 1000 - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runAll().finally(() => {
        this.running = null;
        if (this.dirty.size > 0) this.schedule(this.settings().intervalS || DEFAULT_DETECT_INTERVAL_S);
        else this.waiters.splice(0).forEach((w) => w());
      });
    }, delay);
    this.timer.unref?.();
  }

  private async runAll(): Promise<void> {
    this.lastStartMs = Date.now();
    const work = [...this.dirty];
    this.dirty.clear();
    const { historyHours } = this.settings();
    for (const [store, noted] of work) {
      let earliest = noted;
      const t0 = performance.now();
      this.status.last_run_at = new Date().toISOString();
      this.status.runs++;
      try {
        if (!this.caughtUp.has(store)) {
          const lost = await uncoveredSince(store);
          if (lost) earliest = Math.min(earliest, lost.getTime());
        }
        const run = await this.runner(store, new Date(earliest), historyHours);
        await markDetectionCovered(store, new Date(this.lastStartMs));
        // Deliveries this run queued, and any retry left by an earlier process.
        if (run.queued > 0 || !this.caughtUp.has(store)) void wakeWebhooks(store);
        this.caughtUp.add(store);
        const seconds = (performance.now() - t0) / 1000;
        observeDetectionRun(true, seconds, new Date());
        this.status.last_success_at = new Date().toISOString();
        this.status.last_error = null;
        this.status.last_run = {
          ...run,
          window: { read_from: run.window.readFrom?.toISOString() ?? null, replace_from: run.window.replaceFrom?.toISOString() ?? null },
          seconds,
        };
      } catch (error) {
        observeDetectionRun(false, (performance.now() - t0) / 1000, null);
        this.status.failures++;
        this.status.last_error = (error as Error).message;
        console.error(`detection: run from ${new Date(earliest).toISOString()} failed (retried with the next run): ${(error as Error).message}`);
        // Keep the range so the next run covers it.
        this.dirty.set(store, Math.min(this.dirty.get(store) ?? earliest, earliest));
      }
    }
  }

  /** Resolves once nothing is pending or running (tests; a clean shutdown). */
  idle(): Promise<void> {
    if (!this.timer && !this.running && this.dirty.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Forgets a store's pending work (it is being closed). */
  forget(store: Store): void {
    this.dirty.delete(store);
    this.caughtUp.delete(store);
  }

  snapshot(): DetectionStatus {
    const s = this.settings();
    return {
      interval_s: s.intervalS,
      history_hours: s.historyHours,
      pending: this.dirty.size > 0,
      running: this.running !== null,
      ...this.status,
    };
  }
}

const key = Symbol.for("vantage.detection-scheduler");
const g = globalThis as unknown as Record<symbol, DetectionScheduler | undefined>;

/** The process's scheduler (one per server process, shared by every route). */
export function detectionScheduler(): DetectionScheduler {
  return (g[key] ??= new DetectionScheduler());
}

/** Drops the process's scheduler and what it had pending, as a restart would (tests). */
export function resetDetectionSchedulerForTests(): void {
  g[key] = undefined;
}

/** The earliest `started_at` of stored rows (UTC ISO texts, which sort as they compare). */
export function earliestStartedAt(rows: readonly { started_at: string }[]): Date | null {
  let min: string | null = null;
  for (const { started_at } of rows) if (min === null || started_at < min) min = started_at;
  return min === null ? null : new Date(min);
}
