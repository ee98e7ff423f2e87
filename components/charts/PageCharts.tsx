// The charts as pages place them: drawn on the server (Static*), made interactive with
// Recharts on the reader's first touch (LiveChart). Pages import these, never the layers.
import { LiveCompareChart, LiveViewChart } from "./LiveChart";
import { StaticCompareChart } from "./StaticCompareChart";
import { StaticViewChart } from "./StaticViewChart";
import type { CompareChartProps } from "./compare-chart-parts";
import type { ViewChartProps } from "./view-chart-parts";

export function TimelineChart(props: ViewChartProps) {
  return (
    <LiveViewChart {...props}>
      <StaticViewChart {...props} />
    </LiveViewChart>
  );
}

export function ComparisonChart(props: CompareChartProps) {
  return (
    <LiveCompareChart {...props}>
      <StaticCompareChart {...props} />
    </LiveCompareChart>
  );
}
