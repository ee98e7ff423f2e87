// What the server-drawn comparison chart and its Recharts layer share: the series' styles
// (a colour and a dash each, so lines are told apart without colour too), the legend and
// the sizes. No hooks: usable on both sides.
import type { PanelSize } from "./view-chart-parts";

export interface CompareChartProps {
  /** One row per bucket: `start` and each series' share of ok rounds (null: no data or too few rounds). */
  rows: Record<string, string | number | null>[];
  series: { key: string; label: string }[];
  grain: "hour" | "day";
  title: string;
  utc: string;
}

export const COMPARE_STYLES = [
  ["var(--stage-dns)", ""],
  ["var(--stage-tls)", "6 3"],
  ["var(--stage-tcp)", "2 2"],
  ["var(--stage-http)", "8 3 2 3"],
  ["var(--stage-ws)", "4 4"],
  ["var(--throughput)", "1 3"],
] as const;

export const compareStyle = (k: number) => COMPARE_STYLES[k % COMPARE_STYLES.length];

/** A series' value in a tooltip: "83 % ok", or "no data". */
export const okShareText = (v: unknown) => (typeof v === "number" ? `${Math.round(v * 100)} % ok` : "no data");

export const COMPARE_SIZE: PanelSize = { height: 300, top: 8, axis: 30 };

export function CompareLegend({ series }: { series: CompareChartProps["series"] }) {
  return (
    <ul className="legend" aria-hidden="true">
      {series.map((s, k) => (
        <li key={s.key}>
          <svg width="24" height="6">
            <line x1="0" y1="3" x2="24" y2="3" stroke={compareStyle(k)[0]} strokeDasharray={compareStyle(k)[1]} strokeWidth="2" />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}
