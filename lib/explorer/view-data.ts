// The view data function: what a view's chart shows, read from the store and shaped by
// lib/explorer/series.ts. The explorer's pages and the journalist kit's CSV, JSON, PNG and
// embed routes all call loadViewData, so an export is exactly what the chart shows.
// Class counts, throughput histograms and distinct probes come from the aggregation
// API's own reads (lib/store/queries/aggregation.ts), so the chart also equals the API.
import type { AggregationFilters, AggregationQuery } from "../query/aggregation";
import type { EventRow } from "../query/events";
import { HISTOGRAMS, bucketCount } from "../rollup/histogram";
import { listAnnotations, type AnnotationView } from "../store/annotations";
import type { Store } from "../store/open";
import { aggregationRows } from "../store/queries/aggregation";
import { listEvents } from "../store/queries/events";
import { filterConditions, plausibleTimeCondition, SqlParams } from "../store/queries/filters";
import { type CountInput, type CoverageInput, detectorCells, type DetectorCell, type HistogramInput, shapeBuckets, type ViewBucket } from "./series";
import { DetectorStateTooCostly, loadDetectorState } from "../store/detector-state";
import { type ExplorerView, resolveWindow, type ViewMessage, type ViewWindow } from "./view";

export interface ViewData {
  view: ExplorerView;
  /** Null when the view's range is `all` and its scope has no data at all. */
  window: ViewWindow | null;
  buckets: ViewBucket[];
  /** Sources with data in this scope and window (to label simulated data). */
  sources: string[];
  simulated: boolean;
  /** Events of the scope overlapping the window, oldest first. */
  events: EventRow[];
  /** Annotations of the country naming the service (or all, without a service) inside the window. */
  annotations: AnnotationView[];
  messages: ViewMessage[];
}

export function viewFilters(view: ExplorerView): AggregationFilters {
  const f: AggregationFilters = {};
  if (view.service) f.service = view.service;
  if (view.cc) f.country = view.cc;
  if (view.asn !== null) f.asn = view.asn;
  if (view.source !== "all") f.source = view.source;
  return f;
}

/** A bucket key as the store returns it (a Date, or text on some drivers), as ISO 8601. */
export const iso = (k: unknown) => (k instanceof Date ? k : new Date(String(k))).toISOString();

/** First and last UTC day with data per key (or overall), clamped to data that can exist. */
async function extentRows(store: Store, view: ExplorerView, byService: boolean): Promise<{ service?: string; lo: Date | null; hi: Date | null }[]> {
  const p = new SqlParams();
  const where = [...filterConditions(viewFilters(view), { timeColumn: "day", since: null, until: null, hasStage: false }, p), plausibleTimeCondition("day")];
  return store.prisma.$queryRawUnsafe<{ service?: string; lo: Date | null; hi: Date | null }[]>(
    `SELECT ${byService ? "service, " : ""}min(day) AS lo, max(day) AS hi FROM daily_rollups WHERE ${where.join(" AND ")}${byService ? " GROUP BY service" : ""}`,
    ...p.values,
  );
}

const extentOf = (r: { lo: Date | null; hi: Date | null } | undefined) => (r?.lo && r.hi ? { from: iso(r.lo).slice(0, 10), to: iso(r.hi).slice(0, 10) } : null);

/** First and last UTC day with data in the view's scope and source (what `range=all` spans). */
export async function viewDataExtent(store: Store, view: ExplorerView): Promise<{ from: string; to: string } | null> {
  return extentOf((await extentRows(store, view, false))[0]);
}

/** viewDataExtent of each service of the view's country in one read (services without data are absent). */
export async function serviceDataExtents(store: Store, view: ExplorerView): Promise<Map<string, { from: string; to: string }>> {
  const extents = new Map<string, { from: string; to: string }>();
  for (const r of await extentRows(store, { ...view, service: null }, true)) {
    const e = extentOf(r);
    if (e && r.service) extents.set(r.service, e);
  }
  return extents;
}

/** Distinct owners per bucket, from the probe-hour (or probe-day) table joined to probes. */
async function ownersPerBucket(store: Store, view: ExplorerView, window: ViewWindow): Promise<Map<string, number>> {
  const table = window.grain === "hour" ? "probe_hours" : "probe_days";
  const time = window.grain === "hour" ? "hour" : "day";
  const p = new SqlParams();
  const where = filterConditions(viewFilters(view), { timeColumn: `ph.${time}`, since: window.since, until: window.until, hasStage: false }, p)
    .map((c) => (c.startsWith("ph.") ? c : `ph.${c}`));
  const rows = await store.prisma.$queryRawUnsafe<{ bucket: Date; owners: number }[]>(
    `SELECT ph.${time} AS bucket, count(DISTINCT coalesce(pr.owner_id, ph.probe_id))::int AS owners
     FROM ${table} ph LEFT JOIN probes pr ON pr.id = ph.probe_id
     WHERE ${where.join(" AND ")} GROUP BY 1`,
    ...p.values,
  );
  return new Map(rows.map((r) => [iso(r.bucket), r.owners]));
}

/** The days a window's sources are read over (daily rows: from the start of its first day). */
export function sourceDays(window: ViewWindow): { since: Date; until: Date } {
  return { since: new Date(Date.parse(`${window.fromDay}T00:00:00Z`)), until: window.until };
}

async function sourcesIn(store: Store, view: ExplorerView, window: ViewWindow): Promise<string[]> {
  const p = new SqlParams();
  const where = filterConditions(viewFilters(view), { timeColumn: "day", ...sourceDays(window), hasStage: false }, p);
  const rows = await store.prisma.$queryRawUnsafe<{ source: string }[]>(
    `SELECT DISTINCT source FROM daily_rollups WHERE ${where.join(" AND ")} ORDER BY source`,
    ...p.values,
  );
  return rows.map((r) => r.source);
}

/** Buckets of a window for the view's scope: class counts per cause stage, throughput medians, coverage. */
export async function loadBuckets(store: Store, view: ExplorerView, window: ViewWindow): Promise<ViewBucket[]> {
  const base: Omit<AggregationQuery, "axes" | "medians"> = {
    filters: viewFilters(view),
    since: window.since,
    until: window.until,
    grain: window.grain,
    format: "JSON",
  };
  const [byStage, byBucket, owners] = await Promise.all([
    aggregationRows(store, { ...base, axes: ["measurement_start_day", "stage"], medians: true }),
    aggregationRows(store, { ...base, axes: ["measurement_start_day"], medians: false }),
    ownersPerBucket(store, view, window),
  ]);
  const counts: CountInput[] = byStage.counts.map((r) => ({
    bucket: iso(r.keys[0]),
    stage: String(r.keys[1] ?? ""),
    ok: r.ok_count,
    anomaly: r.anomaly_count,
    confirmed: r.confirmed_count,
    failure: r.failure_count,
  }));
  const size = bucketCount(HISTOGRAMS.throughput_kbps);
  const hist = new Map<string, number[]>();
  for (const h of byStage.histograms ?? []) {
    if (!h.throughput_kbps.some((n) => n > 0)) continue;
    const key = iso(h.keys[0]);
    const arr = hist.get(key) ?? new Array<number>(size).fill(0);
    for (let b = 0; b < size; b++) arr[b] += h.throughput_kbps[b] ?? 0;
    hist.set(key, arr);
  }
  const histograms: HistogramInput[] = [...hist].map(([bucket, throughput]) => ({ bucket, throughput }));
  const coverage: CoverageInput[] = (byBucket.probes ?? []).map((r) => {
    const bucket = iso(r.keys[0]);
    return { bucket, probes: r.probe_count, owners: owners.get(bucket) ?? 0 };
  });
  return shapeBuckets(window, counts, histograms, coverage);
}

/**
 * The event detector's own state per bucket of a timeline view, through the same reader
 * as GET /api/v1/detector-state (lib/store/detector-state.ts): the network's states on a
 * network view, the country aggregate on a country view. Null cells with `tooLong` when
 * the window spans more than `maxDays` (the read bound of the API).
 */
export async function loadViewDetector(
  store: Store,
  view: ExplorerView,
  window: ViewWindow,
  limits: { maxDays: number; maxRounds: number },
): Promise<{ cells: Map<string, DetectorCell> | null; tooLong: boolean }> {
  if (!view.service || !view.cc) return { cells: null, tooLong: false };
  if (window.until.getTime() - window.since.getTime() > limits.maxDays * 86_400_000) return { cells: null, tooLong: true };
  const query = { service: view.service, cc: view.cc, asn: view.asn, from: window.since, to: window.until, grainMinutes: window.grain === "hour" ? 60 : 1440 };
  try {
    const trace = await loadDetectorState(store, query, { maxRounds: limits.maxRounds });
    return { cells: detectorCells(trace, view.asn), tooLong: false };
  } catch (error) {
    // Too many rounds to re-walk for one page view: the strip asks for a narrower range instead.
    if (error instanceof DetectorStateTooCostly) return { cells: null, tooLong: true };
    throw error;
  }
}

/** At most this many of a view's events (the newest) are read. */
export const EVENTS_PER_VIEW = 500;

/** Everything a view's chart shows: the one function pages and exports call. */
export async function loadViewData(store: Store, view: ExplorerView, options: { now?: Date } = {}): Promise<ViewData> {
  const now = options.now ?? new Date();
  const extent = view.range === "all" ? await viewDataExtent(store, view) : null;
  const { window, messages } = resolveWindow(view, now, extent);
  if (!window) return { view, window: null, buckets: [], sources: [], simulated: false, events: [], annotations: [], messages };
  const [buckets, sources, events, annotations] = await Promise.all([
    loadBuckets(store, view, window),
    sourcesIn(store, view, window),
    listEvents(store, {
      service: view.service ?? undefined,
      country: view.cc ?? undefined,
      asn: view.asn ?? undefined,
      since: window.since,
      until: window.until,
      limit: EVENTS_PER_VIEW,
    }),
    view.cc ? listAnnotations(store, view.cc) : Promise.resolve([]),
  ]);
  // A network view shows that network's events; a country or service view its country-wide ones.
  const scoped = events
    .filter((e) => e.scope.startsWith("network") === (view.asn !== null))
    .sort((a, b) => a.started_at.getTime() - b.started_at.getTime());
  const inWindow = annotations.filter(
    (a) => a.date >= window.fromDay && a.date <= window.toDay && (!view.service || a.services.includes(view.service)),
  );
  return {
    view,
    window,
    buckets,
    sources,
    simulated: sources.includes("simulated"),
    events: scoped,
    annotations: inWindow,
    messages,
  };
}
