"use client";
// Hands the chrome's messages (resolved on the server, lib/i18n/chrome.ts) to the client
// components of the site's frame: header, footer and the error page. The page's language
// follows `?lang=` on the client, as the server's pages do.
import { createContext, useContext, type ReactNode } from "react";
import type { ChromeKey, ChromeText } from "../../lib/i18n/chrome";
import type { Lang } from "../../lib/i18n/langs";
import { useLang } from "./useLang";

const Context = createContext<{ serverLang: Lang; text: ChromeText } | null>(null);

export function ChromeTextProvider({ serverLang, text, children }: { serverLang: Lang; text: ChromeText; children: ReactNode }) {
  return <Context.Provider value={{ serverLang, text }}>{children}</Context.Provider>;
}

/** The page's language and a lookup of the chrome's messages in it. */
export function useChromeText(): { lang: Lang; t: (key: ChromeKey) => string } {
  const value = useContext(Context);
  if (!value) throw new Error("useChromeText outside ChromeTextProvider (app/(site)/layout.tsx)");
  const lang = useLang(value.serverLang);
  return { lang, t: (key) => value.text[lang][key] };
}
