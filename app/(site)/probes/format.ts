// Shared helpers of the probe pages: the reader's language, network labels, and the pages'
// styles (colours only from the site palette's variables, lib/present/colors.ts).
import { cookies, headers } from "next/headers";
import { LANG_COOKIE, resolveLang, type Lang } from "@/lib/i18n";
import type { PublicNetwork } from "@/lib/volunteers/privacy";

/**
 * The page's language: `?lang=`, then the cookie, then Accept-Language (as the site's
 * layout). Rendered outside a request (tests render pages directly), English.
 */
export async function pageLang(searchParams?: Promise<Record<string, string | string[] | undefined>>): Promise<Lang> {
  const query = await searchParams;
  try {
    const [jar, head] = await Promise.all([cookies(), headers()]);
    return resolveLang({ query: query?.lang, cookie: jar.get(LANG_COOKIE)?.value, acceptLanguage: head.get("accept-language") });
  } catch {
    return resolveLang({ query: query?.lang });
  }
}

export { intervalLabel } from "./interval";

export function networkLabel(n: PublicNetwork, networkType: string): string {
  if (n.asn === null) return `${n.country} (${networkType})`;
  return `AS${n.asn}${n.asn_name ? ` ${n.asn_name}` : ""} (${networkType})`;
}

export const probeStyles = `
table.probes { border-collapse: collapse; width: 100%; margin: 1rem 0; }
table.probes th, table.probes td { text-align: left; padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--grid); }
td.online, .state-online { color: var(--ok); font-weight: 600; } td.offline, .state-offline { color: var(--confirmed); font-weight: 600; } td.paused, .state-paused { color: var(--muted); font-weight: 600; }
.bar { display: inline-block; height: 0.7rem; background: var(--link); vertical-align: middle; }
form.register { display: grid; gap: 0.6rem 1rem; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); align-items: end; }
.vol form.register label, .vol .row label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9rem; }
.vol input, .vol select, .vol button { font: inherit; font-size: 0.95rem; padding: 0.35rem 0.5rem; color: var(--fg); background: var(--bg); border: 1px solid var(--grid); border-radius: 4px; max-width: 100%; }
.vol button { cursor: pointer; background: var(--panel); }
.vol button.primary { background: var(--link); color: var(--bg); border-color: var(--link); font-weight: 600; }
.vol button:disabled { opacity: 0.55; cursor: not-allowed; }
.vol .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; margin: 0.5rem 0; }
pre.secret, pre.command { background: var(--panel); border: 1px solid var(--grid); border-radius: 6px; padding: 0.6rem; white-space: pre-wrap; word-break: break-all; margin: 0.4rem 0; font-size: 0.85rem; }
.alert { border: 1px solid var(--confirmed); border-left-width: 6px; background: var(--panel); padding: 0.5rem 0.9rem; border-radius: 6px; margin: 0.8rem 0; }
.live { border: 1px solid var(--ok); border-left-width: 6px; background: var(--panel); padding: 0.5rem 0.9rem; border-radius: 6px; margin: 0.8rem 0; }
.steps { list-style: none; padding: 0; margin: 0.5rem 0; }
.steps li { padding: 0.15rem 0; }
.steps li[data-done="true"]::before { content: "✓ "; color: var(--ok); font-weight: 700; }
.steps li[data-done="false"]::before { content: "… "; color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.6rem 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 520px) { dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: 0.4rem; } }
.timeline { display: flex; gap: 2px; align-items: flex-end; height: 4rem; margin: 0.4rem 0; max-width: 100%; }
.timeline .day { flex: 1 1 0; min-width: 0; display: flex; flex-direction: column-reverse; height: 100%; background: var(--unknown); }
.seg-ok { background: var(--ok); } .seg-anomaly { background: var(--anomaly); }
.seg-confirmed { background: repeating-linear-gradient(45deg, var(--confirmed) 0 3px, var(--bg) 3px 4px); }
.seg-failure { background: radial-gradient(circle, var(--bg) 1px, var(--failure) 1.2px); background-size: 4px 4px; }
.seg-unknown { background: var(--unknown); border: 1px solid var(--grid); }
.swatch { display: inline-block; width: 0.9rem; height: 0.9rem; border-radius: 2px; vertical-align: -0.15rem; }
`;
