// Pure shaping of daily class counts into a gap-free timeline: every day of the range is
// present; a day with no measurement has measurement_count 0 and is drawn as "no data",
// never as ok.

export interface DailyCounts {
  day: string; // YYYY-MM-DD (UTC)
  ok: number;
  anomaly: number;
  confirmed: number;
  failure: number;
  total: number;
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return utcDay(d);
}

/** Fills [from, to] (inclusive, UTC days) with zero rows where the store had none. */
export function fillDays(rows: Array<Omit<DailyCounts, "total">>, from: string, to: string): DailyCounts[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: DailyCounts[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const r = byDay.get(day) ?? { day, ok: 0, anomaly: 0, confirmed: 0, failure: 0 };
    out.push({ ...r, total: r.ok + r.anomaly + r.confirmed + r.failure });
  }
  return out;
}

