// GET /api/health: is the store reachable and are its migrations current? Also reports
// detection as measurements arrive (when it last ran, its last error); a failing detection
// does not make the store unhealthy.
import { NextResponse } from "next/server";
import { countRequest } from "../../../lib/metrics";
import { migrationStatus } from "../../../lib/store/migrate";
import { detectionScheduler } from "../../../lib/server/detection-scheduler";
import { getStore, timed } from "../../../lib/server/store";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const store = await getStore();
    const status = await timed(async () => {
      await store.prisma.$queryRawUnsafe("SELECT 1");
      return migrationStatus(store);
    });
    const current = status.pending.length === 0 && status.modified.length === 0;
    const body = {
      status: current ? "ok" : "degraded",
      store: { kind: store.kind, reachable: true },
      migrations: { current, applied: status.applied.length, pending: status.pending, modified: status.modified },
      detection: detectionScheduler().snapshot(),
    };
    countRequest("/api/health", current ? 200 : 503);
    return NextResponse.json(body, { status: current ? 200 : 503 });
  } catch (error) {
    countRequest("/api/health", 503);
    return NextResponse.json(
      { status: "down", store: { reachable: false, error: (error as Error).message } },
      { status: 503 },
    );
  }
}
