"use client";
import Link from "next/link";
import { useChromeText } from "./ChromeText";

export function SiteFooter() {
  const { t } = useChromeText();
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
