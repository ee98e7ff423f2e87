// GET /api/health: is the store reachable and are its migrations current? Also reports
// detection as measurements arrive (when it last ran, its last error); a failing detection
// does not make the store unhealthy. Behind a load balancer it names the instance and
// reports the store's role, each read replica's lag, and the detection lease holder.
import { json, route } from "@/lib/http";
import { detectionScheduler } from "@/lib/server/detection-scheduler";
import { scaleHealth } from "@/lib/server/scale-health";
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
  const [status, scale] = await timed(async () => {
    await store.prisma.$queryRawUnsafe("SELECT 1");
    return Promise.all([migrationStatus(store), scaleHealth(store)]);
  });
  const current = status.pending.length === 0 && status.modified.length === 0;
  return json(
    {
      status: current ? "ok" : "degraded",
      instance: scale.instance,
      store: { kind: store.kind, reachable: true, role: scale.store_role },
      replicas: scale.replicas,
      detection_lease: scale.detection_lease,
      migrations: { current, applied: status.applied.length, pending: status.pending, modified: status.modified },
      detection: detectionScheduler().snapshot(),
    },
    { status: current ? 200 : 503 },
  );
});
