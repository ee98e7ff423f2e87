// What /api/health says about scale-out: this instance, the primary's role, each read
// replica's state and lag, and who holds the detection lease (docs/scaling.md).
import { config } from "../config";
import type { Store } from "../store/open";
import { detectionLeaseHolder, type LeaseHolder, type LeaseStatus } from "./detection-lease";
import { runningLease } from "./leased-detection";
import { readRouter, type ReplicaStatus } from "./read-store";

export interface ScaleHealth {
  instance: string;
  /** The store's own role: PGlite, or PostgreSQL primary (a standby here would be a misconfiguration). */
  store_role: "embedded" | "primary" | "standby";
  replicas: ReplicaStatus[];
  detection_lease: {
    /** "embedded": one process owns the PGlite store, so its detector is the only one. */
    mode: "embedded" | "lease" | "off";
    held_here: boolean;
    holder: LeaseHolder | null;
    here: LeaseStatus | null;
  };
}

export async function scaleHealth(primary: Store): Promise<ScaleHealth> {
  const instance = config().VANTAGE_INSTANCE_ID;
  const router = readRouter();
  await router?.refresh(true);
  if (primary.kind === "pglite") {
    return {
      instance,
      store_role: "embedded",
      replicas: [],
      detection_lease: { mode: "embedded", held_here: true, holder: { instance, connected_at: null }, here: null },
    };
  }
  const query = <R,>(sql: string, ...params: unknown[]) => primary.prisma.$queryRawUnsafe<R[]>(sql, ...params);
  const [[role], holder] = await Promise.all([
    query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby"),
    detectionLeaseHolder(query),
  ]);
  const lease = runningLease();
  return {
    instance,
    store_role: role?.standby ? "standby" : "primary",
    replicas: router?.status() ?? [],
    detection_lease: {
      mode: lease ? "lease" : "off",
      held_here: lease?.status().held ?? false,
      holder,
      here: lease?.status() ?? null,
    },
  };
}
