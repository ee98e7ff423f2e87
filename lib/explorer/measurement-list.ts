// The measurements behind a chart bucket or an event: `/measurements?cc=ru&service=whatsapp
// [&asn=12389][&source=..][&stage=..]&grain=day&bucket=2026-02-11T00:00:00.000Z`, or
// `?event={id}`, or a custom `from`/`to` (UTC days). The class counts are computed over
// exactly the rows of the chart's bucket, so they add up to it.
import type { AggregationFilters } from "../query/aggregation";
import { STORED_MEASUREMENT_COLUMNS, type StoredMeasurement } from "../query/measurements";
import { SERVICES, SOURCES, STAGES, VERDICT_CLASSES, type StageName, type VerdictClass } from "../measurement/vocabulary";
import type { Store } from "../store/open";
import { filterConditions, SqlParams } from "../store/queries/filters";
import { isUtcDay, type ViewMessage, viewMessage } from "./view";
import type { MessageKey } from "../i18n";

export const MEASUREMENT_LIST_PARAMETERS = ["cc", "service", "asn", "source", "stage", "grain", "bucket", "from", "to", "class", "event", "lang"] as const;
/** Rows listed on one page; the class counts always cover every row. */
export const MEASUREMENT_LIST_LIMIT = 100;

export interface MeasurementListView {
  filters: AggregationFilters;
  stage: StageName | null;
  class: VerdictClass | null;
  eventId: string | null;
  since: Date | null;
  until: Date | null;
  /** The bucket asked for, when the list is one chart bucket. */
  bucket: { start: string; grain: "hour" | "day" } | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function parseMeasurementList(query: Record<string, string | string[] | undefined>): { list: MeasurementListView; messages: ViewMessage[] } {
  const messages: ViewMessage[] = [];
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    const value = (Array.isArray(v) ? v[0] : v).trim();
    if (!(MEASUREMENT_LIST_PARAMETERS as readonly string[]).includes(k)) {
      messages.push(viewMessage(k, value, "param.unknown", { name: k }));
      continue;
    }
    if (value !== "") raw[k] = value;
  }
  const bad = (parameter: string, key: MessageKey, params: Record<string, string | number> = {}) => messages.push(viewMessage(parameter, raw[parameter], key, params));
  const list: MeasurementListView = { filters: {}, stage: null, class: null, eventId: null, since: null, until: null, bucket: null };
  if (raw.cc !== undefined) {
    if (/^[a-z]{2}$/i.test(raw.cc)) list.filters.country = raw.cc.toUpperCase();
    else bad("cc", "param.country");
  }
  if (raw.service !== undefined) {
    if ((SERVICES as readonly string[]).includes(raw.service)) list.filters.service = raw.service;
    else bad("service", "param.oneOf", { values: SERVICES.join(", ") });
  }
  if (raw.asn !== undefined) {
    const m = /^(?:as)?(\d{1,10})$/i.exec(raw.asn);
    if (m && Number(m[1]) <= 4_294_967_295) list.filters.asn = Number(m[1]);
    else bad("asn", "param.asn");
  }
  if (raw.source !== undefined && raw.source !== "all") {
    if ((SOURCES as readonly string[]).includes(raw.source)) list.filters.source = raw.source;
    else bad("source", "param.oneOf", { values: [...SOURCES, "all"].join(", ") });
  }
  if (raw.stage !== undefined) {
    if ((STAGES as readonly string[]).includes(raw.stage)) list.stage = raw.stage as StageName;
    else bad("stage", "param.oneOf", { values: STAGES.join(", ") });
  }
  if (raw.class !== undefined) {
    if ((VERDICT_CLASSES as readonly string[]).includes(raw.class)) list.class = raw.class as VerdictClass;
    else bad("class", "param.oneOf", { values: VERDICT_CLASSES.join(", ") });
  }
  if (raw.event !== undefined) {
    if (/^ev_[0-9a-f]{1,32}$/.test(raw.event)) list.eventId = raw.event;
    else bad("event", "param.event");
  }
  const grain = raw.grain === undefined ? "day" : raw.grain;
  if (grain !== "hour" && grain !== "day") bad("grain", "param.hourOrDay");
  if (raw.bucket !== undefined) {
    const t = Date.parse(raw.bucket);
    const g = grain === "hour" ? "hour" : "day";
    const step = g === "hour" ? HOUR_MS : DAY_MS;
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(raw.bucket) || Number.isNaN(t)) bad("bucket", "param.bucket");
    else if (t % step !== 0) bad("bucket", "param.bucketStart", { grain: g });
    else {
      list.bucket = { start: new Date(t).toISOString(), grain: g };
      list.since = new Date(t);
      list.until = new Date(t + step);
    }
  } else if (raw.from !== undefined || raw.to !== undefined) {
    if (raw.from === undefined || raw.to === undefined || !isUtcDay(raw.from) || !isUtcDay(raw.to) || raw.from > raw.to) {
      bad(raw.from === undefined ? "to" : "from", "param.fromTo");
    } else {
      list.since = new Date(`${raw.from}T00:00:00Z`);
      list.until = new Date(Date.parse(`${raw.to}T00:00:00Z`) + DAY_MS);
    }
  }
  return { list, messages };
}

export interface MeasurementListResult {
  /** Rounds per class over every matching row (not only the listed ones). */
  counts: Record<VerdictClass, number>;
  total: number;
  rows: StoredMeasurement[];
}

/** Reads the list: counts per class over all matches, then the newest rows up to the limit. */
export async function loadMeasurementList(store: Store, list: MeasurementListView, limit = MEASUREMENT_LIST_LIMIT): Promise<MeasurementListResult> {
  const p = new SqlParams();
  const where = filterConditions(list.filters, { timeColumn: "started_at", since: list.since, until: list.until, hasStage: false }, p);
  if (list.stage) where.push(`stage = ${p.add(list.stage)}`);
  if (list.class) where.push(`class = ${p.add(list.class)}`);
  if (list.eventId) {
    where.push(`id = ANY(ARRAY(SELECT unnest(measurement_ids)::uuid FROM events WHERE id = ${p.add(list.eventId)}))`);
  }
  const cond = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const [countRows, rows] = await Promise.all([
    store.prisma.$queryRawUnsafe<{ class: VerdictClass; n: number }[]>(`SELECT class, count(*)::int AS n FROM measurements ${cond} GROUP BY 1`, ...p.values),
    store.prisma.$queryRawUnsafe<StoredMeasurement[]>(
      `SELECT ${STORED_MEASUREMENT_COLUMNS} FROM measurements ${cond} ORDER BY started_at DESC, id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
      ...p.values,
    ),
  ]);
  const counts = Object.fromEntries(VERDICT_CLASSES.map((c) => [c, 0])) as Record<VerdictClass, number>;
  for (const r of countRows) counts[r.class] = r.n;
  return { counts, total: countRows.reduce((n, r) => n + r.n, 0), rows };
}
