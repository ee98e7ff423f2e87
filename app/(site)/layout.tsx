// The site's chrome: skip link, header with the sections, language and colour-scheme
// switches, footer with licence, source, API and citation. The palette comes from
// lib/present/colors.ts, the one colour map (components/site/PaletteStyle.tsx).
import type { ReactNode } from "react";
import { cookies, headers } from "next/headers";
import { SiteHeader } from "../../components/site/SiteHeader";
import { SiteFooter } from "../../components/site/SiteFooter";
import { ClassPatterns } from "../../components/charts/ClassPatterns";
import { chromeText, LANG_COOKIE, resolveLang } from "../../lib/i18n";
import { ChromeTextProvider } from "../../components/site/ChromeText";
import { PaletteStyle } from "../../components/site/PaletteStyle";
import { isTheme, THEME_COOKIE } from "../../lib/present/theme";

export default async function SiteLayout({ children }: { children: ReactNode }) {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const lang = resolveLang({ cookie: jar.get(LANG_COOKIE)?.value, acceptLanguage: head.get("accept-language") });
  const theme = jar.get(THEME_COOKIE)?.value;
  return (
    <div className="site" data-theme={isTheme(theme) ? theme : undefined}>
      <PaletteStyle />
      <ClassPatterns />
      <ChromeTextProvider serverLang={lang} text={chromeText()}>
        <SiteHeader theme={isTheme(theme) ? theme : "system"} />
        <main id="content" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
      </ChromeTextProvider>
    </div>
  );
}
