// The networks of a view's country and service, each with a small status strip (the
// dominant class per bucket of the view's window), for the list under the timeline. A
// network with fewer than MIN_NETWORK_PROBES distinct probes in the window is not listed
// on its own (its data stays in the country's figures), as the design asks of public pages.
import type { Store } from "../store/open";
import { filterConditions, SqlParams } from "../store/queries/filters";
import { addClassCounts, type ClassCounts, type StripCell, stripCell } from "./series";
import { bucketStarts, type ExplorerView, type ViewWindow } from "./view";
import { viewFilters } from "./view-data";

export const MIN_NETWORK_PROBES = 3;

export interface NetworkStrip {
  asn: number;
  name: string | null;
  probes: number;
  /** One cell per bucket of the window (the thin-bucket rule applied). */
  strip: StripCell[];
  total: number;
  ok: number;
}

export interface NetworkRow {
  asn: number;
  bucket: string;
  ok: number;
  anomaly: number;
  confirmed: number;
  failure: number;
}

/** Pure: strips per network from per-bucket counts; networks below the probe minimum are counted, not listed. */
export function shapeNetworkStrips(
  window: ViewWindow,
  rows: NetworkRow[],
  probes: Map<number, number>,
  names: Map<number, string>,
): { networks: NetworkStrip[]; withheld: number } {
  const starts = bucketStarts(window);
  const index = new Map(starts.map((s, i) => [s, i]));
  const per = new Map<number, { counts: ClassCounts[] }>();
  for (const r of rows) {
    const i = index.get(r.bucket);
    if (i === undefined) continue;
    let n = per.get(r.asn);
    if (!n) {
      n = { counts: starts.map(() => ({ ok: 0, anomaly: 0, confirmed: 0, failure: 0, total: 0 })) };
      per.set(r.asn, n);
    }
    addClassCounts(n.counts[i], r);
  }
  const networks: NetworkStrip[] = [];
  let withheld = 0;
  for (const [asn, n] of per) {
    const p = probes.get(asn) ?? 0;
    if (p < MIN_NETWORK_PROBES) {
      withheld++;
      continue;
    }
    networks.push({
      asn,
      name: names.get(asn) ?? null,
      probes: p,
      strip: n.counts.map(stripCell),
      total: n.counts.reduce((s, c) => s + c.total, 0),
      ok: n.counts.reduce((s, c) => s + c.ok, 0),
    });
  }
  networks.sort((a, b) => b.total - a.total || a.asn - b.asn);
  return { networks, withheld };
}

/** The networks of the view's country (and service) over its window. */
export async function loadNetworkStrips(store: Store, view: ExplorerView, window: ViewWindow): Promise<{ networks: NetworkStrip[]; withheld: number }> {
  const level = window.grain === "hour" ? { rollups: "hourly_rollups", probes: "probe_hours", time: "hour" } : { rollups: "daily_rollups", probes: "probe_days", time: "day" };
  const filters = { ...viewFilters(view), asn: undefined };
  const cp = new SqlParams();
  const where = filterConditions(filters, { timeColumn: level.time, since: window.since, until: window.until, hasStage: false }, cp);
  const pp = new SqlParams();
  const pwhere = filterConditions(filters, { timeColumn: level.time, since: window.since, until: window.until, hasStage: false }, pp);
  const [rows, probeRows, nameRows] = await Promise.all([
    store.prisma.$queryRawUnsafe<(Omit<NetworkRow, "bucket"> & { bucket: Date })[]>(
      `SELECT asn, ${level.time} AS bucket, sum(ok_count)::int AS ok, sum(anomaly_count)::int AS anomaly,
         sum(confirmed_count)::int AS confirmed, sum(failure_count)::int AS failure
       FROM ${level.rollups} WHERE ${where.join(" AND ")} GROUP BY 1, 2`,
      ...cp.values,
    ),
    store.prisma.$queryRawUnsafe<{ asn: number; probes: number }[]>(
      `SELECT asn, count(DISTINCT probe_id)::int AS probes FROM ${level.probes} WHERE ${pwhere.join(" AND ")} GROUP BY 1`,
      ...pp.values,
    ),
    store.prisma.$queryRawUnsafe<{ asn: number; name: string }[]>(
      "SELECT DISTINCT ON (asn) asn, asn_name AS name FROM probes WHERE asn_name IS NOT NULL ORDER BY asn, asn_name",
    ),
  ]);
  return shapeNetworkStrips(
    window,
    rows.map((r) => ({ ...r, bucket: new Date(r.bucket).toISOString() })),
    new Map(probeRows.map((r) => [r.asn, r.probes])),
    new Map(nameRows.map((r) => [r.asn, r.name])),
  );
}
