// The one labels module: names of services, verdict classes, stages, techniques, sources
// and ranges, in the reader's language. The words themselves live once, in lib/i18n.
import { EN, type MessageKey } from "../i18n/en";
import { translator, type Lang } from "../i18n";
import type { ChartClass } from "./colors";

/** An id without a message (a new service, say) is shown as itself rather than failing. */
const has = (key: string): key is MessageKey => Object.hasOwn(EN, key);

function label(lang: Lang, prefix: string, id: string): string {
  const key = `${prefix}.${id}`;
  return has(key) ? translator(lang)(key) : id;
}

export const serviceLabel = (lang: Lang, id: string) => label(lang, "service", id);
export const classLabel = (lang: Lang, cls: ChartClass) => label(lang, "class", cls);
export const classDescription = (lang: Lang, cls: ChartClass) => label(lang, "class", `${cls}.long`);
export const stageLabel = (lang: Lang, stage: string) => label(lang, "stage", stage);
export const techniqueLabel = (lang: Lang, technique: string) => label(lang, "technique", technique);
export const sourceLabel = (lang: Lang, source: string) => label(lang, "source", source);
export const networkTypeLabel = (lang: Lang, type: string) => label(lang, "network", type);
/** A round's service status (ok, blocked, partial, throttled, inconclusive, error). */
export const statusLabel = (lang: Lang, status: string) => label(lang, "status", status);
/** The event detector's state of a bucket (ok, anomalous, unknown). */
export const detectorStateLabel = (lang: Lang, state: string) => label(lang, "detector", state);

/** Country names in the reader's language (Intl), with the code where Intl has none. */
export function countryLabel(lang: Lang, cc: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: "region" }).of(cc.toUpperCase()) ?? cc.toUpperCase();
  } catch {
    return cc.toUpperCase();
  }
}
