"use client";
// Several series of the share of ok rounds on one time axis (the comparison view), the
// interactive layer over StaticCompareChart. Each line has its own colour and dash, so
// series are told apart without colour too; no data is a gap, never interpolated.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { COMPARE_SIZE, CompareLegend, compareStyle, okShareText, type CompareChartProps } from "./compare-chart-parts";
import { percentTick, RIGHT_MARGIN, tickLabel, Y_AXIS_WIDTH } from "./view-chart-parts";

export function CompareChart({ rows, series, grain, title, utc }: CompareChartProps) {
  const fmt = tickLabel(grain);
  return (
    <div className="chart-box" data-testid="compare-chart" data-layer="interactive">
      <CompareLegend series={series} />
      <div style={{ width: "100%", height: COMPARE_SIZE.height }} role="img" aria-label={title}>
        <ResponsiveContainer>
          <LineChart data={rows} margin={{ top: COMPARE_SIZE.top, right: RIGHT_MARGIN, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="start" tickFormatter={fmt} minTickGap={48} tick={{ fontSize: 11 }} height={COMPARE_SIZE.axis} />
            <YAxis width={Y_AXIS_WIDTH} domain={[0, 1]} tickFormatter={percentTick} tick={{ fontSize: 11 }} />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(l) => `${fmt(String(l))} ${utc}`}
              formatter={okShareText}
              contentStyle={{ background: "var(--bg)", border: "1px solid var(--grid)", color: "var(--fg)" }}
            />
            {series.map((s, i) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={compareStyle(i)[0]} strokeDasharray={compareStyle(i)[1]} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
