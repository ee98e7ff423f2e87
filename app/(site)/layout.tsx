// The site's chrome: skip link, header with the sections, language and colour-scheme
// switches, footer with licence, source, API and citation. The palette is written from
// lib/present/colors.ts, the one colour map, for light, dark and the system's choice.
import type { ReactNode } from "react";
import { cookies, headers } from "next/headers";
import { SiteHeader } from "../../components/site/SiteHeader";
import { SiteFooter } from "../../components/site/SiteFooter";
import { LANG_COOKIE, resolveLang } from "../../lib/i18n";
import { paletteCss } from "../../lib/present/colors";
import { isTheme, THEME_COOKIE } from "../../lib/present/theme";

const PALETTE_CSS =
  `.site{${paletteCss("light")}color-scheme:light}` +
  `@media (prefers-color-scheme: dark){.site:not([data-theme=light]){${paletteCss("dark")}color-scheme:dark}}` +
  `.site[data-theme=dark]{${paletteCss("dark")}color-scheme:dark}`;

export default async function SiteLayout({ children }: { children: ReactNode }) {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const lang = resolveLang({ cookie: jar.get(LANG_COOKIE)?.value, acceptLanguage: head.get("accept-language") });
  const theme = jar.get(THEME_COOKIE)?.value;
  return (
    <div className="site" data-theme={isTheme(theme) ? theme : undefined}>
      <style dangerouslySetInnerHTML={{ __html: PALETTE_CSS }} />
      <SiteHeader serverLang={lang} theme={isTheme(theme) ? theme : "system"} />
      <main id="content" tabIndex={-1}>
        {children}
      </main>
      <SiteFooter serverLang={lang} />
    </div>
  );
}
