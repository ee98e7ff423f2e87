// The one translation mechanism. The language comes from, in order: the `lang` query
// parameter (a permalink in Russian stays Russian), the `lang` cookie the language switch
// sets, then the browser's Accept-Language; English otherwise. Messages live in en.ts
// (complete) and ru.ts (may leave keys out: they show in English). Dates are always
// formatted in UTC, in the reader's language.
import { CHROME_KEYS, type ChromeText } from "./chrome";
import { EN, type MessageKey } from "./en";
import { DEFAULT_LANG, isLang, LANGS, type Lang } from "./langs";
import { RU } from "./ru";
import { fillMessage, type MessageSubset, type TranslateFn } from "./subset";
export { type MessageSubset } from "./subset";
import type { ThroughputWords } from "../explorer/throughput";

export { DEFAULT_LANG, isLang, LANG_COOKIE, LANGS, type Lang } from "./langs";
export { formatDateTime, formatDay, formatDuration } from "./format";

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

export type Translate = TranslateFn;

/** `t(key, {name: value})` replaces `{name}` in the message. */
export function translator(lang: Lang): Translate {
  const messages = MESSAGES[lang];
  return (key, params) => fillMessage(messages[key] ?? EN[key], params);
}

/**
 * The messages under some key prefixes, in one language, for a client component to
 * translate with (lib/i18n/subset.ts) without shipping both whole dictionaries.
 */
export function messagesWithPrefixes(lang: Lang, prefixes: readonly string[]): MessageSubset {
  const t = translator(lang);
  return Object.fromEntries((Object.keys(EN) as MessageKey[]).filter((k) => prefixes.some((p) => k.startsWith(p))).map((k) => [k, t(k)]));
}

/** The client chrome's messages in every language (lib/i18n/chrome.ts). */
export function chromeText(): ChromeText {
  return Object.fromEntries(LANGS.map((lang) => [lang, Object.fromEntries(CHROME_KEYS.map((key) => [key, translator(lang)(key)]))])) as ChromeText;
}

/** The words throughput figures are written with (lib/explorer/throughput.ts). */
export function throughputWords(lang: Lang): ThroughputWords {
  const t = translator(lang);
  return { kilo: t("unit.kilo"), mega: t("unit.mega"), unit: t("unit.bitps"), decimal: t("unit.decimal") };
}

export { type MessageKey } from "./en";
