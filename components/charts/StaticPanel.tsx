// A panel of a chart drawn on the server (StaticViewChart, StaticCompareChart): value axis,
// plot and time axis on a grid of the pixel sizes the Recharts layer draws to, so the one
// replaces the other in place; and the marks the panels share (event bands, series lines,
// columns). Geometry: lib/explorer/chart-layout.ts.
import type { ReactNode } from "react";
import { columnPercent, linePath, xPercent, type XTick, type YScale } from "../../lib/explorer/chart-layout";
import { plotHeight, RIGHT_MARGIN, Y_AXIS_WIDTH, type PanelSize } from "./view-chart-parts";

/** Where bucket `i` of `n` is drawn as a column: its x and (seamless) width, in percentages of the plot. */
export const column = (i: number, n: number) => ({ x: xPercent(i, n), width: columnPercent(n) });

interface PanelProps {
  size: PanelSize;
  n: number;
  /** The value axis: its scale, tick text and size, and its title (rotated); none for the detector strip. */
  scale?: YScale;
  tick?: (v: number) => string;
  tickSize?: number;
  yTitle?: string;
  grid?: boolean;
  ticks: XTick[];
  /** Rects and lines in pixel rows and percentage columns. */
  marks: ReactNode;
  /** Paths in bucket columns (stretched to the plot; strokes keep their width). */
  lines?: ReactNode;
  /** HTML over the plot's top margin (annotation markers). */
  overlay?: ReactNode;
  label: string;
  role: "img" | "group";
  testId?: string;
}

/** One panel: value axis, plot and time axis on a grid of the same pixel sizes as the Recharts panel. */
export function StaticPanel({ size, n, scale, tick, tickSize = 11, yTitle, grid = true, ticks, marks, lines, overlay, label, role, testId }: PanelProps) {
  const plot = plotHeight(size);
  return (
    <div
      className="sc-panel"
      style={{ height: size.height, gridTemplateColumns: `${Y_AXIS_WIDTH}px minmax(0, 1fr) ${RIGHT_MARGIN}px`, gridTemplateRows: `${size.top}px ${plot}px ${size.axis}px` }}
      role={role}
      aria-label={label}
      data-testid={testId}
    >
      <svg className="sc-y" width={Y_AXIS_WIDTH} height={size.height} aria-hidden="true" focusable="false">
        {scale && tick && (
          <>
            <line x1={Y_AXIS_WIDTH - 0.5} x2={Y_AXIS_WIDTH - 0.5} y1={size.top} y2={size.top + plot} className="sc-axis" />
            {/* A label that would stick out under the panel (0 where no time axis follows) is left out, as Recharts does. */}
            {scale.ticks.filter((v) => size.top + scale.y(v) + tickSize / 2 <= size.height).map((v) => (
              <g key={v}>
                <line x1={Y_AXIS_WIDTH - 6} x2={Y_AXIS_WIDTH} y1={size.top + scale.y(v)} y2={size.top + scale.y(v)} className="sc-axis" />
                <text x={Y_AXIS_WIDTH - 8} y={size.top + scale.y(v)} dy="0.32em" textAnchor="end" fontSize={tickSize}>
                  {tick(v)}
                </text>
              </g>
            ))}
          </>
        )}
        {yTitle && (
          <text transform={`translate(11,${size.top + plot / 2}) rotate(-90)`} textAnchor="middle" fontSize={11}>
            {yTitle}
          </text>
        )}
      </svg>
      <div className="sc-plot">
        <svg width="100%" height={plot} aria-hidden={role === "img" ? "true" : undefined} focusable="false">
          {grid && scale?.ticks.map((v) => <line key={v} x1="0" x2="100%" y1={scale.y(v)} y2={scale.y(v)} className="sc-grid" />)}
          {size.axis > 0 && <line x1="0" x2="100%" y1={plot - 0.5} y2={plot - 0.5} className="sc-axis" />}
          {marks}
          {lines && (
            <svg x="0" y="0" width="100%" height={plot} viewBox={`0 0 ${n} ${plot}`} preserveAspectRatio="none" overflow="visible">
              {lines}
            </svg>
          )}
        </svg>
        {overlay}
      </div>
      {size.axis > 0 && (
        <div className="sc-x" aria-hidden="true">
          {ticks.map((t) => (
            <span key={t.i} className={t.narrow ? undefined : "sc-wide"} style={{ left: `${t.at}%` }}>
              {t.label}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

/** Full-height translucent rects over the buckets of each band, drawn over the columns (as Recharts' reference areas are). */
export function Bands({ spans, n, height, opacity }: { spans: Array<[number, number]>; n: number; height: number; opacity: number }) {
  return (
    <>
      {spans.map(([a, b]) => (
        <rect key={`${a}-${b}`} x={xPercent(a, n)} width={xPercent(b - a + 1, n)} y={0} height={height} fill="var(--event-band)" fillOpacity={opacity} />
      ))}
    </>
  );
}

/** A series' line through its buckets, broken at every gap; `dash` tells series apart without colour. */
export function SeriesLine({ values, scale, stroke, dash }: { values: Array<number | null>; scale: YScale; stroke: string; dash?: string }) {
  const d = linePath(values, scale);
  return d ? <path d={d} fill="none" stroke={stroke} strokeDasharray={dash || undefined} strokeWidth={2} strokeLinejoin="round" vectorEffect="non-scaling-stroke" /> : null;
}
