// The one message a refused volunteer request shows: the server's reason, and for a 429
// when to try again (from retry_after_s, the body's copy of Retry-After), in UTC.
import { formatDateTime } from "../i18n/format";
import type { Lang } from "../i18n/langs";
import type { TranslateFn as Translate } from "../i18n/subset";

export interface ApiFailure {
  error?: string;
  issues?: { path: string; message: string }[];
  retry_after_s?: number;
}

export function refusalText(t: Translate, status: number, body: ApiFailure, now: Date, lang: Lang): string {
  // The server's reasons are sentence fragments ("this account has ..."); the page shows a sentence.
  const given = body.error ?? t("volunteer.error.unknown", { status });
  const reason = given.charAt(0).toUpperCase() + given.slice(1);
  if (status === 429 && typeof body.retry_after_s === "number") {
    const at = new Date(now.getTime() + body.retry_after_s * 1000);
    const hours = Math.floor(body.retry_after_s / 3600);
    const minutes = Math.ceil((body.retry_after_s % 3600) / 60);
    return t("volunteer.error.retry", { reason, at: formatDateTime(lang, at), wait: hours > 0 ? t("volunteer.error.waitHours", { h: hours, m: minutes }) : t("volunteer.error.waitMinutes", { m: minutes }) });
  }
  // Field problems beyond the first (which the reason already names), once each.
  const more = (body.issues ?? []).slice(1).map((i) => `${i.path}: ${i.message}`);
  return more.length > 0 ? `${reason} (${more.join("; ")})` : reason;
}
