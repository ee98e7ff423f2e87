// The explorer's URL contract as a pure parser. A view is a path (`/{cc}`,
// `/{cc}/{service}`, `/{cc}/{service}/as{asn}`) and shared query parameters:
//   range=24h|7d|30d|90d|1y|all  or  from=YYYY-MM-DD&to=YYYY-MM-DD (UTC days, inclusive)
//   grain=hour|day (default chosen from the range), stage=dns|tcp|tls|http|ws|throughput,
//   source=vantage|ooni|simulated|all, mode=counts|shares.
// A malformed path is "not found"; a malformed query value is a message naming the
// parameter, and the view goes on with that parameter's default (never a 500).
import { type MessageKey, translator } from "../i18n";
import { SERVICES, SOURCES, STAGES, type ServiceId, type Source, type StageName } from "../measurement/vocabulary";

export const RANGE_PRESETS = ["24h", "7d", "30d", "90d", "1y", "all"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const VIEW_GRAINS = ["hour", "day"] as const;
export type ViewGrain = (typeof VIEW_GRAINS)[number];
export const VIEW_MODES = ["counts", "shares"] as const;
export type ViewMode = (typeof VIEW_MODES)[number];
export type ViewSource = Source | "all";

/** The query parameters of the contract, plus `lang` (the page's language, lib/i18n). */
export const VIEW_PARAMETERS = ["range", "from", "to", "grain", "stage", "source", "mode", "lang"] as const;

export const DEFAULT_RANGE: RangePreset = "all";
/** Hour grain beyond this many days would draw thousands of bars; day grain is used instead. */
export const MAX_HOUR_GRAIN_DAYS = 31;
/** Ranges up to this many days default to hour grain. */
export const HOUR_GRAIN_DEFAULT_MAX_DAYS = 7;

export interface ExplorerView {
  /** Upper-case ISO country code; null on views without a country (home, global lists). */
  cc: string | null;
  service: ServiceId | null;
  asn: number | null;
  /** A preset, or "custom" when `from`/`to` are given. */
  range: RangePreset | "custom";
  /** UTC days of a custom range (inclusive); null for presets. */
  from: string | null;
  to: string | null;
  /** As asked for; null means "chosen from the range" (resolveWindow). */
  grain: ViewGrain | null;
  stage: StageName | null;
  source: ViewSource;
  mode: ViewMode;
}

export interface ViewMessage {
  parameter: string;
  value: string;
  /** The message in lib/i18n, shown in the reader's language. */
  key: MessageKey;
  params: Record<string, string | number>;
  /** The same in English, for data files and logs. */
  message: string;
}

const english = translator("en");

/** A parameter a page could not use, and what it did instead, in every language. */
export function viewMessage(parameter: string, value: string | undefined, key: MessageKey, params: Record<string, string | number> = {}): ViewMessage {
  return { parameter, value: value ?? "", key, params, message: english(key, params) };
}

export const DEFAULT_VIEW: Readonly<ExplorerView> = Object.freeze({
  cc: null,
  service: null,
  asn: null,
  range: DEFAULT_RANGE,
  from: null,
  to: null,
  grain: null,
  stage: null,
  source: "all",
  // Shares by default: a bucket's mix of verdicts reads the same whether 12 or 900 rounds
  // stand behind it (the coverage panel shows how many); counts are a toggle away.
  mode: "shares",
});

export type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(query: QueryInput): [string, string[]][] {
  if (query instanceof URLSearchParams) {
    const out = new Map<string, string[]>();
    for (const [k, v] of query) out.set(k, [...(out.get(k) ?? []), v]);
    return [...out];
  }
  return Object.entries(query)
    .filter((e): e is [string, string | string[]] => e[1] !== undefined)
    .map(([k, v]) => [k, Array.isArray(v) ? v : [v]]);
}

const oneOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/** A real UTC calendar day "YYYY-MM-DD" (2026-02-31 is rejected, not rolled over). */
export function isUtcDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export type PathResult = { ok: true; cc: string | null; service: ServiceId | null; asn: number | null } | { ok: false; reason: string };

/** Path segments after the site root: [], [cc], [cc, service] or [cc, service, "as{asn}"]. */
export function parseViewPath(segments: readonly string[]): PathResult {
  if (segments.length > 3) return { ok: false, reason: "too many path segments" };
  const [cc, service, network] = segments.map((s) => decodeURIComponent(s));
  if (cc !== undefined && !/^[a-z]{2}$/i.test(cc)) return { ok: false, reason: `"${cc}" is not a two-letter country code` };
  if (service !== undefined && !oneOf(SERVICES, service.toLowerCase())) {
    return { ok: false, reason: `"${service}" is not a service (${SERVICES.join(", ")})` };
  }
  let asn: number | null = null;
  if (network !== undefined) {
    const m = /^as(\d{1,10})$/i.exec(network);
    if (!m || Number(m[1]) > 4_294_967_295) return { ok: false, reason: `"${network}" is not a network (as12389)` };
    asn = Number(m[1]);
  }
  return { ok: true, cc: cc?.toUpperCase() ?? null, service: (service?.toLowerCase() as ServiceId | undefined) ?? null, asn };
}

export interface ParsedView {
  view: ExplorerView;
  messages: ViewMessage[];
}

/**
 * The view a query asks for, on top of the path's scope. Unknown parameters (outside
 * VIEW_PARAMETERS and `allow`) are reported and ignored; each bad value is reported and
 * replaced by its default.
 */
export function parseViewQuery(
  scope: Pick<ExplorerView, "cc" | "service" | "asn">,
  query: QueryInput,
  options: { allow?: readonly string[] } = {},
): ParsedView {
  const view: ExplorerView = { ...DEFAULT_VIEW, ...scope };
  const messages: ViewMessage[] = [];
  const known = new Set<string>([...VIEW_PARAMETERS, ...(options.allow ?? [])]);
  const raw: Record<string, string> = {};
  for (const [key, values] of entries(query)) {
    if (!known.has(key)) {
      messages.push(viewMessage(key, values.join(","), "param.unknown", { name: key }));
      continue;
    }
    const nonEmpty = values.map((v) => v.trim()).filter((v) => v !== "");
    if (nonEmpty.length > 1) messages.push(viewMessage(key, nonEmpty.join(","), "param.repeated", { name: key, n: nonEmpty.length }));
    if (nonEmpty.length > 0) raw[key] = nonEmpty[0];
  }
  const bad = (parameter: string, key: MessageKey, params: Record<string, string | number> = {}) => messages.push(viewMessage(parameter, raw[parameter], key, params));

  if (raw.range !== undefined) {
    if (oneOf(RANGE_PRESETS, raw.range)) view.range = raw.range;
    else bad("range", "param.oneOfShowing", { values: RANGE_PRESETS.join(", "), fallback: DEFAULT_RANGE });
  }
  const fromOk = raw.from !== undefined && isUtcDay(raw.from);
  const toOk = raw.to !== undefined && isUtcDay(raw.to);
  if (raw.from !== undefined && !fromOk) bad("from", "param.utcDay");
  if (raw.to !== undefined && !toOk) bad("to", "param.utcDay");
  if (fromOk || toOk) {
    if (!(fromOk && toOk)) {
      const missing = fromOk ? "to" : "from";
      messages.push(viewMessage(missing, raw[missing], "param.needBoth", { range: view.range }));
    } else if (raw.from! > raw.to!) {
      messages.push(viewMessage("from", raw.from, "param.fromAfterTo", { from: raw.from!, to: raw.to!, range: view.range }));
    } else {
      if (raw.range !== undefined) messages.push(viewMessage("range", raw.range, "param.rangeIgnored"));
      view.range = "custom";
      view.from = raw.from!;
      view.to = raw.to!;
    }
  }
  if (raw.grain !== undefined) {
    if (oneOf(VIEW_GRAINS, raw.grain)) view.grain = raw.grain;
    else bad("grain", "param.grain", { values: VIEW_GRAINS.join(", ") });
  }
  if (raw.stage !== undefined) {
    if (oneOf(STAGES, raw.stage)) view.stage = raw.stage;
    else bad("stage", "param.stage", { values: STAGES.join(", ") });
  }
  if (raw.source !== undefined) {
    if (raw.source === "all" || oneOf(SOURCES, raw.source)) view.source = raw.source as ViewSource;
    else bad("source", "param.source", { values: [...SOURCES, "all"].join(", ") });
  }
  if (raw.mode !== undefined) {
    if (oneOf(VIEW_MODES, raw.mode)) view.mode = raw.mode;
    else bad("mode", "param.oneOfShowing", { values: VIEW_MODES.join(", "), fallback: DEFAULT_VIEW.mode });
  }
  return { view, messages };
}

/** Path and query together, as a page receives them. A bad path is `notFound`. */
export function parseView(
  segments: readonly string[],
  query: QueryInput,
  options: { allow?: readonly string[] } = {},
): (ParsedView & { notFound: false }) | { notFound: true; reason: string } {
  const path = parseViewPath(segments);
  if (!path.ok) return { notFound: true, reason: path.reason };
  return { notFound: false, ...parseViewQuery({ cc: path.cc, service: path.service, asn: path.asn }, query, options) };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PRESET_DAYS: Record<Exclude<RangePreset, "24h" | "all">, number> = { "7d": 7, "30d": 30, "90d": 90, "1y": 365 };

export const utcDayOf = (t: number | Date) => new Date(t).toISOString().slice(0, 10);
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The concrete time window of a view: [since, until), its grain and its UTC days. */
export interface ViewWindow {
  since: Date;
  until: Date;
  grain: ViewGrain;
  /** First and last UTC day shown (inclusive). */
  fromDay: string;
  toDay: string;
  /** Number of buckets (every one is drawn, gaps as "no data"). */
  buckets: number;
}

/**
 * Resolves a view's range against `now` (presets end with the current hour or day) and,
 * for `all`, against the extent of the data in the view's own scope and source (so data
 * of another source or place never rescales it). Null when `all` has no data.
 */
export function resolveWindow(
  view: ExplorerView,
  now: Date,
  dataExtent: { from: string; to: string } | null,
): { window: ViewWindow | null; messages: ViewMessage[] } {
  const messages: ViewMessage[] = [];
  let since: number;
  let until: number;
  if (view.range === "custom") {
    since = dayStart(view.from!);
    until = dayStart(view.to!) + DAY_MS;
  } else if (view.range === "24h") {
    until = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
    since = until - 24 * HOUR_MS;
  } else if (view.range === "all") {
    if (!dataExtent) return { window: null, messages };
    since = dayStart(dataExtent.from);
    until = dayStart(dataExtent.to) + DAY_MS;
  } else {
    until = dayStart(utcDayOf(now)) + DAY_MS;
    since = until - PRESET_DAYS[view.range] * DAY_MS;
  }
  const days = (until - since) / DAY_MS;
  let grain: ViewGrain = view.grain ?? (days <= HOUR_GRAIN_DEFAULT_MAX_DAYS ? "hour" : "day");
  if (grain === "hour" && days > MAX_HOUR_GRAIN_DAYS) {
    messages.push(viewMessage("grain", "hour", "param.hourGrain", { days: MAX_HOUR_GRAIN_DAYS }));
    grain = "day";
  }
  if (grain === "day" && view.range === "24h") {
    // A day bucket would straddle two UTC days; the last 24 hours are shown by the hour.
    if (view.grain === "day") messages.push(viewMessage("grain", "day", "param.dayIn24h"));
    grain = "hour";
  }
  const step = grain === "hour" ? HOUR_MS : DAY_MS;
  return {
    window: {
      since: new Date(since),
      until: new Date(until),
      grain,
      fromDay: utcDayOf(since),
      toDay: utcDayOf(until - 1),
      buckets: Math.round((until - since) / step),
    },
    messages,
  };
}

/** Every bucket start of a window, in order (ISO strings). */
export function bucketStarts(window: ViewWindow): string[] {
  const step = window.grain === "hour" ? HOUR_MS : DAY_MS;
  const out: string[] = [];
  for (let t = window.since.getTime(); t < window.until.getTime(); t += step) out.push(new Date(t).toISOString());
  return out;
}

/** The path of a view's scope: "/", "/ru", "/ru/whatsapp", "/ru/whatsapp/as12389". */
export function viewPath(scope: Pick<ExplorerView, "cc" | "service" | "asn">): string {
  if (!scope.cc) return "/";
  let path = `/${scope.cc.toLowerCase()}`;
  if (scope.service) {
    path += `/${scope.service}`;
    if (scope.asn !== null) path += `/as${scope.asn}`;
  }
  return path;
}

/** The query of a view: only parameters that differ from the defaults, in a fixed order. */
export function viewQuery(view: ExplorerView, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  if (view.range === "custom") {
    q.set("from", view.from!);
    q.set("to", view.to!);
  } else if (view.range !== DEFAULT_RANGE) q.set("range", view.range);
  if (view.grain) q.set("grain", view.grain);
  if (view.stage) q.set("stage", view.stage);
  if (view.source !== "all") q.set("source", view.source);
  if (view.mode !== DEFAULT_VIEW.mode) q.set("mode", view.mode);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** A link to a view, optionally changed (e.g. another range or network). */
export function viewHref(view: ExplorerView, change: Partial<ExplorerView> = {}, extra: Record<string, string | undefined> = {}): string {
  const next = { ...view, ...change };
  if (change.range && change.range !== "custom") {
    next.from = null;
    next.to = null;
  }
  return viewPath(next) + viewQuery(next, extra);
}

/** The permalink: the same view with its resolved days fixed, so it reopens unchanged later. */
export function permalink(view: ExplorerView, window: ViewWindow, extra: Record<string, string | undefined> = {}): string {
  const fixed: ExplorerView =
    view.range === "24h" ? { ...view } : { ...view, range: "custom", from: window.fromDay, to: window.toDay, grain: window.grain };
  return viewPath(fixed) + viewQuery(fixed, extra);
}
