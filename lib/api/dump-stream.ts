// A day's measurements as gzip-compressed JSON lines, streamed page by page so memory
// stays flat whatever the day's size. The page reader is injected (the store query).
import { withinReadInstants } from "./params";
import { measurementDetail } from "./measurement-view";
import { type StoredMeasurement } from "../query/measurements";
import type { ServiceVerdict } from "../measurement/schema";

export type DayRow = StoredMeasurement & { record: unknown; verdict: ServiceVerdict };
export type DayPageReader = (after: { startedAt: string; id: string } | null, limit: number) => Promise<DayRow[]>;

/** "YYYY-MM-DD.jsonl.gz" -> "YYYY-MM-DD", or null. */
export function dumpDay(file: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})\.jsonl\.gz$/.exec(file);
  if (!m) return null;
  const text = `${m[1]}-${m[2]}-${m[3]}`;
  // Parsed from ISO text: Date.UTC would read year 0 as 1900.
  const d = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || !withinReadInstants(d)) return null;
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? text : null;
}

export function dumpLine(row: DayRow): string {
  const { license: _license, ...detail } = measurementDetail(row, row.record, row.verdict);
  return `${JSON.stringify(detail)}\n`;
}

export function jsonLinesGzipStream(read: DayPageReader, pageSize = 500): ReadableStream<Uint8Array> {
  let after: { startedAt: string; id: string } | null = null;
  let done = false;
  const encoder = new TextEncoder();
  const lines = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      const rows = await read(after, pageSize);
      if (rows.length < pageSize) done = true;
      const last = rows.at(-1);
      if (last) after = { startedAt: last.started_at.toISOString(), id: last.id };
      controller.enqueue(encoder.encode(rows.map(dumpLine).join("")));
      if (done) controller.close();
    },
  });
  return lines.pipeThrough(new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>);
}
