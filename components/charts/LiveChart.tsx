"use client";
// The interactive layer of a chart the server has already drawn (StaticViewChart,
// StaticCompareChart). Recharts and its dependencies are about 136 KB of gzipped
// JavaScript, more than React and Next together, so a page ships without them and loads
// them on the reader's first pointer or touch on the chart: tooltips, the shared cursor
// and marker popovers follow. The static chart stays until Recharts has drawn (hidden,
// at the same size, over it), so the page never blanks or moves. Keyboard readers keep
// the static chart, whose buckets and markers are links, and the table view.
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from "react";
import type { CompareChartProps } from "./compare-chart-parts";
import type { ViewChartProps } from "./view-chart-parts";

const ViewChart = lazy(() => import("./ViewChart").then((m) => ({ default: m.ViewChart })));
const CompareChart = lazy(() => import("./CompareChart").then((m) => ({ default: m.CompareChart })));

/** Frames to wait after Recharts' first surface appears: its axes and marks follow within two. */
const SETTLE_FRAMES = 2;
/** Give up waiting for a surface after this many frames (about 5 s) and show what there is. */
const MAX_FRAMES = 300;

function Swap({ children, live }: { children: ReactNode; live: ReactNode }) {
  const [wanted, setWanted] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!wanted || drawn) return;
    let frame = 0;
    let settled = 0;
    let id = 0;
    const check = () => {
      if (box.current?.querySelector(".recharts-surface")) settled++;
      if (settled > SETTLE_FRAMES || ++frame > MAX_FRAMES) setDrawn(true);
      else id = requestAnimationFrame(check);
    };
    id = requestAnimationFrame(check);
    return () => cancelAnimationFrame(id);
  }, [wanted, drawn]);
  const want = () => setWanted(true);
  return (
    <div className="live-chart" onPointerEnter={want} onPointerDown={want} onTouchStart={want} data-live={drawn ? "drawn" : wanted ? "loading" : "static"}>
      {!drawn && children}
      {wanted && (
        <div ref={box} className={drawn ? undefined : "live-pending"} aria-hidden={drawn ? undefined : true}>
          <Suspense fallback={null}>{live}</Suspense>
        </div>
      )}
    </div>
  );
}

export function LiveViewChart({ children, ...props }: ViewChartProps & { children: ReactNode }) {
  return <Swap live={<ViewChart {...props} />}>{children}</Swap>;
}

export function LiveCompareChart({ children, ...props }: CompareChartProps & { children: ReactNode }) {
  return <Swap live={<CompareChart {...props} />}>{children}</Swap>;
}
