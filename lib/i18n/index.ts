// The one translation mechanism. The language comes from, in order: the `lang` query
// parameter (a permalink in Russian stays Russian), the `lang` cookie the language switch
// sets, then the browser's Accept-Language; English otherwise. Messages live in en.ts
// (complete) and ru.ts (may leave keys out: they show in English). Dates are always
// formatted in UTC, in the reader's language.
import { CHROME_KEYS, type ChromeText } from "./chrome";
import { EN, type MessageKey } from "./en";
import { DEFAULT_LANG, isLang, LANGS, type Lang } from "./langs";
import { RU } from "./ru";
import type { ThroughputWords } from "../explorer/throughput";

export { DEFAULT_LANG, isLang, LANG_COOKIE, LANGS, type Lang } from "./langs";

const MESSAGES: Record<Lang, Partial<Record<MessageKey, string>>> = { en: EN, ru: RU };

/** The best supported language of an Accept-Language header (by q-value), or null. */
export function langFromAcceptLanguage(header: string | null | undefined): Lang | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
      return { base: tag.trim().toLowerCase().split("-")[0], q: q ? Number(q[1]) : 1, i };
    })
    .filter((x) => x.base && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.base).find(isLang) ?? null;
}

export function resolveLang(input: { query?: unknown; cookie?: string | null; acceptLanguage?: string | null }): Lang {
  if (isLang(input.query)) return input.query;
  if (isLang(input.cookie)) return input.cookie;
  return langFromAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LANG;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** `t(key, {name: value})` replaces `{name}` in the message. */
export function translator(lang: Lang): Translate {
  const messages = MESSAGES[lang];
  return (key, params) => {
    let text = messages[key] ?? EN[key];
    if (params) for (const [k, v] of Object.entries(params)) text = text.split(`{${k}}`).join(String(v));
    return text;
  };
}

/** The client chrome's messages in every language (lib/i18n/chrome.ts). */
export function chromeText(): ChromeText {
  return Object.fromEntries(LANGS.map((lang) => [lang, Object.fromEntries(CHROME_KEYS.map((key) => [key, translator(lang)(key)]))])) as ChromeText;
}

const LOCALE: Record<Lang, string> = { en: "en-GB", ru: "ru-RU" };

/** "2 Dec 2026" / "2 дек. 2026 г.", in UTC. */
export function formatDay(lang: Lang, date: Date | string): string {
  const d = typeof date === "string" ? new Date(date.length === 10 ? `${date}T00:00:00Z` : date) : date;
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).format(d);
}

/** "2 Dec 2026, 14:05 UTC", in UTC, always labelled. */
export function formatDateTime(lang: Lang, date: Date | string): string {
  const d = typeof date === "string" ? new Date(date) : date;
  const text = new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(d);
  return `${text} UTC`;
}

/** A duration in hours or days, e.g. "3 d 4 h" (the same in both languages' short form). */
export function formatDuration(lang: Lang, ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  const [du, hu] = lang === "ru" ? ["д", "ч"] : ["d", "h"];
  if (d === 0) return `${h} ${hu}`;
  return h === 0 ? `${d} ${du}` : `${d} ${du} ${h} ${hu}`;
}

/** The words throughput figures are written with (lib/explorer/throughput.ts). */
export function throughputWords(lang: Lang): ThroughputWords {
  const t = translator(lang);
  return { kilo: t("unit.kilo"), mega: t("unit.mega"), unit: t("unit.bitps"), decimal: t("unit.decimal") };
}

export { type MessageKey } from "./en";
