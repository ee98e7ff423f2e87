// The home page's "state now": per country, and per network with enough probes, each
// service's classes over the last 24 hours with the probes behind them. When a country has
// no data in the last 24 hours (the demo's history ends in 2026), the 24 hours up to its
// latest measurement are shown instead, and the grid says so: stale data is labelled,
// never passed off as now.
import type { Store } from "../store/open";
import { MIN_NETWORK_PROBES } from "./networks";
import { addClassCounts, stripCell, type StripCell } from "./series";

const HOUR_MS = 3_600_000;

export interface StateCell {
  service: string;
  total: number;
  ok: number;
  anomaly: number;
  confirmed: number;
  failure: number;
  probes: number;
  /** The dominant class, or "few" under the thin-bucket rule (fewer than MIN_RATE_ROUNDS rounds), as the strips draw it. */
  state: StripCell["state"];
}

export interface StateRow {
  cc: string;
  /** Null for the country row. */
  asn: number | null;
  name: string | null;
  cells: StateCell[];
}

export interface StateNow {
  /** The 24 hours shown, [since, until). */
  since: Date;
  until: Date;
  /** True when these are not the last 24 hours but the 24 up to the latest data. */
  stale: boolean;
  services: string[];
  rows: StateRow[];
}

interface CountRow {
  cc: string;
  asn: number;
  service: string;
  ok: number;
  anomaly: number;
  confirmed: number;
  failure: number;
}

/** Pure: country rows (all networks summed) and network rows with at least MIN_NETWORK_PROBES probes. */
export function shapeStateNow(counts: CountRow[], probes: { cc: string; asn: number | null; service: string; probes: number }[], names: Map<number, string>, services: string[]): StateRow[] {
  const key = (cc: string, asn: number | null) => `${cc}/${asn ?? ""}`;
  const cells = new Map<string, Map<string, StateCell>>();
  const cell = (cc: string, asn: number | null, service: string) => {
    let row = cells.get(key(cc, asn));
    if (!row) cells.set(key(cc, asn), (row = new Map()));
    let c = row.get(service);
    if (!c) row.set(service, (c = { service, total: 0, ok: 0, anomaly: 0, confirmed: 0, failure: 0, probes: 0, state: "unknown" }));
    return c;
  };
  for (const r of counts) {
    for (const asn of [null, r.asn]) {
      addClassCounts(cell(r.cc, asn, r.service), r);
    }
  }
  for (const p of probes) cell(p.cc, p.asn, p.service).probes = p.probes;
  const rows: StateRow[] = [];
  const countries = [...new Set(counts.map((r) => r.cc))].sort();
  for (const cc of countries) {
    const asns = [...new Set(counts.filter((r) => r.cc === cc).map((r) => r.asn))].sort((a, b) => a - b);
    for (const asn of [null, ...asns]) {
      const row = cells.get(key(cc, asn));
      if (!row) continue;
      const maxProbes = Math.max(0, ...[...row.values()].map((c) => c.probes));
      if (asn !== null && maxProbes < MIN_NETWORK_PROBES) continue;
      rows.push({
        cc,
        asn,
        name: asn === null ? null : (names.get(asn) ?? null),
        cells: services.map((s) => {
          const c = row.get(s) ?? { service: s, total: 0, ok: 0, anomaly: 0, confirmed: 0, failure: 0, probes: 0, state: "unknown" as const };
          return { ...c, state: stripCell(c).state };
        }),
      });
    }
  }
  return rows;
}

export async function loadStateNow(store: Store, now = new Date()): Promise<StateNow | null> {
  const latest = await store.prisma.$queryRawUnsafe<{ hi: Date | null }[]>("SELECT max(day) AS hi FROM daily_rollups");
  if (!latest[0]?.hi) return null;
  let until = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
  let since = new Date(until.getTime() - 24 * HOUR_MS);
  const recent = await store.prisma.$queryRawUnsafe<{ any: boolean }[]>("SELECT EXISTS (SELECT 1 FROM hourly_rollups WHERE hour >= $1::timestamptz) AS any", since.toISOString());
  const stale = !recent[0]?.any;
  if (stale) {
    const last = await store.prisma.$queryRawUnsafe<{ hi: Date }[]>(
      "SELECT max(hour) AS hi FROM hourly_rollups WHERE hour >= $1::timestamptz",
      new Date(new Date(latest[0].hi).getTime()).toISOString(),
    );
    until = new Date(new Date(last[0].hi).getTime() + HOUR_MS);
    since = new Date(until.getTime() - 24 * HOUR_MS);
  }
  const range = [since.toISOString(), until.toISOString()];
  const [counts, probes, networkProbes, names] = await Promise.all([
    store.prisma.$queryRawUnsafe<CountRow[]>(
      `SELECT country AS cc, asn, service, sum(ok_count)::int AS ok, sum(anomaly_count)::int AS anomaly,
         sum(confirmed_count)::int AS confirmed, sum(failure_count)::int AS failure
       FROM hourly_rollups WHERE hour >= $1::timestamptz AND hour < $2::timestamptz GROUP BY 1, 2, 3`,
      ...range,
    ),
    store.prisma.$queryRawUnsafe<{ cc: string; service: string; probes: number }[]>(
      `SELECT country AS cc, service, count(DISTINCT probe_id)::int AS probes FROM probe_hours
       WHERE hour >= $1::timestamptz AND hour < $2::timestamptz GROUP BY 1, 2`,
      ...range,
    ),
    store.prisma.$queryRawUnsafe<{ cc: string; asn: number; service: string; probes: number }[]>(
      `SELECT country AS cc, asn, service, count(DISTINCT probe_id)::int AS probes FROM probe_hours
       WHERE hour >= $1::timestamptz AND hour < $2::timestamptz GROUP BY 1, 2, 3`,
      ...range,
    ),
    store.prisma.$queryRawUnsafe<{ asn: number; name: string }[]>("SELECT DISTINCT ON (asn) asn, asn_name AS name FROM probes WHERE asn_name IS NOT NULL ORDER BY asn, asn_name"),
  ]);
  const services = ["whatsapp", "telegram", "max", ...[...new Set(counts.map((c) => c.service))].filter((s) => !["whatsapp", "telegram", "max"].includes(s)).sort()];
  const rows = shapeStateNow(
    counts,
    [...probes.map((p) => ({ ...p, asn: null })), ...networkProbes],
    new Map(names.map((n) => [n.asn, n.name])),
    services,
  );
  return { since, until, stale, services, rows };
}
