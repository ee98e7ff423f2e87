import type { VerdictClass } from "../../lib/measurement/vocabulary";

/** A compact strip of dominant classes per bucket; its text alternative is given by the caller. */
export function StatusStrip({ strip, label }: { strip: (VerdictClass | "unknown")[]; label: string }) {
  return (
    <svg className="strip-svg" role="img" aria-label={label} viewBox={`0 0 ${strip.length} 1`} preserveAspectRatio="none" width="100%" height="14">
      {strip.map((c, i) => (
        <rect key={i} x={i} y={0} width={1.02} height={1} fill={`var(--${c})`} />
      ))}
    </svg>
  );
}
