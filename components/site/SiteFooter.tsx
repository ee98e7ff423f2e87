"use client";
import Link from "next/link";
import { translator, type Lang } from "../../lib/i18n";
import { useLang } from "./useLang";

export function SiteFooter({ serverLang }: { serverLang: Lang }) {
  const t = translator(useLang(serverLang));
  return (
    <footer className="site-footer">
      <p>{t("footer.utc")}</p>
      <p>{t("footer.licence")}</p>
      <ul>
        <li>
          <Link href="/data#source">{t("footer.source")}</Link>
        </li>
        <li>
          <Link href="/data">{t("footer.api")}</Link>
        </li>
        <li>
          <Link href="/data#cite">{t("footer.cite")}</Link>
        </li>
      </ul>
    </footer>
  );
}
