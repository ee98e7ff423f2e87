"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { LANG_COOKIE, LANGS, type Lang } from "../../lib/i18n/langs";
import { THEME_COOKIE, type ThemeChoice } from "../../lib/present/theme";
import { useChromeText } from "./ChromeText";

const SECTIONS = [
  ["/#countries", "nav.countries"],
  ["/events", "nav.events"],
  ["/compare", "nav.compare"],
  ["/data", "nav.data"],
  ["/methodology", "nav.methodology"],
  ["/probes/new", "nav.probe"],
] as const;

const YEAR = 365 * 24 * 3600;

export function SiteHeader({ theme: initialTheme }: { theme: ThemeChoice }) {
  const { lang, t } = useChromeText();
  const path = usePathname();
  const params = useSearchParams();
  const [theme, setTheme] = useState<ThemeChoice>(initialTheme);

  const chooseTheme = (next: ThemeChoice) => {
    setTheme(next);
    document.cookie = `${THEME_COOKIE}=${next === "system" ? "" : next}; path=/; max-age=${next === "system" ? 0 : YEAR}; samesite=lax`;
    const site = document.querySelector<HTMLElement>(".site");
    if (site) {
      if (next === "system") delete site.dataset.theme;
      else site.dataset.theme = next;
    }
  };
  const langHref = (l: Lang) => {
    const q = new URLSearchParams(params.toString());
    q.set("lang", l);
    return `${path}?${q.toString()}`;
  };
  const rememberLang = (l: Lang) => {
    document.cookie = `${LANG_COOKIE}=${l}; path=/; max-age=${YEAR}; samesite=lax`;
  };

  return (
    <header className="site-header">
      <a className="skip-link" href="#content">
        {t("nav.skip")}
      </a>
      <Link href="/" className="brand" aria-label={`${t("site.name")}: ${t("site.tagline")}`}>
        <svg aria-hidden="true" width="22" height="22" viewBox="0 0 32 32">
          <circle cx="16" cy="16" r="14" fill="none" stroke="currentColor" strokeWidth="3" />
          <path d="M9 11 L16 23 L23 11" fill="none" stroke="var(--ok)" strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span>{t("site.name")}</span>
      </Link>
      <nav aria-label={t("nav.main")} className="site-nav">
        <ul>
          {SECTIONS.map(([href, key]) => (
            <li key={href}>
              <Link href={href} aria-current={path === href ? "page" : undefined}>
                {t(key)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="site-switches">
        <div role="group" aria-label={t("lang.label")} className="switch">
          {LANGS.map((l) => (
            <a key={l} href={langHref(l)} lang={l} aria-current={l === lang ? "true" : undefined} onClick={() => rememberLang(l)}>
              {l.toUpperCase()}
            </a>
          ))}
        </div>
        <div role="group" aria-label={t("theme.label")} className="switch">
          {(["system", "light", "dark"] as const).map((choice) => (
            <button key={choice} type="button" aria-pressed={theme === choice} onClick={() => chooseTheme(choice)}>
              {t(`theme.${choice}`)}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
