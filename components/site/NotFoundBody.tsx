import Link from "next/link";
import { translator, type Lang } from "../../lib/i18n";

/** The designed 404: says what happened and links back into the site. */
export function NotFoundBody({ lang = "en" }: { lang?: Lang }) {
  const t = translator(lang);
  return (
    <div className="not-found" data-testid="not-found">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <ul>
        <li>
          <Link href="/">{t("common.home")}</Link>
        </li>
        <li>
          <Link href="/events">{t("nav.events")}</Link>
        </li>
        <li>
          <Link href="/data">{t("nav.data")}</Link>
        </li>
      </ul>
    </div>
  );
}
