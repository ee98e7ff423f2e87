// The df-000 envelope of an OONI measurement and the OONI API's measurement-meta wrapper
// around it: probe, times, ids, and OONI's own judgement. Pure functions, no I/O.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** OONI's own verdict on a measurement (the API's anomaly / confirmed / failure flags). */
export interface OoniJudgement {
  anomaly: boolean | null;
  confirmed: boolean | null;
  failure: boolean | null;
}

/** A raw measurement, and the measurement-meta fields around it when it came wrapped. */
export interface UnwrappedMeasurement {
  measurement: JsonObject;
  /** Present only for the measurement-meta form. */
  meta: { judgement: OoniJudgement; measurement_uid: string | null } | null;
}

export class OoniFormatError extends Error {}

const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);
const nonEmpty = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

/**
 * Accepts a bare measurement (data format 0.2.0) or a measurement-meta API response, whose
 * `raw_measurement` holds the measurement as a JSON string (or, in some exports, an object).
 */
export function unwrapMeasurement(value: unknown): UnwrappedMeasurement {
  if (!isObject(value)) throw new OoniFormatError("not a JSON object");
  if (!("raw_measurement" in value)) return { measurement: value, meta: null };
  let raw: unknown = value.raw_measurement;
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw new OoniFormatError("raw_measurement is not valid JSON");
    }
  }
  if (!isObject(raw)) throw new OoniFormatError("raw_measurement is missing or not a measurement object");
  return {
    measurement: raw,
    meta: {
      judgement: { anomaly: bool(value.anomaly), confirmed: bool(value.confirmed), failure: bool(value.failure) },
      measurement_uid: nonEmpty(value.measurement_uid),
    },
  };
}

/** "AS1234" (or a bare number, as the API gives it) -> 1234; null when unreadable. */
export function parseAsn(value: unknown): number | null {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 4_294_967_295) return value;
  if (typeof value !== "string") return null;
  const m = /^(?:AS)?(\d{1,10})$/i.exec(value.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n <= 4_294_967_295 ? n : null;
}

/**
 * measurement_start_time is "YYYY-MM-DD HH:MM:SS" in UTC (df-000); the API also returns
 * ISO forms ("...T...Z"). Returns an ISO-8601 UTC timestamp, or null when unreadable.
 */
export function parseStartTime(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const offset = !zone || zone === "Z" ? "Z" : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac ?? ""}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  // Reject rolled-over dates such as 2024-02-31.
  if (offset === "Z" && (date.getUTCDate() !== Number(d) || date.getUTCMonth() + 1 !== Number(mo))) return null;
  return date.toISOString().replace(".000Z", "Z");
}

/** Country code as OONI reports it; "ZZ" is OONI's hidden country and is kept as such. */
export function parseCountry(value: unknown): string | null {
  return typeof value === "string" && /^[A-Z]{2}$/.test(value.trim()) ? value.trim() : null;
}

/** OONI's placeholder for a country it could not or would not tell (hidden by the user). */
export const HIDDEN_COUNTRY = "ZZ";
/** OONI's placeholder network. */
export const HIDDEN_ASN = 0;

/** True when the country or network is OONI's hidden placeholder: keep out of per-country/per-network views. */
export function isHiddenLocation(probe: { cc: string; asn: number }): boolean {
  return probe.cc === HIDDEN_COUNTRY || probe.asn === HIDDEN_ASN;
}

/** Link to the measurement on OONI Explorer; null when the measurement has no id to link by. */
export function explorerUrl(ooni: { measurement_uid: string | null; report_id?: string | null; input?: string | null }): string | null {
  if (ooni.measurement_uid) return `https://explorer.ooni.org/m/${encodeURIComponent(ooni.measurement_uid)}`;
  if (ooni.report_id) {
    const query = ooni.input ? `?input=${encodeURIComponent(ooni.input)}` : "";
    return `https://explorer.ooni.org/measurement/${encodeURIComponent(ooni.report_id)}${query}`;
  }
  return null;
}
