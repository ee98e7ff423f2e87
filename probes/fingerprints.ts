// Known block pages, as the probe reads them: the maintained fingerprint set of
// lib/fingerprints (OONI's blocking-fingerprints, with its provenance), the one definition
// the OONI importer reads too. Its data file is bundled into the probe (esbuild inlines the
// JSON), so volunteers match against the set the server was built with. The probe matches
// a response in memory and keeps only the id; the body is dropped.
import type { IncomingHttpHeaders } from "node:http";
import { blockingFingerprints } from "../lib/fingerprints";

/** Bytes of the body kept in memory for matching; the rest is only counted. */
export const FINGERPRINT_WINDOW_BYTES = 64 * 1024;

/** Response headers by lowercase name, repeated ones joined as HTTP joins them. */
function headerMap(headers: IncomingHttpHeaders): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    map.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value);
  }
  return map;
}

/** The id of the known block page the response's body or headers match, or null. */
export function matchBlockPage(response: { body: string; headers?: IncomingHttpHeaders }): string | null {
  return blockingFingerprints().matchHttp({ body: response.body, headers: headerMap(response.headers ?? {}) })?.id ?? null;
}
