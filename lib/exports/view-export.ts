// A view's chart as data (pure): exactly the buckets the chart draws (same scope, source,
// range and grain, gaps included with measurement_count 0), with a header naming source,
// range, grain, generation time and licence, as CSV (through the one CSV writer, so no
// cell can run as a spreadsheet formula) and JSON. The data version is a hash of what is
// shown: a pinned chart carries it, and a citation names it.
import { createHash } from "node:crypto";
import type { ViewData } from "../explorer/view-data";
import { csvDocument, csvRow, type CsvValue } from "../format/csv";

export const DATA_LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); imported OONI data keeps OONI's licence";

export const EXPORT_COLUMNS = [
  "bucket_start",
  "ok_count",
  "anomaly_count",
  "confirmed_count",
  "failure_count",
  "measurement_count",
  "probe_count",
  "owner_count",
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
export type ExportRow = Record<ExportColumn, string | number>;

export function exportRows(data: ViewData): ExportRow[] {
  return data.buckets.map((b) => ({
    bucket_start: b.start,
    ok_count: b.ok,
    anomaly_count: b.anomaly,
    confirmed_count: b.confirmed,
    failure_count: b.failure,
    measurement_count: b.total,
    probe_count: b.probes,
    owner_count: b.owners,
  }));
}

/** 12 hex digits of SHA-256 over the scope, window and rows: equal exactly when the chart shows the same. */
export function dataVersion(data: ViewData): string {
  const v = data.view;
  const key = JSON.stringify([v.cc, v.service, v.asn, v.source, data.window?.since, data.window?.until, data.window?.grain, exportRows(data)]);
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

export interface ExportMeta {
  title: string;
  permalink: string;
  source: string;
  simulated: boolean;
  from: string | null;
  to: string | null;
  grain: string | null;
  generated_at: string;
  data_version: string;
  licence: string;
  times: "UTC";
  columns: Record<ExportColumn, string>;
  annotations: { date: string; title: string; outlet: string }[];
  events: { id: string; started_at: string; ended_at: string | null; technique: string | null }[];
}

const COLUMN_DOCS: Record<ExportColumn, string> = {
  bucket_start: "start of the UTC bucket (ISO 8601)",
  ok_count: "rounds with every component reachable",
  anomaly_count: "rounds blocked, partial or throttled",
  confirmed_count: "rounds blocked with confirmed-grade evidence",
  failure_count: "rounds the probe could not read (inconclusive or error)",
  measurement_count: "all rounds (0: no data, never read as ok)",
  probe_count: "distinct probes reporting",
  owner_count: "distinct probe owners reporting",
};

export function exportMeta(data: ViewData, o: { title: string; permalink: string; source: string; generatedAt: Date }): ExportMeta {
  return {
    title: o.title,
    permalink: o.permalink,
    source: o.source,
    simulated: data.simulated,
    from: data.window?.since.toISOString() ?? null,
    to: data.window?.until.toISOString() ?? null,
    grain: data.window?.grain ?? null,
    generated_at: o.generatedAt.toISOString(),
    data_version: dataVersion(data),
    licence: DATA_LICENCE,
    times: "UTC",
    columns: COLUMN_DOCS,
    annotations: data.annotations.map((a) => ({ date: a.date, title: a.title, outlet: a.outlet })),
    events: data.events.map((e) => ({ id: e.id, started_at: e.started_at.toISOString(), ended_at: e.ended_at?.toISOString() ?? null, technique: e.technique })),
  };
}

/** CSV: "# name,value" header lines (read with comment="#"), a blank line, then the table. */
export function exportCsv(meta: ExportMeta, rows: ExportRow[]): string {
  const head: CsvValue[][] = [
    ["# title", meta.title],
    ["# permalink", meta.permalink],
    ["# source", meta.source],
    ...(meta.simulated ? [["# simulated", "true: demo measurements, not real observations"]] : []),
    ["# range", `${meta.from ?? ""} to ${meta.to ?? ""} (UTC, end exclusive)`],
    ["# grain", meta.grain],
    ["# generated_at", meta.generated_at],
    ["# data_version", meta.data_version],
    ["# licence", meta.licence],
    ...meta.annotations.map((a) => ["# annotation", a.date, a.title, a.outlet]),
    ...meta.events.map((e) => ["# event", e.id, e.started_at, e.ended_at ?? "ongoing", e.technique]),
  ];
  return head.map(csvRow).join("") + "\r\n" + csvDocument(EXPORT_COLUMNS, rows);
}
