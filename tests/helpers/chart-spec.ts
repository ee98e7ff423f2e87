// A chart image spec with a gap, an ongoing event and simulated data, for renderer tests.
import type { ChartImageSpec } from "../../lib/chart-image/svg";

const DAY = 86_400_000;

export function sampleSpec(over: Partial<ChartImageSpec> = {}): ChartImageSpec {
  const from = new Date("2026-02-01T00:00:00Z");
  const buckets = Array.from({ length: 14 }, (_, i) => {
    const start = new Date(from.getTime() + i * DAY);
    const empty = i === 5 || i === 6;
    const blocked = i >= 9;
    return {
      start,
      end: new Date(start.getTime() + DAY),
      counts: empty
        ? { ok: 0, anomaly: 0, confirmed: 0, failure: 0 }
        : { ok: blocked ? 3 : 40, anomaly: blocked ? 30 : 2, confirmed: blocked ? 6 : 0, failure: 1 },
    };
  });
  return {
    title: "WhatsApp in Russia <AS12389 & co>",
    subtitle: "1 Feb 2026 to 14 Feb 2026, by day",
    timeNote: "times in UTC",
    yLabel: "measurements per day",
    noDataLabel: "no data",
    range: { from, to: new Date(from.getTime() + 14 * DAY) },
    buckets,
    classes: [
      { key: "ok", label: "ok", color: "#009E73" },
      { key: "anomaly", label: "anomaly", color: "#E69F00" },
      { key: "confirmed", label: "confirmed", color: "#D55E00", mark: "stripes" },
      { key: "failure", label: "failure", color: "#999999", mark: "dots" },
    ],
    events: [{ n: 1, from: new Date(from.getTime() + 9 * DAY), to: null, label: "WhatsApp blocked (tcp), from 10 Feb 2026, ongoing" }],
    source: "Source: Vantage probes, simulated demo data",
    simulatedNote: "Simulated data: not real observations",
    asOf: null,
    brand: "Vantage",
    permalink: "http://127.0.0.1:3000/ru/whatsapp?from=2026-02-01&to=2026-02-15",
    palette: { background: "#ffffff", text: "#1d2430", muted: "#5b6472", grid: "#e3e6ea", eventBand: "rgba(213,94,0,0.12)", eventText: "#8a3b00", noData: "#f1f2f4", warning: "#8a5a00" },
    formatTick: (d) => d.toISOString().slice(5, 10),
    description: "Daily measurement counts by verdict class.",
    width: 1200,
    ...over,
  };
}

