// Query-parameter pieces shared by the public API's parsers (pure): OONI's spellings of
// service, country, network and time, with errors that name the parameter.
import { z } from "zod";
import { NETWORK_TYPES, SERVICES, SOURCES } from "../measurement/vocabulary";

/** A UTC instant: "YYYY-MM-DD" (midnight), "YYYY-MM-DDTHH:MM[:SS[.sss]]" (UTC) or with Z/offset. */
export const instantParam = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const parsed = parseInstant(text);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: `expected a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SSZ), got "${text}"` });
      return z.NEVER;
    }
    if (!withinReadInstants(parsed)) {
      ctx.addIssue({ code: "custom", message: `must lie from ${READ_INSTANTS.min.toISOString().slice(0, 10)} to before ${READ_INSTANTS.max.toISOString().slice(0, 10)}` });
      return z.NEVER;
    }
    return parsed;
  });

/**
 * The instants a read may name: wide enough for any question about stored data (which
 * starts no earlier than 2012, lib/measurement/schema), narrow enough that no bound
 * reaches years PostgreSQL or a bucket loop cannot handle (year 0, year 10000).
 */
export const READ_INSTANTS = { min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z") } as const;

export function withinReadInstants(t: Date): boolean {
  const ms = t.getTime();
  return ms >= READ_INSTANTS.min.getTime() && ms < READ_INSTANTS.max.getTime();
}

/** A UUID in its canonical text form (the id of a measurement). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseInstant(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${zone === "Z" ? "Z" : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  // Reject calendar dates JS would roll over (2026-02-31 -> March 3).
  const calendar = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (calendar.getUTCMonth() !== Number(mo) - 1 || calendar.getUTCDate() !== Number(d)) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const serviceParam = z.enum(SERVICES, { error: () => `expected one of ${SERVICES.join(", ")}` });

export const countryParam = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}$/, "expected a two-letter country code such as RU"));

/** "AS1234" or "1234": a 32-bit unsigned AS number (one beyond what is stored simply matches nothing). */
export const asnParam = z
  .string()
  .trim()
  .regex(/^(AS)?\d{1,10}$/i, "expected an AS number such as AS12389 or 12389")
  .transform((v) => Number(v.replace(/^AS/i, "")))
  .pipe(z.number().int().min(0).max(4_294_967_295, "AS numbers end at 4294967295"));

export const networkTypeParam = z.enum(NETWORK_TYPES, { error: () => `expected one of ${NETWORK_TYPES.join(", ")}` });
export const sourceParam = z.enum(SOURCES, { error: () => `expected one of ${SOURCES.join(", ")}` });

/** One problem with one parameter, as the API reports it. */
export interface ParamIssue {
  parameter: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: ParamIssue[] };

/**
 * Reads a URLSearchParams into a plain object for zod: unknown parameters are reported,
 * a repeated parameter is an error (each takes one value), empty values count as absent.
 */
export function searchParamsObject(
  params: URLSearchParams,
  known: readonly string[],
): { values: Record<string, string>; issues: ParamIssue[] } {
  const values: Record<string, string> = {};
  const issues: ParamIssue[] = [];
  for (const [name, value] of params) {
    if (!known.includes(name)) {
      issues.push({ parameter: name, message: known.length > 0 ? `unknown parameter; known: ${known.join(", ")}` : "unknown parameter; this route takes none" });
    } else if (name in values) {
      issues.push({ parameter: name, message: "given more than once; give it once" });
    } else if (value !== "") {
      values[name] = value;
    }
  }
  return { values, issues };
}

export function zodIssues(error: z.ZodError): ParamIssue[] {
  return error.issues.map((i) => ({ parameter: i.path.map(String).join(".") || "(query)", message: i.message }));
}

/** The shared filter parameters, as parsed, in the names the store's queries use. */
export interface ParsedSharedFilters {
  test_name?: string;
  probe_cc?: string;
  probe_asn?: number;
  region?: string;
  network_type?: string;
  source?: string;
}

export function sharedFilters(p: ParsedSharedFilters) {
  return {
    service: p.test_name,
    country: p.probe_cc,
    asn: p.probe_asn,
    region: p.region,
    networkType: p.network_type,
    source: p.source,
  };
}
