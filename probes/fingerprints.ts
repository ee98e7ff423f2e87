// Known block pages. The probe matches a response against this table in memory and keeps
// only the id; the body is dropped. Ids are stable: the server and researchers read them.
export interface BlockPageFingerprint {
  id: string;
  /** Where the marker is looked for. */
  where: "body" | "location";
  /** Lowercase marker; a host name must appear as a whole name, not inside another. */
  marker: string;
  note: string;
}

export const BLOCK_PAGE_FINGERPRINTS: readonly BlockPageFingerprint[] = [
  { id: "ru.rkn.eais", where: "body", marker: "eais.rkn.gov.ru", note: "Roskomnadzor registry stub: links to the unified register" },
  { id: "ru.rkn.eais", where: "location", marker: "eais.rkn.gov.ru", note: "redirect to the Roskomnadzor registry" },
  { id: "ru.rostelecom", where: "location", marker: "warning.rt.ru", note: "Rostelecom block redirect" },
  { id: "ru.rostelecom", where: "body", marker: "warning.rt.ru", note: "Rostelecom stub page" },
  { id: "ru.beeline", where: "location", marker: "blackhole.beeline.ru", note: "Beeline block redirect" },
  { id: "ru.beeline", where: "location", marker: "warn.beeline.ru", note: "Beeline block redirect" },
  { id: "ru.mts", where: "location", marker: "blocked.mts.ru", note: "MTS block redirect" },
  { id: "ru.megafon", where: "location", marker: "deny.megafon.ru", note: "MegaFon block redirect" },
  { id: "ru.ertelecom", where: "location", marker: "lawfilter.ertelecom.ru", note: "ER-Telecom (Dom.ru) block redirect" },
  { id: "ru.ertelecom", where: "body", marker: "lawfilter.ertelecom.ru", note: "ER-Telecom stub page" },
  { id: "ru.yota", where: "location", marker: "forbidden.yota.ru", note: "Yota block redirect" },
  { id: "ru.ttk", where: "location", marker: "fz139.ttk.ru", note: "TTK block redirect" },
  { id: "ru.svyaztelecom", where: "location", marker: "blackhole.svyaztelecom.ru", note: "Svyaz Telecom block redirect" },
  // Generic Russian ISP stubs quote the register's name ("Единый реестр").
  { id: "ru.isp.registry_stub", where: "body", marker: "единый реестр", note: "ISP stub quoting the unified register" },
  { id: "ru.isp.registry_stub", where: "body", marker: "едином реестре", note: "the same, in the prepositional case" },
];

/** Bytes of the body kept in memory for matching; the rest is only counted. */
export const FINGERPRINT_WINDOW_BYTES = 64 * 1024;

const NAME_CHAR = /[a-z0-9.-]/;

function containsMarker(haystack: string, marker: string): boolean {
  const isHostName = /^[a-z0-9.-]+$/.test(marker);
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(marker, from);
    if (at < 0) return false;
    if (!isHostName) return true;
    const before = at > 0 ? haystack[at - 1] : "";
    const after = haystack[at + marker.length] ?? "";
    // "xeais.rkn.gov.ru" is another host; "eais.rkn.gov.ru/" is the stub.
    if (!(before && NAME_CHAR.test(before) && before !== ".") && !(after && NAME_CHAR.test(after) && after !== ".")) return true;
    from = at + 1;
  }
}

/** The id of the first fingerprint the response matches, or null. */
export function matchBlockPage(response: { body: string; location?: string | null }): string | null {
  const body = response.body.toLowerCase();
  const location = (response.location ?? "").toLowerCase();
  for (const fp of BLOCK_PAGE_FINGERPRINTS) {
    const text = fp.where === "body" ? body : location;
    if (text && containsMarker(text, fp.marker)) return fp.id;
  }
  return null;
}
