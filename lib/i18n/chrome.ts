// The few messages the site's client-side chrome (header, footer, error page) shows. The
// layout resolves them on the server in every language and hands them down, so the client
// bundle of every page carries these strings instead of both whole dictionaries.
import type { MessageKey } from "./en";
import type { Lang } from "./langs";

export const CHROME_KEYS = [
  "site.name",
  "site.tagline",
  "nav.skip",
  "nav.main",
  "nav.countries",
  "nav.events",
  "nav.compare",
  "nav.data",
  "nav.methodology",
  "nav.probe",
  "lang.label",
  "theme.label",
  "theme.system",
  "theme.light",
  "theme.dark",
  "footer.utc",
  "footer.licence",
  "footer.source",
  "footer.api",
  "footer.cite",
  "error.title",
  "error.body",
  "common.retry",
  "common.home",
] as const satisfies readonly MessageKey[];

export type ChromeKey = (typeof CHROME_KEYS)[number];
export type ChromeText = Record<Lang, Record<ChromeKey, string>>;
