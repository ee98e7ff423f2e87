// The comparison chart drawn on the server: the same legend, sizes, lines and dashes as
// its Recharts layer (CompareChart), as plain SVG, so it shows without JavaScript; each
// bucket says its shares in a native tooltip. LiveCompareChart swaps in Recharts on the
// reader's first pointer or touch. Geometry: lib/explorer/chart-layout.ts.
import { shareScale, xTicks } from "../../lib/explorer/chart-layout";
import { linePath } from "../../lib/explorer/chart-layout";
import { COMPARE_SIZE, CompareLegend, compareStyle, type CompareChartProps } from "./compare-chart-parts";
import { StaticPanel } from "./StaticViewChart";
import { percentTick, tickLabel } from "./view-chart-parts";

const share = (v: string | number | null | undefined) => (typeof v === "number" ? v : null);

export function StaticCompareChart({ rows, series, grain, title, utc }: CompareChartProps) {
  const n = Math.max(1, rows.length);
  const fmt = tickLabel(grain);
  const plot = COMPARE_SIZE.height - COMPARE_SIZE.top - COMPARE_SIZE.axis;
  const scale = shareScale(plot);
  const at = (i: number) => `${Math.round((i / n) * 1e6) / 1e4}%`;
  return (
    <div className="chart-box" data-testid="compare-chart" data-layer="static">
      <CompareLegend series={series} />
      <StaticPanel
        size={COMPARE_SIZE}
        n={n}
        scale={scale}
        tick={percentTick}
        ticks={xTicks(rows.map((r) => String(r.start)), fmt)}
        label={title}
        role="img"
        marks={rows.map((r, i) => (
          <rect key={String(r.start)} className="sc-nohit" x={at(i)} width={at(1)} y={0} height={plot}>
            <title>{`${fmt(String(r.start))} ${utc}: ${series.map((s) => `${s.label} ${share(r[s.key]) === null ? "–" : `${Math.round(share(r[s.key])! * 100)} % ok`}`).join(" · ")}`}</title>
          </rect>
        ))}
        lines={series.map((s, k) => {
          const d = linePath(rows.map((r) => share(r[s.key])), scale);
          return d ? <path key={s.key} d={d} fill="none" stroke={compareStyle(k)[0]} strokeDasharray={compareStyle(k)[1] || undefined} strokeWidth={2} vectorEffect="non-scaling-stroke" /> : null;
        })}
      />
    </div>
  );
}
