// GET /api/health: is the store reachable and are its migrations current? Also reports
// detection as measurements arrive (when it last ran, its last error); a failing detection
// does not make the store unhealthy; ranges it gave up are listed under `alerts`. Answers
// fast while heavy reads run (lib/store/health.ts).
import { json, route } from "@/lib/http";
import { detectionScheduler } from "@/lib/server/detection-scheduler";
import { storeHealth } from "@/lib/store/health";

export const dynamic = "force-dynamic";

export const GET = route("/api/health", {}, async ({ store: openStore, timed }) => {
  let store;
  try {
    store = await openStore();
  } catch (error) {
    // The store's own message (connection refused, data directory busy), never a stack.
    return json({ status: "down", store: { reachable: false, error: (error as Error).message } }, { status: 503 });
  }
  const health = await timed(() => storeHealth(store));
  const status = health.migrations;
  const current = status.pending.length === 0 && status.modified.length === 0;
  const ok = current && health.reachable;
  const detection = detectionScheduler().snapshot();
  return json(
    {
      status: ok ? "ok" : "degraded",
      store: { kind: store.kind, reachable: health.reachable, busy: health.busy },
      migrations: { current, applied: status.applied.length, pending: status.pending, modified: status.modified },
      detection,
      // What an operator must look at; none of it makes the store unhealthy.
      alerts: detection.given_up.map((g) => `detection gave up the range from ${g.from} after ${g.attempts} failed runs: ${g.error}`),
    },
    { status: ok ? 200 : 503 },
  );
});
