// The timeline chart drawn on the server: the same five panels, sizes, colours, marks and
// legends as the interactive Recharts layer (ViewChart), as plain SVG and HTML, so the
// chart is on screen with the page's first bytes and without JavaScript. Each bucket with
// data links to its measurements and says its numbers in a native tooltip; annotations
// are numbered links to their source, with their text on hover and focus. LiveViewChart
// swaps in Recharts on the reader's first pointer or touch on the chart.
import { bandSpan, bucketCentre, countScale, logScale, shareScale, stackedColumns, xPercent, xTicks } from "../../lib/explorer/chart-layout";
import type { ChartRow } from "../../lib/explorer/series";
import { THROUGHPUT_AXIS, throughputTick } from "../../lib/explorer/throughput";
import { DETECTOR_STATE_CLASS } from "../../lib/present/colors";
import { classFill } from "./ClassPatterns";
import { Bands, column, SeriesLine, StaticPanel } from "./StaticPanel";
import {
  bucketLabel,
  bucketLink,
  CLASS_KEYS,
  CLASS_PANEL_HEIGHT,
  DetectorLegend,
  FEW_OPACITY,
  markerText,
  panelSizes,
  plotHeight,
  percent,
  percentTick,
  STAGE_KEYS,
  StageLegend,
  tickLabel,
  type ViewChartProps,
} from "./view-chart-parts";

/** What a bucket's native tooltip says: its time (UTC), then its numbers or "no data". */
function bucketTitle(r: ChartRow, p: ViewChartProps): string {
  const head = bucketLabel(r.start, p.grain, p.labels.utc);
  if (r.total === 0) return `${head}: ${p.labels.noData}`;
  const classes = CLASS_KEYS.map((c) => `${p.labels.classes[c]} ${p.mode === "shares" ? (r.few !== null ? "–" : percent(r[c] ?? 0)) : r[c]}`).join(" · ");
  return `${head}: ${classes}. ${p.labels.probes}: ${r.probes} · ${p.labels.owners}: ${r.owners}. ${p.labels.clickHint}`;
}

export function StaticViewChart(props: ViewChartProps) {
  const { rows, grain, mode, events, markers, labels, bucketHref, height = CLASS_PANEL_HEIGHT } = props;
  const n = Math.max(1, rows.length);
  const starts = rows.map((r) => r.start);
  const hasDetector = rows.some((r) => r.detector !== null);
  const size = panelSizes(height, hasDetector);
  const plot = plotHeight;
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
                <rect key={`${p.i}-${p.key}`} className="sc-bar" data-class={p.key} {...column(p.i, n)} y={p.y} height={p.h} fill={classFill(p.key === "few" ? "unknown" : p.key)} fillOpacity={p.key === "few" ? FEW_OPACITY : undefined} />
              ))}
            </g>
            <Bands spans={spans} n={n} height={plot(size.classes)} opacity={0.12} />
            {placed.map(({ m, at }) => (
              <line key={m.n} x1={`${at}%`} x2={`${at}%`} y1={0} y2={plot(size.classes)} stroke="var(--fg)" strokeDasharray="4 3" />
            ))}
            {rows.map((r, i) =>
              r.total > 0 ? (
                <a key={r.start} href={bucketLink(bucketHref, r.start)} tabIndex={-1} className="sc-hit">
                  <title>{bucketTitle(r, props)}</title>
                  <rect x={xPercent(i, n)} width={xPercent(1, n)} y={0} height={plot(size.classes)} />
                </a>
              ) : (
                <rect key={r.start} className="sc-nohit" x={xPercent(i, n)} width={xPercent(1, n)} y={0} height={plot(size.classes)}>
                  <title>{bucketTitle(r, props)}</title>
                </rect>
              ),
            )}
          </>
        }
        overlay={placed.map(({ m, at }) => {
          const text = markerText(m, labels);
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
              {rows.map((r, i) => (r.stageFew !== null ? <rect key={r.start} {...column(i, n)} y={0} height={plot(size.stages)} fill={classFill("unknown")} fillOpacity={FEW_OPACITY} /> : null))}
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
            {rows.map((r, i) => (r.owners > 0 ? <rect key={r.start} {...column(i, n)} y={coverageScale.y(r.owners)} height={plot(size.coverage) - coverageScale.y(r.owners)} fill="var(--muted)" /> : null))}
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
                      <rect key={r.start} className="sc-bar" data-state={r.detector ?? "unknown"} {...column(i, n)} y={0} height={plot(size.detector)} fill={classFill(DETECTOR_STATE_CLASS[r.detector ?? "unknown"])} />
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
