// The /events page's filters (pure): service, cc, asn, technique, status=ongoing|ended,
// from/to (UTC days: events overlapping them). Bad values are named and dropped.
import type { EventQuery } from "../query/events";
import { SERVICES, TECHNIQUES, type Technique } from "../measurement/vocabulary";
import { isUtcDay, type ViewMessage, viewMessage } from "./view";
import type { MessageKey } from "../i18n";

export const EVENT_FILTER_PARAMETERS = ["service", "cc", "asn", "technique", "status", "from", "to", "lang"] as const;
export const EVENTS_PAGE_LIMIT = 200;

export interface EventFilters {
  query: EventQuery;
  technique: Technique | null;
  /** As given, for the form. */
  values: Record<string, string>;
}

export function parseEventFilters(input: Record<string, string | string[] | undefined>): { filters: EventFilters; messages: ViewMessage[] } {
  const messages: ViewMessage[] = [];
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    const value = (Array.isArray(v) ? v[0] : v).trim();
    if (!(EVENT_FILTER_PARAMETERS as readonly string[]).includes(k)) messages.push(viewMessage(k, value, "param.unknown", { name: k }));
    else if (value !== "") values[k] = value;
  }
  const query: EventQuery = { limit: EVENTS_PAGE_LIMIT };
  let technique: Technique | null = null;
  const drop = (k: string, key: MessageKey, params: Record<string, string | number> = {}) => {
    messages.push(viewMessage(k, values[k], key, params));
    delete values[k];
  };
  if (values.service !== undefined) {
    if ((SERVICES as readonly string[]).includes(values.service)) query.service = values.service;
    else drop("service", "param.oneOf", { values: SERVICES.join(", ") });
  }
  if (values.cc !== undefined) {
    if (/^[a-z]{2}$/i.test(values.cc)) query.country = values.cc.toUpperCase();
    else drop("cc", "param.country");
  }
  if (values.asn !== undefined) {
    const m = /^(?:as)?(\d{1,10})$/i.exec(values.asn);
    if (m && Number(m[1]) <= 4_294_967_295) query.asn = Number(m[1]);
    else drop("asn", "param.asn");
  }
  if (values.technique !== undefined) {
    if ((TECHNIQUES as readonly string[]).includes(values.technique)) technique = values.technique as Technique;
    else drop("technique", "param.oneOf", { values: TECHNIQUES.join(", ") });
  }
  if (values.status !== undefined) {
    if (values.status === "ongoing" || values.status === "ended") query.ongoing = values.status === "ongoing";
    else drop("status", "param.status");
  }
  for (const k of ["from", "to"] as const) {
    if (values[k] !== undefined && !isUtcDay(values[k])) drop(k, "param.utcDay");
  }
  if (values.from) query.since = new Date(`${values.from}T00:00:00Z`);
  if (values.to) query.until = new Date(Date.parse(`${values.to}T00:00:00Z`) + 86_400_000);
  if (query.since && query.until && query.since >= query.until) {
    drop("to", "param.toBeforeFrom");
    query.until = undefined;
  }
  return { filters: { query, technique, values }, messages };
}
