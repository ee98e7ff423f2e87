// Chart snapshots: what a pinned chart showed when its link was made, keyed by its data
// version. Written once (a version's content never changes), read by pinned embeds and
// images, so a published chart stays as published.
import type { ViewData } from "../explorer/view-data";
import type { Store } from "./open";

export async function saveSnapshot(store: Store, version: string, viewKey: string, data: ViewData): Promise<void> {
  await store.prisma.$executeRawUnsafe(
    `INSERT INTO chart_snapshots (version, view, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT (version) DO NOTHING`,
    version,
    viewKey,
    JSON.stringify(data),
  );
}

/** Whether a snapshot of `version` is stored (a pinned link to it needs no new write). */
export async function hasSnapshot(store: Store, version: string): Promise<boolean> {
  const rows = await store.prisma.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM chart_snapshots WHERE version = $1`, version);
  return rows.length > 0;
}

const revive = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)));

export async function loadSnapshot(store: Store, version: string, viewKey: string): Promise<ViewData | null> {
  const rows = await store.prisma.$queryRawUnsafe<{ data: ViewData }[]>(
    `SELECT data FROM chart_snapshots WHERE version = $1 AND view = $2`,
    version,
    viewKey,
  );
  const d = rows[0]?.data;
  if (!d) return null;
  // JSON keeps dates as text: give back the Date objects ViewData has.
  return {
    ...d,
    window: d.window ? { ...d.window, since: revive(d.window.since)!, until: revive(d.window.until)! } : null,
    events: d.events.map((e) => ({
      ...e,
      started_at: revive(e.started_at)!,
      onset_from: revive(e.onset_from)!,
      onset_to: revive(e.onset_to)!,
      ended_at: revive(e.ended_at),
    })),
  };
}
