// The request side shared by the kit's chart routes (data.csv, data.json, chart.svg,
// chart.png, embeds): the explorer's view contract plus the kit's own parameters, the
// reader's language, and the view's data, live or pinned.
//
// Kit parameters: w (width in CSS pixels, 320-2400, default 1200), scale (1 or 2),
// theme (light, dark, auto), v (a data version: the chart is pinned to it).
import { parseView, permalink, type ExplorerView, type ViewMessage, viewMessage } from "../explorer/view";
import { loadViewData, type ViewData } from "../explorer/view-data";
import { resolveLang, translator, type Lang } from "../i18n";
import type { Store } from "../store/open";
import { hasSnapshot, loadSnapshot, saveSnapshot } from "../store/snapshots";
import { snapshotGuard, type MayWriteSnapshot } from "./snapshot-limit";
import { DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH } from "../chart-image/svg";
import { dataVersion } from "./view-export";

export const KIT_PARAMETERS = ["w", "scale", "theme", "v"] as const;
export type EmbedTheme = "light" | "dark" | "auto";

export interface KitRequest {
  view: ExplorerView;
  messages: ViewMessage[];
  lang: Lang;
  theme: EmbedTheme;
  width: number;
  scale: 1 | 2;
  /** The data version a pinned chart asks for; null: live. */
  version: string | null;
  /** Whether this request's client may store a new snapshot now (./snapshot-limit): asked only when one is due. */
  mayWriteSnapshot: MayWriteSnapshot;
}

export type KitParse = { ok: true; value: KitRequest } | { ok: false; status: 400 | 404; error: string };

/** Path segments after the country: [service] or [service, "as12389"]. */
export function parseKitRequest(segments: string[], url: URL, headers: Pick<Headers, "get">): KitParse {
  const parsed = parseView(segments, url.searchParams, { allow: KIT_PARAMETERS });
  if (parsed.notFound) return { ok: false, status: 404, error: parsed.reason };
  const { view, messages } = parsed;
  const q = url.searchParams;
  let width = DEFAULT_WIDTH;
  const w = q.get("w");
  if (w !== null) {
    const n = Number(w);
    if (!/^\d{1,5}$/.test(w)) messages.push(viewMessage("w", w, "kit.msg.width", { min: MIN_WIDTH, max: MAX_WIDTH, fallback: DEFAULT_WIDTH }));
    else width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, n));
  }
  const s = q.get("scale");
  if (s !== null && s !== "1" && s !== "2") messages.push(viewMessage("scale", s, "kit.msg.scale"));
  const t = q.get("theme") ?? "auto";
  const theme: EmbedTheme = t === "light" || t === "dark" || t === "auto" ? t : "auto";
  if (t !== theme) messages.push(viewMessage("theme", t, "kit.msg.theme"));
  const v = q.get("v");
  if (v !== null && !/^[0-9a-f]{12}$/.test(v)) return { ok: false, status: 400, error: `v: "${v}" is not a data version (12 hex digits)` };
  if (v !== null && view.range !== "custom") return { ok: false, status: 400, error: "v: a pinned chart needs a fixed range (from and to)" };
  const lang = resolveLang({ query: q.get("lang"), acceptLanguage: headers.get("accept-language") });
  return { ok: true, value: { view, messages, lang, theme, width, scale: s === "2" ? 2 : 1, version: v, mayWriteSnapshot: snapshotGuard({ headers }) } };
}

/** The pinned (v) or live view key a snapshot is filed under: path and range, not presentation. */
export function viewKey(view: ExplorerView): string {
  return JSON.stringify([view.cc, view.service, view.asn, view.from, view.to, view.grain, view.source, view.stage]);
}

export interface KitData {
  data: ViewData;
  version: string;
  pinned: boolean;
}

/**
 * The view's data. Pinned: the snapshot of its version (saved when the current data have
 * that version and the request's client is within its snapshot bound; else served
 * unsaved, as they are the same data), so a published chart never changes; an unknown
 * version is null (404).
 */
export async function loadKitData(store: Store, req: KitRequest, now: Date = new Date()): Promise<KitData | null> {
  if (req.version) {
    const snap = await loadSnapshot(store, req.version, viewKey(req.view));
    if (snap) return { data: snap, version: req.version, pinned: true };
    const current = await loadViewData(store, req.view, { now });
    if (dataVersion(current) !== req.version) return null;
    if (req.mayWriteSnapshot()) await saveSnapshot(store, req.version, viewKey(req.view), current);
    return { data: current, version: req.version, pinned: true };
  }
  const data = await loadViewData(store, req.view, { now });
  return { data, version: dataVersion(data), pinned: false };
}

/**
 * A pinned link to what `data` shows now: the share panel's "pinned" kind. Its snapshot is
 * saved unless one is stored already; null when a new one is due and `mayWrite` refuses it.
 */
export async function pinnedPath(store: Store, data: ViewData, base: string, mayWrite: MayWriteSnapshot): Promise<string | null> {
  if (!data.window) return base;
  const version = dataVersion(data);
  const fixed = permalink(data.view, data.window);
  const fixedView: ExplorerView = { ...data.view, range: "custom", from: data.window.fromDay, to: data.window.toDay, grain: data.window.grain };
  if (!(await hasSnapshot(store, version))) {
    if (!mayWrite()) return null;
    await saveSnapshot(store, version, viewKey(fixedView), { ...data, view: fixedView });
  }
  return `${base}${fixed}${fixed.includes("?") ? "&" : "?"}v=${version}`;
}

/** The live view's permalink (range fixed to what was shown) with the language kept. */
export function viewPermalink(origin: string, data: ViewData, lang: Lang): string {
  if (!data.window) return origin;
  return origin + permalink(data.view, data.window, { lang: lang === "en" ? undefined : lang });
}

/** Messages as a data file states them: parameter, value and the message in the file's language. */
export function messagesIn(lang: Lang, messages: ViewMessage[]): { parameter: string; value: string; message: string }[] {
  const t = translator(lang);
  return messages.map((m) => ({ parameter: m.parameter, value: m.value, message: t(m.key, m.params) }));
}
