// The operator's reference flag on probes: a reference probe measures from outside the
// country, and detection uses its rounds only to tell a service outage from a block.
import type { Store } from "./open";

/**
 * Sets the flag; returns null for an unknown probe, else the start of the first hour the
 * probe has rounds in (null: none yet), from which events must be re-detected: the flag
 * is read at detection time, so it applies to the probe's past rounds too.
 */
export async function setProbeReference(store: Store, probeId: string, reference: boolean): Promise<{ firstRound: Date | null } | null> {
  const updated = await store.prisma.$queryRawUnsafe<{ id: string }[]>(
    "UPDATE probes SET reference = $2 WHERE id = $1 RETURNING id",
    probeId,
    reference,
  );
  if (updated.length === 0) return null;
  const [row] = await store.prisma.$queryRawUnsafe<{ first: Date | null }[]>(
    "SELECT min(hour) AS first FROM probe_hours WHERE probe_id = $1",
    probeId,
  );
  return { firstRound: row?.first ? new Date(row.first) : null };
}
