// SVG patterns that mark confirmed (hatched) and failure (dotted) bars and the "no data"
// column (outlined, light), so colour is never the only cue (lib/present/colors.ts
// CLASS_MARKS). Rendered once per chart; fills refer to them by id.
import { CLASS_MARKS, type ChartClass, FEW_OPACITY } from "../../lib/present/colors";

export const patternId = (cls: ChartClass) => `vantage-mark-${cls}`;

/** The fill of a class: its pattern where it has a mark, its colour otherwise. */
export function classFill(cls: ChartClass): string {
  return CLASS_MARKS[cls] === "none" ? `var(--${cls})` : `url(#${patternId(cls)})`;
}

export function ClassPatterns() {
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" style={{ position: "absolute" }}>
      <defs>
        <pattern id={patternId("confirmed")} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="var(--confirmed)" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="var(--bg)" strokeWidth="1.6" strokeOpacity="0.75" />
        </pattern>
        <pattern id={patternId("failure")} width="5" height="5" patternUnits="userSpaceOnUse">
          <rect width="5" height="5" fill="var(--failure)" />
          <circle cx="2.5" cy="2.5" r="1" fill="var(--bg)" fillOpacity="0.8" />
        </pattern>
        <pattern id={patternId("unknown")} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
          <rect width="8" height="8" fill="var(--unknown)" />
          <line x1="0" y1="0" x2="0" y2="8" stroke="var(--muted)" strokeWidth="0.8" strokeOpacity="0.35" />
        </pattern>
      </defs>
    </svg>
  );
}

/** A legend swatch of a class, with the same mark as the bars (`few`: lighter, as a bucket with too few rounds). */
export function ClassSwatch({ cls, few = false }: { cls: ChartClass; few?: boolean }) {
  return (
    <svg width="14" height="14" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="13" height="13" rx="2" fill={classFill(cls)} fillOpacity={few ? FEW_OPACITY : undefined} stroke="var(--muted)" strokeWidth="1" />
    </svg>
  );
}
