// The per-client bound on new chart snapshots: a chart page's share panel and a pinned
// embed store one (lib/store/snapshots.ts) when first viewed, a write caused by a public
// GET. Each client (by the one client-address rule) may cause VANTAGE_SNAPSHOT_BURST back
// to back and VANTAGE_SNAPSHOT_PER_MINUTE after that; beyond, nothing is written and the
// page still renders (docs/limits.md).
import { config } from "../config";
import { resetClientLimitForTests, takeClientToken } from "../net/client-limit";
import type { RequestHeaders } from "../net/peer";

/**
 * Whether this request may store a new chart snapshot (a write caused by a public GET):
 * the per-client bound, checked only when a write is due.
 */
export type MayWriteSnapshot = () => boolean;

/** Whether `request`'s client may store a new snapshot now (takes its token when it may). */
export function snapshotWriteAllowed(request: RequestHeaders, nowMs = Date.now()): boolean {
  const c = config();
  return takeClientToken("snapshot", { burst: c.VANTAGE_SNAPSHOT_BURST, perMinute: c.VANTAGE_SNAPSHOT_PER_MINUTE }, request, nowMs).ok;
}

/** The check for one request, asked only when a new snapshot is due. */
export const snapshotGuard = (request: RequestHeaders): MayWriteSnapshot => () => snapshotWriteAllowed(request);

export function resetSnapshotLimitForTests(): void {
  resetClientLimitForTests("snapshot");
}
