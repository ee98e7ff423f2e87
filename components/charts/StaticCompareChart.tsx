// The comparison chart drawn on the server: the same legend, sizes, lines and dashes as
// its Recharts layer (CompareChart), as plain SVG, so it shows without JavaScript; each
// bucket says its shares in a native tooltip. LiveCompareChart swaps in Recharts on the
// reader's first pointer or touch. Geometry: lib/explorer/chart-layout.ts.
import { shareScale, xPercent, xTicks } from "../../lib/explorer/chart-layout";
import { COMPARE_SIZE, CompareLegend, compareStyle, okShareText, type CompareChartProps } from "./compare-chart-parts";
import { SeriesLine, StaticPanel } from "./StaticPanel";
import { percentTick, plotHeight, tickLabel } from "./view-chart-parts";

const share = (v: string | number | null | undefined) => (typeof v === "number" ? v : null);

export function StaticCompareChart({ rows, series, grain, title, utc }: CompareChartProps) {
  const n = Math.max(1, rows.length);
  const fmt = tickLabel(grain);
  const plot = plotHeight(COMPARE_SIZE);
  const scale = shareScale(plot);
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
          <rect key={String(r.start)} className="sc-nohit" x={xPercent(i, n)} width={xPercent(1, n)} y={0} height={plot}>
            <title>{`${fmt(String(r.start))} ${utc}: ${series.map((s) => `${s.label} ${okShareText(share(r[s.key]))}`).join(" · ")}`}</title>
          </rect>
        ))}
        lines={series.map((s, k) => (
          <SeriesLine key={s.key} values={rows.map((r) => share(r[s.key]))} scale={scale} stroke={compareStyle(k)[0]} dash={compareStyle(k)[1]} />
        ))}
      />
    </div>
  );
}
