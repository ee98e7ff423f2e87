// H6: a response that does not look like the service's own answer. Each target may carry
// an expected response profile (lib/targets: statuses, a size range, body kinds, media
// types); a response outside it came from something else (a block page no fingerprint
// knows, a captive portal, a lookalike) even when nothing names the censor. Pure; the probe
// and the OONI importer sniff a body with the same function, and only its kind is kept.
import type { Stages } from "../measurement/schema";
import type { BodyKind } from "../measurement/vocabulary";
import type { ResponseProfile } from "../targets";

type HttpStage = NonNullable<Stages["http"]>;

/** Bytes of the start of a body that sniffing reads. */
export const SNIFF_BYTES = 512;

/** Top-level media types (IANA); anything else is no media type. */
const TOP_LEVEL_TYPES: ReadonlySet<string> = new Set(["application", "audio", "font", "image", "message", "model", "multipart", "text", "video"]);

/**
 * The media type of a Content-Type header value: lowercase, without parameters; null when
 * absent or malformed. A record keeps it, so it must never carry what a site chose to put
 * there: only a registered top-level type, and no subtype with a dotted number in it (a
 * site echoing the client's address as "text/203.0.113.5" keeps nothing).
 */
export function mediaType(header: string | null | undefined): string | null {
  if (!header) return null;
  const type = header.split(";")[0].trim().toLowerCase();
  const m = /^([a-z]{1,16})\/([a-z0-9!#$&^_.+-]{1,63})$/.exec(type);
  if (!m || !TOP_LEVEL_TYPES.has(m[1]) || /\d\.\d/.test(m[2])) return null;
  return type;
}

const HTML_START = /^<(!doctype\s+html|html|head|body|title|meta|script|style|div|p|a|h1|center|!--)[\s>/]/i;

/**
 * What a body is from its first bytes: `empty` (no bytes at all), `binary` (a NUL or mostly
 * control bytes), `html` (markup opening as a page does), `json` (opens an object or an
 * array), else `text`. `total` is the body's whole size, `head` its first bytes.
 */
export function sniffBodyKind(head: Uint8Array, total: number): BodyKind {
  if (total === 0) return "empty";
  const start = head.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const b of start) {
    if (b === 0) return "binary";
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  if (start.length > 0 && control / start.length > 0.1) return "binary";
  const text = Buffer.from(start).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  if (HTML_START.test(text)) return "html";
  if (text.startsWith("{") || text.startsWith("[")) return "json";
  return "text";
}

/**
 * An answer inside the profile, as the service gives it (for simulated rounds and test
 * records): its first status (`4xx` -> 404), a body of `bytes` capped at the profile's
 * maximum, and its first body kind. Empty without a profile.
 */
export function typicalAnswer(profile: ResponseProfile | undefined, bytes: number): { status?: number; bytes?: number; body_kind?: BodyKind } {
  if (!profile) return {};
  const first = profile.statuses?.[0];
  return {
    ...(first !== undefined ? { status: first.endsWith("xx") ? Number(first[0]) * 100 + 4 : Number(first) } : {}),
    bytes: Math.max(profile.min_bytes ?? 0, Math.min(bytes, profile.max_bytes ?? bytes)),
    ...(profile.body_kinds ? { body_kind: profile.body_kinds[0] } : {}),
  };
}

/** `404` matches itself, `4xx` a whole class. */
const statusMatches = (status: number, pattern: string) =>
  /^\dxx$/.test(pattern) ? Math.floor(status / 100) === Number(pattern[0]) : status === Number(pattern);

/**
 * How a response (a status and no failure) breaks its target's profile: `profile_status`,
 * `profile_size`, `profile_body` or `profile_type`; null when it fits. What the record does
 * not hold (an older probe's body kind or media type) is no evidence either way.
 */
export function profileViolation(http: HttpStage, profile: ResponseProfile | undefined): string | null {
  if (!profile || http.status === null) return null;
  if (profile.statuses && !profile.statuses.some((p) => statusMatches(http.status!, p))) return "profile_status";
  if ((profile.min_bytes !== undefined && http.bytes < profile.min_bytes) || (profile.max_bytes !== undefined && http.bytes > profile.max_bytes)) {
    return "profile_size";
  }
  if (profile.body_kinds && http.body_kind != null && !profile.body_kinds.includes(http.body_kind)) return "profile_body";
  if (profile.content_types && http.content_type != null && !profile.content_types.includes(http.content_type)) return "profile_type";
  return null;
}
