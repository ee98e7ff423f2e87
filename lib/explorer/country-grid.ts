// The country page's data: per service, the dominant class of each bucket of the view's
// window (a status strip), the range's totals, whether simulated data is in it and the
// window's messages; and the country's events. loadViewData, once per service, reads all
// that and much the page never shows (rounds by cause stage, merged throughput histograms,
// owners per bucket, annotations): some 24 queries a view. This reads the whole country in
// a handful: one class-count read per grain through the aggregation API's own reads (so
// the strips still equal the timelines and the API), one sources read, one events read,
// and for `range=all` one extent read. tests/integration/country-grid.test.ts holds it equal
// to loadViewData's answer.
//
// `range=all` keeps each service's own extent, as the page always did: a service whose
// data began last week is drawn over that week (by the hour), not squeezed into the first
// days of a longer-running service's range; each strip is captioned with its own days.
import type { EventRow } from "../query/events";
import { SERVICES, type ServiceId } from "../measurement/vocabulary";
import type { Store } from "../store/open";
import { aggregationRows } from "../store/queries/aggregation";
import { listEvents } from "../store/queries/events";
import { filterConditions, SqlParams } from "../store/queries/filters";
import { type ClassBucket, shapeClassBuckets, summarise } from "./series";
import { type ExplorerView, resolveWindow, type ViewGrain, type ViewMessage, type ViewWindow } from "./view";
import { EVENTS_PER_VIEW, iso, serviceDataExtents, sourceDays, viewFilters } from "./view-data";

export interface CountryService {
  /** The service's view (the country's, with the service set): its timeline's link. */
  view: ExplorerView;
  window: ViewWindow;
  /** Every bucket of the window with its class counts (gaps as total 0). */
  buckets: ClassBucket[];
  /** Sources with data in this service's window. */
  sources: string[];
  simulated: boolean;
  /** What resolving the window said (e.g. hour grain refused for a long range). */
  messages: ViewMessage[];
}

export interface CountryGrid {
  /** The services shown, in SERVICES order. */
  services: CountryService[];
  /** Country-wide events of the shown services overlapping their windows, newest first. */
  events: EventRow[];
}

/** A service's window as resolved for the page (null: `range=all` and no data). */
export interface ServiceWindow {
  service: ServiceId;
  window: ViewWindow | null;
  messages: ViewMessage[];
}

/** Class counts of one service in one bucket at one grain. */
export interface ServiceCountRow {
  service: string;
  grain: ViewGrain;
  bucket: string;
  ok: number;
  anomaly: number;
  confirmed: number;
  failure: number;
}

/** Whether an event overlaps [since, until): the condition listEvents reads with. */
export function eventOverlaps(e: Pick<EventRow, "started_at" | "ended_at">, window: Pick<ViewWindow, "since" | "until">): boolean {
  return e.started_at < window.until && (e.ended_at === null || e.ended_at > window.since);
}

/**
 * Pure: the grid from the reads. A service is shown when its window exists; Signal, which
 * few countries measure, only with data in it. Each service keeps the events loadViewData
 * would give it (its own, overlapping its window, the newest EVENTS_PER_VIEW of them, then
 * the country-wide ones); `events` must come newest first, as listEvents returns them.
 */
export function shapeCountryGrid(
  view: ExplorerView,
  windows: ServiceWindow[],
  counts: ServiceCountRow[],
  sources: { service: string; source: string }[],
  events: EventRow[],
): CountryGrid {
  const services: CountryService[] = [];
  const shownEvents: EventRow[] = [];
  for (const { service, window, messages } of windows) {
    if (!window) continue;
    const rows = counts.filter((r) => r.service === service && r.grain === window.grain);
    const buckets = shapeClassBuckets(window, rows);
    if (service === "signal" && summarise(buckets).total === 0) continue;
    const own = sources.filter((s) => s.service === service).map((s) => s.source).sort();
    services.push({ view: { ...view, service }, window, buckets, sources: own, simulated: own.includes("simulated"), messages });
    const mine = events.filter((e) => e.service === service && eventOverlaps(e, window)).slice(0, EVENTS_PER_VIEW);
    shownEvents.push(...mine.filter((e) => !e.scope.startsWith("network")));
  }
  // Stable: events starting at once keep the services' order, then the store's.
  shownEvents.sort((a, b) => b.started_at.getTime() - a.started_at.getTime());
  return { services, events: shownEvents };
}

/** Services grouped by a key of their windows, in first-seen order. */
function groupBy<K>(windows: { service: ServiceId; window: ViewWindow }[], key: (w: ViewWindow) => K): { key: K; services: ServiceId[]; since: Date; until: Date }[] {
  const groups = new Map<K, { key: K; services: ServiceId[]; since: Date; until: Date }>();
  for (const { service, window } of windows) {
    const k = key(window);
    const g = groups.get(k);
    if (!g) groups.set(k, { key: k, services: [service], since: window.since, until: window.until });
    else {
      g.services.push(service);
      if (window.since < g.since) g.since = window.since;
      if (window.until > g.until) g.until = window.until;
    }
  }
  return [...groups.values()];
}

/** Class counts per service and bucket, one aggregation read per grain over the union of its services' windows. */
async function countRows(store: Store, view: ExplorerView, windows: { service: ServiceId; window: ViewWindow }[]): Promise<ServiceCountRow[]> {
  const filters = viewFilters({ ...view, service: null });
  const reads = groupBy(windows, (w) => w.grain).map(async (g) => {
    const rows = await aggregationRows(
      store,
      { filters, since: g.since, until: g.until, grain: g.key, axes: ["test_name", "measurement_start_day"], medians: false, format: "JSON" },
      { probes: false },
    );
    return rows.counts.map((r): ServiceCountRow => ({
      service: String(r.keys[0]),
      grain: g.key,
      bucket: iso(r.keys[1]),
      ok: r.ok_count,
      anomaly: r.anomaly_count,
      confirmed: r.confirmed_count,
      failure: r.failure_count,
    }));
  });
  return (await Promise.all(reads)).flat();
}

/** Sources per service inside each one's window (the days loadViewData reads them over), in one read. */
async function sourceRows(store: Store, view: ExplorerView, windows: { service: ServiceId; window: ViewWindow }[]): Promise<{ service: string; source: string }[]> {
  const p = new SqlParams();
  const where = filterConditions(viewFilters({ ...view, service: null }), { timeColumn: "day", since: null, until: null, hasStage: false }, p);
  const spans = groupBy(windows, (w) => `${w.fromDay}/${w.until.toISOString()}`).map((g) => {
    const days = sourceDays(windows.find((w) => w.service === g.services[0])!.window);
    return `(service = ANY(${p.add(g.services, "::text[]")}) AND day >= ${p.add(days.since.toISOString(), "::timestamptz")} AND day < ${p.add(days.until.toISOString(), "::timestamptz")})`;
  });
  return store.prisma.$queryRawUnsafe<{ service: string; source: string }[]>(
    `SELECT DISTINCT service, source FROM daily_rollups WHERE ${[...where, `(${spans.join(" OR ")})`].join(" AND ")}`,
    ...p.values,
  );
}

/** The country page's data for a country view (its `service` is ignored). */
export async function loadCountryGrid(store: Store, view: ExplorerView, options: { now?: Date } = {}): Promise<CountryGrid> {
  const now = options.now ?? new Date();
  const extents = view.range === "all" ? await serviceDataExtents(store, view) : null;
  const windows: ServiceWindow[] = SERVICES.map((service) => {
    const { window, messages } = resolveWindow({ ...view, service }, now, extents ? (extents.get(service) ?? null) : null);
    return { service, window, messages };
  });
  const withData = windows.filter((w): w is ServiceWindow & { window: ViewWindow } => w.window !== null);
  if (withData.length === 0) return shapeCountryGrid(view, windows, [], [], []);
  const since = new Date(Math.min(...withData.map((w) => w.window.since.getTime())));
  const until = new Date(Math.max(...withData.map((w) => w.window.until.getTime())));
  const limit = EVENTS_PER_VIEW * withData.length;
  const [counts, sources, countryEvents] = await Promise.all([
    countRows(store, view, withData),
    sourceRows(store, view, withData),
    listEvents(store, { country: view.cc ?? undefined, since, until, limit }),
  ]);
  // A country with more events than that in the range (network events count too): read
  // each service's as loadViewData does, so none loses its newest to another's.
  const events =
    countryEvents.length < limit
      ? countryEvents
      : (await Promise.all(withData.map((w) => listEvents(store, { service: w.service, country: view.cc ?? undefined, since: w.window.since, until: w.window.until, limit: EVENTS_PER_VIEW })))).flat();
  return shapeCountryGrid(view, windows, counts, sources, events);
}
