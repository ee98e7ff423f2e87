"use client";
// Several series of the share of ok rounds on one time axis (the comparison view). Each
// line has its own colour and dash, so series are told apart without colour too; no data
// is a gap, never interpolated.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const STYLES = [
  ["var(--stage-dns)", ""],
  ["var(--stage-tls)", "6 3"],
  ["var(--stage-tcp)", "2 2"],
  ["var(--stage-http)", "8 3 2 3"],
  ["var(--stage-ws)", "4 4"],
  ["var(--throughput)", "1 3"],
] as const;

export function CompareChart({ rows, series, grain, title, utc }: { rows: Record<string, string | number | null>[]; series: { key: string; label: string }[]; grain: "hour" | "day"; title: string; utc: string }) {
  const fmt = (iso: string) => (grain === "hour" ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10));
  return (
    <div style={{ width: "100%", height: 320 }} role="img" aria-label={title} data-testid="compare-chart">
      <ResponsiveContainer>
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="start" tickFormatter={fmt} minTickGap={48} tick={{ fontSize: 11 }} />
          <YAxis width={48} domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 11 }} />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(l) => `${fmt(String(l))} ${utc}`}
            formatter={(v) => (typeof v === "number" ? `${Math.round(v * 100)} % ok` : "no data")}
            contentStyle={{ background: "var(--bg)", border: "1px solid var(--grid)", color: "var(--fg)" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s, i) => (
            <Line key={s.key} dataKey={s.key} name={s.label} stroke={STYLES[i % STYLES.length][0]} strokeDasharray={STYLES[i % STYLES.length][1]} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
