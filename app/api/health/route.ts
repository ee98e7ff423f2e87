// GET /api/health: is the store reachable and are its migrations current? Also reports
// detection as measurements arrive (when it last ran, its last error); a failing detection
// does not make the store unhealthy.
import { json, route } from "@/lib/http";
import { detectionScheduler } from "@/lib/server/detection-scheduler";
import { migrationStatus } from "@/lib/store/migrate";

export const dynamic = "force-dynamic";

export const GET = route("/api/health", {}, async ({ store: openStore, timed }) => {
  let store;
  try {
    store = await openStore();
  } catch (error) {
    // The store's own message (connection refused, data directory busy), never a stack.
    return json({ status: "down", store: { reachable: false, error: (error as Error).message } }, { status: 503 });
  }
  const status = await timed(async () => {
    await store.prisma.$queryRawUnsafe("SELECT 1");
    return migrationStatus(store);
  });
  const current = status.pending.length === 0 && status.modified.length === 0;
  return json(
    {
      status: current ? "ok" : "degraded",
      store: { kind: store.kind, reachable: true },
      migrations: { current, applied: status.applied.length, pending: status.pending, modified: status.modified },
      detection: detectionScheduler().snapshot(),
    },
    { status: current ? 200 : 503 },
  );
});
