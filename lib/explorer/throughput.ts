// Throughput as the reader sees it (pure, no i18n import so the client chart can use it).
// Stored and plotted values are kbit/s everywhere (lib/ingest/rows.ts transferKbps: bytes * 8
// / ms); the chart's axis is bit/s with SI prefixes, so a tick of 1 000 kbit/s reads "1 M"
// under a "bit/s" axis title, and every figure shown as text carries its own unit
// ("4.2 Mbit/s", "130 kbit/s"). The words come from lib/i18n (throughputWords).

export interface ThroughputWords {
  /** SI prefixes as written in the language ("k"/"M", "к"/"М"). */
  kilo: string;
  mega: string;
  /** "bit/s" / "бит/с". */
  unit: string;
  /** Decimal separator. */
  decimal: string;
}

/** Where the log-scale axis puts its ticks and what it spans, in kbit/s. */
export const THROUGHPUT_AXIS = { ticks: [100, 1_000, 10_000], domain: [50, 50_000] } as const;

function number(n: number, decimal: string): string {
  const text = n < 10 ? String(Math.round(n * 10) / 10) : String(Math.round(n));
  return text.replace(".", decimal);
}

/** An axis tick: the value in bit/s with its SI prefix, unit left to the axis title ("100 k", "1 M"). */
export function throughputTick(kbps: number, w: ThroughputWords): string {
  return kbps >= 1_000 ? `${number(kbps / 1_000, w.decimal)} ${w.mega}` : `${number(kbps, w.decimal)} ${w.kilo}`;
}

/** A figure with its unit ("4.2 Mbit/s", "130 kbit/s", "4,2 Мбит/с"). */
export function throughputText(kbps: number, w: ThroughputWords): string {
  return `${throughputTick(kbps, w).replace(" ", "\u00a0")}${w.unit}`;
}
