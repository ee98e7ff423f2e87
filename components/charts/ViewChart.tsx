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
import { DETECTOR_STATE_CLASS, FEW_OPACITY } from "../../lib/present/colors";
import { THROUGHPUT_AXIS, throughputText, throughputTick, type ThroughputWords } from "../../lib/explorer/throughput";
import { classFill } from "./ClassPatterns";

export interface ChartEventBand {
  id: string;
  /** Bucket starts (ISO) where the band begins and ends (inclusive, clipped to the chart). */
  from: string;
  to: string;
  label: string;
}

export interface ChartMarker {
  n: number;
  /** Bucket start (ISO) the marker sits on. */
  at: string;
  title: string;
  source: string;
  url: string | null;
}

export interface ViewChartLabels {
  title: string;
  classes: Record<"ok" | "anomaly" | "confirmed" | "failure" | "unknown", string>;
  stages: Record<"dns" | "tcp" | "tls" | "http" | "ws" | "throughput", string>;
  yCounts: string;
  yShares: string;
  stagePanel: string;
  throughputPanel: string;
  throughput: ThroughputWords;
  /** "too few rounds for a rate ({n}; ...)": {n} is the bucket's rounds. */
  tooFew: string;
  /** The thin-bucket rule, stated under the chart, and its legend entry ("too few rounds (< 10)"). */
  rateRule: string;
  fewLegend: string;
  coveragePanel: string;
  /** The detector strip: its title, its states' names, and the tooltip's lines. */
  detectorPanel: string;
  detectorStates: Record<"ok" | "anomalous" | "unknown", string>;
  detectorOwners: string;
  detectorNetworks: string;
  detectorEvent: string;
  probes: string;
  owners: string;
  utc: string;
  noData: string;
  clickHint: string;
  annotation: string;
  source: string;
}

const CLASS_KEYS = ["ok", "anomaly", "confirmed", "failure"] as const;
const STAGE_KEYS = ["dns", "tcp", "tls", "http", "ws"] as const;
const SYNC = "view";

function tickFormatter(grain: "hour" | "day") {
  return (iso: string) => (grain === "hour" ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10));
}

function bucketLabel(iso: string, grain: "hour" | "day", utc: string): string {
  return grain === "hour" ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} ${utc}` : `${iso.slice(0, 10)} (${utc})`;
}

interface TipProps {
  active?: boolean;
  label?: string;
  payload?: { payload?: ChartRow }[];
}

export function ViewChart({
  rows,
  grain,
  mode,
  events,
  markers,
  labels,
  bucketHref,
  height = 280,
}: {
  rows: ChartRow[];
  grain: "hour" | "day";
  mode: "counts" | "shares";
  events: ChartEventBand[];
  markers: ChartMarker[];
  labels: ViewChartLabels;
  /** Link to the measurements behind a bucket (`{bucket}` replaced by its start). */
  bucketHref: string;
  height?: number;
}) {
  const router = useRouter();
  const [active, setActive] = useState<number | null>(null);
  const fmt = tickFormatter(grain);
  const pct = (v: number) => `${Math.round(v * 100)} %`;
  const open = (start: string | undefined) => {
    if (start) router.push(bucketHref.replace("{bucket}", encodeURIComponent(start)));
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
          aria-label={`${labels.annotation} ${m.n}: ${m.title} (${m.source})`}
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

  return (
    <div className="chart-box" data-testid="view-chart">
      <div style={{ width: "100%", height }} role="group" aria-label={labels.title}>
        <ResponsiveContainer>
          <BarChart data={rows} syncId={SYNC} margin={{ top: 24, right: 8, bottom: 0, left: 0 }} barCategoryGap={0} onClick={onChartClick} style={{ cursor: "pointer" }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {bands(0.12)}
            {xAxis()}
            <YAxis
              width={52}
              allowDecimals={false}
              tick={{ fontSize: 11 }}
              tickFormatter={mode === "shares" ? (v: number) => `${Math.round(v * 100)}%` : undefined}
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
      <ul className="legend" aria-hidden="true">
        {STAGE_KEYS.map((s) => (
          <li key={s}>
            <svg width="16" height="6">
              <line x1="0" y1="3" x2="16" y2="3" stroke={`var(--stage-${s})`} strokeWidth="3" />
            </svg>
            {labels.stages[s]}
          </li>
        ))}
        <li>
          <svg width="12" height="12">
            <rect width="12" height="12" fill={classFill("unknown")} fillOpacity={FEW_OPACITY} />
          </svg>
          {labels.fewLegend}
        </li>
      </ul>
      <div style={{ width: "100%", height: 150 }} role="img" aria-label={labels.stagePanel}>
        <ResponsiveContainer>
          <ComposedChart data={rows} syncId={SYNC} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} barCategoryGap={0}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {bands(0.1)}
            {xAxis(true)}
            <YAxis width={52} domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 11 }} />
            <Tooltip content={<StageTip />} isAnimationActive={false} />
            <Bar dataKey="stageFew" fill={classFill("unknown")} fillOpacity={FEW_OPACITY} isAnimationActive={false} />
            {STAGE_KEYS.map((s) => (
              <Line key={s} dataKey={s} name={labels.stages[s]} stroke={`var(--stage-${s})`} dot={false} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>

      <h3 className="chart-sub">{labels.throughputPanel}</h3>
      <div style={{ width: "100%", height: 120 }} role="img" aria-label={labels.throughputPanel}>
        <ResponsiveContainer>
          <LineChart data={rows} syncId={SYNC} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {bands(0.1)}
            {xAxis(true)}
            <YAxis width={52} scale="log" domain={[...THROUGHPUT_AXIS.domain]} allowDataOverflow ticks={[...THROUGHPUT_AXIS.ticks]} tickFormatter={(v: number) => throughputTick(v, labels.throughput)} tick={{ fontSize: 11 }} />
            <Tooltip content={<ThroughputTip />} isAnimationActive={false} />
            <Line dataKey="throughputKbps" stroke="var(--throughput)" dot={false} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>

      <h3 className="chart-sub">{labels.coveragePanel}</h3>
      <div style={{ width: "100%", height: hasDetector ? 48 : 70 }} role="img" aria-label={labels.coveragePanel}>
        <ResponsiveContainer>
          <BarChart data={rows} syncId={SYNC} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} barCategoryGap={0}>
            {xAxis(hasDetector)}
            <YAxis width={52} allowDecimals={false} tick={{ fontSize: 10 }} />
            <Tooltip isAnimationActive={false} labelFormatter={(l) => bucketLabel(String(l), grain, labels.utc)} />
            <Bar dataKey="owners" name={labels.owners} fill="var(--muted)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>

      {hasDetector && (
        <>
          <h3 className="chart-sub">{labels.detectorPanel}</h3>
          <ul className="legend" aria-hidden="true">
            {(["ok", "anomalous", "unknown"] as const).map((s) => (
              <li key={s}>
                <svg width="14" height="14">
                  <rect x="0.5" y="0.5" width="13" height="13" rx="2" fill={classFill(DETECTOR_STATE_CLASS[s])} stroke="var(--muted)" strokeWidth="1" />
                </svg>
                {labels.detectorStates[s]}
              </li>
            ))}
          </ul>
          <div style={{ width: "100%", height: 56 }} role="img" aria-label={labels.detectorPanel} data-testid="detector-strip">
            <ResponsiveContainer>
              <BarChart data={rows} syncId={SYNC} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} barCategoryGap={0}>
                {bands(0.1)}
                {xAxis()}
                <YAxis width={52} domain={[0, 1]} tick={false} axisLine={false} />
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
