"use client";
// Stacked daily counts of ok / anomaly / confirmed / failure for one service, with the
// curated annotations as numbered vertical markers. Every bar carries its day, class and
// value as data attributes, so what is drawn can be checked against the store.
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DailyCounts } from "../lib/timeline";

export interface ChartAnnotation {
  n: number;
  day: string;
  title: string;
}

const CLASSES = [
  { key: "ok", label: "ok", color: "var(--ok)" },
  { key: "anomaly", label: "anomaly", color: "var(--anomaly)" },
  { key: "confirmed", label: "confirmed", color: "var(--confirmed)" },
  { key: "failure", label: "failure (inconclusive/error)", color: "var(--failure)" },
] as const;

interface BarShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  fill?: string;
  payload?: DailyCounts;
}

function markedBar(cls: (typeof CLASSES)[number]["key"]) {
  return function MarkedBar(props: BarShapeProps) {
    const { x = 0, y = 0, width = 0, height = 0, fill, payload } = props;
    return (
      <rect
        x={x}
        y={y}
        width={Math.max(width, 0)}
        height={Math.max(height, 0)}
        fill={fill}
        data-day={payload?.day}
        data-class={cls}
        data-value={payload ? payload[cls] : undefined}
      />
    );
  };
}

export function TimelineChart({
  service,
  data,
  annotations,
}: {
  service: string;
  data: DailyCounts[];
  annotations: ChartAnnotation[];
}) {
  return (
    <div data-testid={`timeline-${service}`} style={{ width: "100%", height: 280 }}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 18, right: 12, bottom: 0, left: 0 }} barCategoryGap={0}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" minTickGap={40} tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} label={{ value: "measurements / day", angle: -90, position: "insideLeft", fontSize: 11 }} />
          <Tooltip isAnimationActive={false} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {CLASSES.map((c) => (
            <Bar
              key={c.key}
              dataKey={c.key}
              name={c.label}
              stackId="classes"
              fill={c.color}
              isAnimationActive={false}
              shape={markedBar(c.key)}
            />
          ))}
          {annotations.map((a) => (
            <ReferenceLine
              key={a.n}
              x={a.day}
              stroke="#334"
              strokeDasharray="4 2"
              label={{ value: String(a.n), position: "top", fontSize: 11 }}
              ifOverflow="extendDomain"
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
