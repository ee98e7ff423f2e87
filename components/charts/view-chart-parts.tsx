// What the server-drawn timeline chart (StaticViewChart) and its interactive Recharts layer
// (ViewChart) share, so the one replaces the other without the page moving: the panels'
// pixel sizes, the legends, the axis and bucket labels. No hooks: usable on both sides.
import type { ChartRow } from "../../lib/explorer/series";
import { DETECTOR_STATE_CLASS, FEW_OPACITY } from "../../lib/present/colors";
import type { ThroughputWords } from "../../lib/explorer/throughput";
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

/** Everything the timeline chart draws, in either layer. */
export interface ViewChartProps {
  rows: ChartRow[];
  grain: "hour" | "day";
  mode: "counts" | "shares";
  events: ChartEventBand[];
  markers: ChartMarker[];
  labels: ViewChartLabels;
  /** Link to the measurements behind a bucket (`{bucket}` replaced by its start). */
  bucketHref: string;
  height?: number;
}

export const CLASS_KEYS = ["ok", "anomaly", "confirmed", "failure"] as const;
export const STAGE_KEYS = ["dns", "tcp", "tls", "http", "ws"] as const;
export const DETECTOR_STATES = ["ok", "anomalous", "unknown"] as const;
export { FEW_OPACITY };
/** Width of every panel's value axis and the plot's right margin, in pixels. */
export const Y_AXIS_WIDTH = 52;
export const RIGHT_MARGIN = 8;

export interface PanelSize {
  /** Whole panel, pixels. */
  height: number;
  /** Space above the plot (the class panel's markers sit there). */
  top: number;
  /** The time axis' labels under the plot; 0 where the panel hides them. */
  axis: number;
}

/** The class panel's height unless a page asks for another. */
export const CLASS_PANEL_HEIGHT = 280;

/** The plot's own height in a panel: without the top margin and the time axis. */
export const plotHeight = (s: PanelSize) => s.height - s.top - s.axis;

/** The pixel sizes of the five panels; the two layers draw to exactly these. */
export function panelSizes(height: number, hasDetector: boolean): Record<"classes" | "stages" | "throughput" | "coverage" | "detector", PanelSize> {
  return {
    classes: { height, top: 24, axis: 28 },
    stages: { height: 150, top: 4, axis: 0 },
    throughput: { height: 120, top: 4, axis: 0 },
    coverage: hasDetector ? { height: 48, top: 4, axis: 0 } : { height: 70, top: 4, axis: 28 },
    detector: { height: 56, top: 4, axis: 28 },
  };
}

export function tickLabel(grain: "hour" | "day"): (iso: string) => string {
  return (iso: string) => (grain === "hour" ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10));
}

export function bucketLabel(iso: string, grain: "hour" | "day", utc: string): string {
  return grain === "hour" ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} ${utc}` : `${iso.slice(0, 10)} (${utc})`;
}

/** The measurements behind a bucket: the view's link with its start filled in. */
export const bucketLink = (bucketHref: string, start: string) => bucketHref.replace("{bucket}", encodeURIComponent(start));

/** What an annotation marker says to a screen reader. */
export const markerText = (m: ChartMarker, labels: ViewChartLabels) => `${labels.annotation} ${m.n}: ${m.title} (${m.source})`;

export const percent = (v: number) => `${Math.round(v * 100)} %`;
export const percentTick = (v: number) => `${Math.round(v * 100)}%`;

export function StageLegend({ labels }: { labels: ViewChartLabels }) {
  return (
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
  );
}

export function DetectorLegend({ labels }: { labels: ViewChartLabels }) {
  return (
    <ul className="legend" aria-hidden="true">
      {DETECTOR_STATES.map((s) => (
        <li key={s}>
          <svg width="14" height="14">
            <rect x="0.5" y="0.5" width="13" height="13" rx="2" fill={classFill(DETECTOR_STATE_CLASS[s])} stroke="var(--muted)" strokeWidth="1" />
          </svg>
          {labels.detectorStates[s]}
        </li>
      ))}
    </ul>
  );
}
