"use client";
// The page's language on the client: the `lang` query parameter wins over what the server
// resolved from the cookie and Accept-Language (lib/i18n resolveLang, same order).
import { useSearchParams } from "next/navigation";
import { isLang, type Lang } from "../../lib/i18n/langs";

export function useLang(serverLang: Lang): Lang {
  const q = useSearchParams().get("lang");
  return isLang(q) ? q : serverLang;
}
