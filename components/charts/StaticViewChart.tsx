// The timeline chart drawn on the server: the same five panels, sizes, colours, marks and
// legends as the interactive Recharts layer (ViewChart), as plain SVG and HTML, so the
// chart is on screen with the page's first bytes and without JavaScript. Each bucket with
// data links to its measurements and says its numbers in a native tooltip; annotations
// are numbered links to their source. LiveViewChart swaps in Recharts on the reader's
// first pointer, touch or focus on the chart. Geometry: lib/explorer/chart-layout.ts.
import type { ReactNode } from "react";
import { bandSpan, bucketCentre, countScale, linePath, logScale, shareScale, stackedColumns, xTicks, type XTick, type YScale } from "../../lib/explorer/chart-layout";
import type { ChartRow } from "../../lib/explorer/series";
import { THROUGHPUT_AXIS, throughputTick } from "../../lib/explorer/throughput";
import { DETECTOR_STATE_CLASS } from "../../lib/present/colors";
import { classFill } from "./ClassPatterns";
import {
  bucketLabel,
  CLASS_KEYS,
  DetectorLegend,
  FEW_OPACITY,
  panelSizes,
  percent,
  percentTick,
  RIGHT_MARGIN,
  STAGE_KEYS,
  StageLegend,
  tickLabel,
  Y_AXIS_WIDTH,
  type PanelSize,
  type ViewChartProps,
} from "./view-chart-parts";

/** x of bucket `i` of `n`, as an SVG percentage (rects and lines take them; paths do not). */
const px = (i: number, n: number) => `${Math.round((i / n) * 1e6) / 1e4}%`;
/** A column's width: one bucket and a hair more, so neighbours never show a seam of background between them. */
const colWidth = (n: number) => `${Math.round((1 / n) * 1e6) / 1e4 + 0.04}%`;

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
  const plot = size.height - size.top - size.axis;
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
function Bands({ spans, n, height, opacity }: { spans: Array<[number, number]>; n: number; height: number; opacity: number }) {
  return (
    <>
      {spans.map(([a, b]) => (
        <rect key={`${a}-${b}`} x={px(a, n)} width={px(b - a + 1, n)} y={0} height={height} fill="var(--event-band)" fillOpacity={opacity} />
      ))}
    </>
  );
}

/** A series' line through its buckets, broken at every gap. */
function SeriesLine({ values, scale, stroke }: { values: Array<number | null>; scale: YScale; stroke: string }) {
  const d = linePath(values, scale);
  return d ? <path d={d} fill="none" stroke={stroke} strokeWidth={2} strokeLinejoin="round" vectorEffect="non-scaling-stroke" /> : null;
}

/** What a bucket's native tooltip says: its time (UTC), then its numbers or "no data". */
function bucketTitle(r: ChartRow, p: ViewChartProps): string {
  const head = bucketLabel(r.start, p.grain, p.labels.utc);
  if (r.total === 0) return `${head}: ${p.labels.noData}`;
  const classes = CLASS_KEYS.map((c) => `${p.labels.classes[c]} ${p.mode === "shares" ? (r.few !== null ? "–" : percent(r[c] ?? 0)) : r[c]}`).join(" · ");
  return `${head}: ${classes}. ${p.labels.probes}: ${r.probes} · ${p.labels.owners}: ${r.owners}. ${p.labels.clickHint}`;
}

export function StaticViewChart(props: ViewChartProps) {
  const { rows, grain, mode, events, markers, labels, bucketHref, height = 280 } = props;
  const n = Math.max(1, rows.length);
  const starts = rows.map((r) => r.start);
  const hasDetector = rows.some((r) => r.detector !== null);
  const size = panelSizes(height, hasDetector);
  const plot = (s: PanelSize) => s.height - s.top - s.axis;
  const ticks = xTicks(starts, tickLabel(grain));
  const spans = events.map((e) => bandSpan(starts, e.from, e.to)).filter((s): s is [number, number] => s !== null);

  const classScale = mode === "shares" ? shareScale(plot(size.classes)) : countScale(Math.max(0, ...rows.map((r) => r.total)), plot(size.classes));
  const classParts = stackedColumns(rows, [...CLASS_KEYS, "unknown", "few"] as const, classScale);
  const placed = markers.map((m) => ({ m, at: bucketCentre(starts, m.at) })).filter((x): x is { m: (typeof markers)[number]; at: number } => x.at !== null);

  const stageScale = shareScale(plot(size.stages));
  const throughputScale = logScale(THROUGHPUT_AXIS.domain, THROUGHPUT_AXIS.ticks, plot(size.throughput));
  const coverageScale = countScale(Math.max(0, ...rows.map((r) => r.owners)), plot(size.coverage), 2);

  return (
    <div className="chart-box" data-testid="view-chart" data-layer="static">
      <StaticPanel
        size={size.classes}
        n={n}
        scale={classScale}
        tick={mode === "shares" ? percentTick : String}
        yTitle={mode === "shares" ? labels.yShares : labels.yCounts}
        ticks={ticks}
        label={labels.title}
        role="group"
        marks={
          <>
            <g shapeRendering="crispEdges">
              {classParts.map((p) => (
                <rect key={`${p.i}-${p.key}`} className="sc-bar" data-class={p.key} x={px(p.i, n)} width={colWidth(n)} y={p.y} height={p.h} fill={classFill(p.key === "few" ? "unknown" : p.key)} fillOpacity={p.key === "few" ? FEW_OPACITY : undefined} />
              ))}
            </g>
            <Bands spans={spans} n={n} height={plot(size.classes)} opacity={0.12} />
            {placed.map(({ m, at }) => (
              <line key={m.n} x1={`${at}%`} x2={`${at}%`} y1={0} y2={plot(size.classes)} stroke="var(--fg)" strokeDasharray="4 3" />
            ))}
            {rows.map((r, i) =>
              r.total > 0 ? (
                <a key={r.start} href={bucketHref.replace("{bucket}", encodeURIComponent(r.start))} tabIndex={-1} className="sc-hit">
                  <title>{bucketTitle(r, props)}</title>
                  <rect x={px(i, n)} width={px(1, n)} y={0} height={plot(size.classes)} />
                </a>
              ) : (
                <rect key={r.start} className="sc-nohit" x={px(i, n)} width={px(1, n)} y={0} height={plot(size.classes)}>
                  <title>{bucketTitle(r, props)}</title>
                </rect>
              ),
            )}
          </>
        }
        overlay={placed.map(({ m, at }) => {
          const text = `${labels.annotation} ${m.n}: ${m.title} (${m.source})`;
          // The annotation and its source show on hover and keyboard focus, with no script.
          const pop = (
            <span className="sc-pop" aria-hidden="true">
              {m.title} ({labels.source}: {m.source})
            </span>
          );
          return m.url ? (
            <a key={m.n} className="sc-marker" style={{ left: `${at}%` }} href={m.url} aria-label={text} data-marker={m.n}>
              {m.n}
              {pop}
            </a>
          ) : (
            <span key={m.n} className="sc-marker" style={{ left: `${at}%` }} tabIndex={0} aria-label={text} role="img" data-marker={m.n}>
              {m.n}
              {pop}
            </span>
          );
        })}
      />
      <p className="small muted" data-testid="rate-rule">{labels.rateRule}</p>
      <div className="annotation-box" data-testid="annotation-box" />

      <h3 className="chart-sub">{labels.stagePanel}</h3>
      <StageLegend labels={labels} />
      <StaticPanel
        size={size.stages}
        n={n}
        scale={stageScale}
        tick={percentTick}
        ticks={ticks}
        label={labels.stagePanel}
        role="img"
        marks={
          <>
            <g shapeRendering="crispEdges">
              {rows.map((r, i) => (r.stageFew !== null ? <rect key={r.start} x={px(i, n)} width={colWidth(n)} y={0} height={plot(size.stages)} fill={classFill("unknown")} fillOpacity={FEW_OPACITY} /> : null))}
            </g>
            <Bands spans={spans} n={n} height={plot(size.stages)} opacity={0.1} />
          </>
        }
        lines={STAGE_KEYS.map((s) => (
          <SeriesLine key={s} values={rows.map((r) => r[s])} scale={stageScale} stroke={`var(--stage-${s})`} />
        ))}
      />

      <h3 className="chart-sub">{labels.throughputPanel}</h3>
      <StaticPanel
        size={size.throughput}
        n={n}
        scale={throughputScale}
        tick={(v) => throughputTick(v, labels.throughput)}
        ticks={ticks}
        label={labels.throughputPanel}
        role="img"
        marks={<Bands spans={spans} n={n} height={plot(size.throughput)} opacity={0.1} />}
        lines={<SeriesLine values={rows.map((r) => r.throughputKbps)} scale={throughputScale} stroke="var(--throughput)" />}
      />

      <h3 className="chart-sub">{labels.coveragePanel}</h3>
      <StaticPanel
        size={size.coverage}
        n={n}
        scale={coverageScale}
        tick={String}
        tickSize={10}
        grid={false}
        ticks={ticks}
        label={labels.coveragePanel}
        role="img"
        marks={
          <g shapeRendering="crispEdges">
            {rows.map((r, i) => (r.owners > 0 ? <rect key={r.start} x={px(i, n)} width={colWidth(n)} y={coverageScale.y(r.owners)} height={plot(size.coverage) - coverageScale.y(r.owners)} fill="var(--muted)" /> : null))}
          </g>
        }
      />

      {hasDetector && (
        <>
          <h3 className="chart-sub">{labels.detectorPanel}</h3>
          <DetectorLegend labels={labels} />
          <StaticPanel
            size={size.detector}
            n={n}
            grid={false}
            ticks={ticks}
            label={labels.detectorPanel}
            role="img"
            testId="detector-strip"
            marks={
              <>
                <g shapeRendering="crispEdges">
                  {rows.map((r, i) =>
                    r.detectorBar !== null ? (
                      <rect key={r.start} className="sc-bar" data-state={r.detector ?? "unknown"} x={px(i, n)} width={colWidth(n)} y={0} height={plot(size.detector)} fill={classFill(DETECTOR_STATE_CLASS[r.detector ?? "unknown"])} />
                    ) : null,
                  )}
                </g>
                <Bands spans={spans} n={n} height={plot(size.detector)} opacity={0.1} />
              </>
            }
          />
        </>
      )}
    </div>
  );
}
