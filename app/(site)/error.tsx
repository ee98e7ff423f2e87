"use client";
// The designed error page: says something went wrong, offers a retry and a way home.
import Link from "next/link";
import { useChromeText } from "@/components/site/ChromeText";

export default function SiteError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const { t } = useChromeText();
  return (
    <div data-testid="error-page">
      <h1>{t("error.title")}</h1>
      <p>{t("error.body")}</p>
      <p>
        <button type="button" onClick={() => reset()}>
          {t("common.retry")}
        </button>{" "}
        <Link href="/">{t("common.home")}</Link>
      </p>
    </div>
  );
}
