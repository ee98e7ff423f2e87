// The language of a page being rendered on the server: ?lang=, then the cookie, then
// Accept-Language (lib/i18n resolveLang).
import { cookies, headers } from "next/headers";
import { LANG_COOKIE, resolveLang, translator, type Lang, type Translate } from "../../lib/i18n";

export async function pageLang(query: Record<string, string | string[] | undefined>): Promise<{ lang: Lang; t: Translate }> {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const q = query.lang;
  const lang = resolveLang({ query: Array.isArray(q) ? q[0] : q, cookie: jar.get(LANG_COOKIE)?.value, acceptLanguage: head.get("accept-language") });
  return { lang, t: translator(lang) };
}
