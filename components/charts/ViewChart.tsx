"use client";
// The timeline view's chart: verdict classes per bucket (counts or shares, "no data" drawn
// as a labelled grey column, never as ok), and aligned below it on the same time axis the
// share of rounds failing at each stage, the median throughput and the coverage (probes
// and owners per bucket). Events are shaded bands on every panel; annotations are numbered
// markers whose text and source show on hover, focus and tap. A click on a bucket opens
// the measurements behind it. Colours are the CSS variables of lib/present/colors.ts.
import { useRouter } from "next/navigation";
import { type ReactNode, useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ChartRow } from "../../lib/explorer/series";
import { DETECTOR_STATE_CLASS } from "../../lib/present/colors";
import { THROUGHPUT_AXIS, throughputText, throughputTick } from "../../lib/explorer/throughput";
import { classFill } from "./ClassPatterns";
import {
  bucketLabel,
  bucketLink,
  CLASS_KEYS,
  CLASS_PANEL_HEIGHT,
  DetectorLegend,
  FEW_OPACITY,
  markerText,
  panelSizes,
  percent,
  percentTick,
  RIGHT_MARGIN,
  STAGE_KEYS,
  StageLegend,
  tickLabel,
  Y_AXIS_WIDTH,
  type ChartMarker,
  type ViewChartProps,
} from "./view-chart-parts";

export type { ChartEventBand, ChartMarker, ViewChartLabels } from "./view-chart-parts";

/** Panels share one cursor and tooltip position. */
const SYNC = "view";

interface TipProps {
  active?: boolean;
  label?: string;
  payload?: { payload?: ChartRow }[];
}

export function ViewChart({ rows, grain, mode, events, markers, labels, bucketHref, height = CLASS_PANEL_HEIGHT }: ViewChartProps) {
  const router = useRouter();
  const [active, setActive] = useState<number | null>(null);
  const fmt = tickLabel(grain);
  const pct = percent;
  const open = (start: string | undefined) => {
    if (start) router.push(bucketLink(bucketHref, start));
  };
  const onChartClick = (state: unknown) => {
    // Recharts 3 gives the category (the bucket start) and its index, not the payload.
    const s = state as { activeLabel?: string | number; activeIndex?: string | number | null } | null;
    const row = rows.find((r) => r.start === s?.activeLabel) ?? (s?.activeIndex != null ? rows[Number(s.activeIndex)] : undefined);
    if (row && row.total > 0) open(row.start);
  };

  /** A tooltip of one bucket: its time (UTC), then "no data" or what `body` says of it. */
  const tip = (body: (r: ChartRow) => ReactNode, hasData: (r: ChartRow) => boolean = (r) => r.total > 0) =>
    function Tip({ active: on, payload }: TipProps) {
      const r = on ? payload?.[0]?.payload : undefined;
      if (!r) return null;
      return (
        <div className="tip">
          <strong>{bucketLabel(r.start, grain, labels.utc)}</strong>
          {hasData(r) ? body(r) : <div>{labels.noData}</div>}
        </div>
      );
    };
  const tooFew = (r: ChartRow) => <div>{labels.tooFew.replace("{n}", String(r.total))}</div>;
  const ClassTip = tip((r) => (
    <>
      {mode === "shares" && r.few !== null ? tooFew(r) : CLASS_KEYS.map((c) => (
        <div key={c}>
          {labels.classes[c]}: {mode === "shares" ? pct(r[c] ?? 0) : r[c]}
        </div>
      ))}
      <div>
        {labels.probes}: {r.probes} · {labels.owners}: {r.owners}
      </div>
      <div className="muted">{labels.clickHint}</div>
    </>
  ));
  const StageTip = tip((r) =>
    r.stageFew !== null
      ? tooFew(r)
      : STAGE_KEYS.map((s) => (
          <div key={s}>
            {labels.stages[s]}: {pct(r[s] ?? 0)}
          </div>
        )),
  );
  const fill = (text: string, values: Record<string, string | number>) => Object.entries(values).reduce((t, [k, v]) => t.split(`{${k}}`).join(String(v)), text);
  const DetectorTip = tip(
    (r) => {
      const c = r.detectorCell!;
      return (
        <>
          <div>{labels.detectorStates[c.state]}</div>
          {c.quorum > 0 && (
            <div>
              {fill(c.unit === "owners" ? labels.detectorOwners : labels.detectorNetworks, { anomalous: c.anomalous, quorum: c.quorum, owners: c.reporting })}
            </div>
          )}
          {c.eventIds.map((id) => (
            <div key={id}>{fill(labels.detectorEvent, { id })}</div>
          ))}
        </>
      );
    },
    (r) => r.detectorCell !== null,
  );
  const hasDetector = rows.some((r) => r.detector !== null);
  const ThroughputTip = tip(
    (r) => <div>{throughputText(r.throughputKbps ?? 0, labels.throughput)}</div>,
    (r) => r.throughputKbps !== null,
  );

  const bands = (opacity: number) =>
    events.map((e) => (
      <ReferenceArea key={e.id} x1={e.from} x2={e.to} fill="var(--event-band)" fillOpacity={opacity} stroke="none" ifOverflow="hidden" />
    ));
  const xAxis = (hide = false) => (
    <XAxis dataKey="start" tickFormatter={fmt} minTickGap={48} tick={{ fontSize: 11 }} hide={hide} height={hide ? 0 : 28} />
  );
  const activeMarker = markers.find((m) => m.n === active) ?? null;

  const MarkerLabel = (m: ChartMarker) =>
    function Label(props: { viewBox?: { x?: number; y?: number } }) {
      const x = props.viewBox?.x ?? 0;
      return (
        <g
          transform={`translate(${x},10)`}
          tabIndex={0}
          role="button"
          aria-label={markerText(m, labels)}
          onMouseEnter={() => setActive(m.n)}
          onFocus={() => setActive(m.n)}
          onClick={() => setActive(m.n)}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === " ") setActive(m.n);
          }}
          style={{ cursor: "pointer" }}
          data-marker={m.n}
        >
          <title>{`${m.title} (${m.source})`}</title>
          <circle r={9} fill="var(--bg)" stroke="var(--fg)" strokeWidth={1.5} />
          <text textAnchor="middle" dy={4} fontSize={11} style={{ fill: "var(--fg)" }}>
            {m.n}
          </text>
        </g>
      );
    };

  const size = panelSizes(height, hasDetector);
  const margin = (top: number) => ({ top, right: RIGHT_MARGIN, bottom: 0, left: 0 });
  return (
    <div className="chart-box" data-testid="view-chart" data-layer="interactive">
      <div style={{ width: "100%", height: size.classes.height }} role="group" aria-label={labels.title}>
        <ResponsiveContainer>
          <BarChart data={rows} syncId={SYNC} margin={margin(size.classes.top)} barCategoryGap={0} onClick={onChartClick} style={{ cursor: "pointer" }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {bands(0.12)}
            {xAxis()}
            <YAxis
              width={Y_AXIS_WIDTH}
              allowDecimals={false}
              tick={{ fontSize: 11 }}
              tickFormatter={mode === "shares" ? percentTick : undefined}
              domain={mode === "shares" ? [0, 1] : [0, "auto"]}
              label={{ value: mode === "shares" ? labels.yShares : labels.yCounts, angle: -90, position: "insideLeft", fontSize: 11, dy: 40 }}
            />
            <Tooltip content={<ClassTip />} isAnimationActive={false} cursor={{ fill: "var(--grid)", fillOpacity: 0.4 }} />
            {CLASS_KEYS.map((c) => (
              <Bar key={c} dataKey={c} name={labels.classes[c]} stackId="classes" fill={classFill(c)} isAnimationActive={false} />
            ))}
            <Bar dataKey="unknown" name={labels.classes.unknown} stackId="classes" fill={classFill("unknown")} isAnimationActive={false} />
            <Bar dataKey="few" stackId="classes" fill={classFill("unknown")} fillOpacity={FEW_OPACITY} isAnimationActive={false} />
            {markers.map((m) => (
              <ReferenceLine key={m.n} x={m.at} stroke="var(--fg)" strokeDasharray="4 3" label={MarkerLabel(m)} ifOverflow="hidden" />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="small muted" data-testid="rate-rule">{labels.rateRule}</p>
      <div className="annotation-box" aria-live="polite" data-testid="annotation-box">
        {activeMarker && (
          <p className="small">
            <strong>
              {activeMarker.n}. {activeMarker.title}
            </strong>{" "}
            ({labels.source}:{" "}
            {activeMarker.url ? <a href={activeMarker.url}>{activeMarker.source}</a> : activeMarker.source})
          </p>
        )}
      </div>

      <h3 className="chart-sub">{labels.stagePanel}</h3>
      <StageLegend labels={labels} />
      <div style={{ width: "100%", height: size.stages.height }} role="img" aria-label={labels.stagePanel}>
        <ResponsiveContainer>
          <ComposedChart data={rows} syncId={SYNC} margin={margin(size.stages.top)} barCategoryGap={0}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {bands(0.1)}
            {xAxis(true)}
            <YAxis width={Y_AXIS_WIDTH} domain={[0, 1]} tickFormatter={percentTick} tick={{ fontSize: 11 }} />
            <Tooltip content={<StageTip />} isAnimationActive={false} />
            <Bar dataKey="stageFew" fill={classFill("unknown")} fillOpacity={FEW_OPACITY} isAnimationActive={false} />
            {STAGE_KEYS.map((s) => (
              <Line key={s} dataKey={s} name={labels.stages[s]} stroke={`var(--stage-${s})`} dot={false} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>

      <h3 className="chart-sub">{labels.throughputPanel}</h3>
      <div style={{ width: "100%", height: size.throughput.height }} role="img" aria-label={labels.throughputPanel}>
        <ResponsiveContainer>
          <LineChart data={rows} syncId={SYNC} margin={margin(size.throughput.top)}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {bands(0.1)}
            {xAxis(true)}
            <YAxis width={Y_AXIS_WIDTH} scale="log" domain={[...THROUGHPUT_AXIS.domain]} allowDataOverflow ticks={[...THROUGHPUT_AXIS.ticks]} tickFormatter={(v: number) => throughputTick(v, labels.throughput)} tick={{ fontSize: 11 }} />
            <Tooltip content={<ThroughputTip />} isAnimationActive={false} />
            <Line dataKey="throughputKbps" stroke="var(--throughput)" dot={false} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>

      <h3 className="chart-sub">{labels.coveragePanel}</h3>
      <div style={{ width: "100%", height: size.coverage.height }} role="img" aria-label={labels.coveragePanel}>
        <ResponsiveContainer>
          <BarChart data={rows} syncId={SYNC} margin={margin(size.coverage.top)} barCategoryGap={0}>
            {xAxis(hasDetector)}
            <YAxis width={Y_AXIS_WIDTH} allowDecimals={false} tick={{ fontSize: 10 }} />
            <Tooltip isAnimationActive={false} labelFormatter={(l) => bucketLabel(String(l), grain, labels.utc)} />
            <Bar dataKey="owners" name={labels.owners} fill="var(--muted)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>

      {hasDetector && (
        <>
          <h3 className="chart-sub">{labels.detectorPanel}</h3>
          <DetectorLegend labels={labels} />
          <div style={{ width: "100%", height: size.detector.height }} role="img" aria-label={labels.detectorPanel} data-testid="detector-strip">
            <ResponsiveContainer>
              <BarChart data={rows} syncId={SYNC} margin={margin(size.detector.top)} barCategoryGap={0}>
                {bands(0.1)}
                {xAxis()}
                <YAxis width={Y_AXIS_WIDTH} domain={[0, 1]} tick={false} axisLine={false} />
                <Tooltip content={<DetectorTip />} isAnimationActive={false} cursor={{ fill: "var(--grid)", fillOpacity: 0.4 }} />
                <Bar dataKey="detectorBar" name={labels.detectorPanel} isAnimationActive={false}>
                  {rows.map((r) => (
                    <Cell key={r.start} fill={classFill(DETECTOR_STATE_CLASS[r.detector ?? "unknown"])} data-state={r.detector ?? "unknown"} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </div>
  );
}
