// Dates and durations in the reader's language, always in UTC. Dictionary-free, so client
// components can format without shipping the message dictionaries.
import type { Lang } from "./langs";

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

