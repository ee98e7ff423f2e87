import { xPercent } from "../../lib/explorer/chart-layout";
import { MIN_RATE_ROUNDS, type StripCell, stripRuns } from "../../lib/explorer/series";
import { type Lang, translator } from "../../lib/i18n";
import { FEW_OPACITY } from "../../lib/present/colors";
import { classFill } from "../charts/ClassPatterns";

/**
 * A compact strip of each bucket's dominant class, with the charts' marks (confirmed
 * hatched, failure dotted, no data hatched grey); a bucket with too few rounds is the
 * no-data mark, lighter, titled with its rounds. Its text alternative is given by the
 * caller. Runs of equal cells are one shape each, placed in percent of the strip's width
 * rather than in a stretched viewBox, so the marks' patterns keep their shape.
 */
export function StatusStrip({ strip, label, lang }: { strip: StripCell[]; label: string; lang: Lang }) {
  const t = translator(lang);
  const n = Math.max(1, strip.length);
  const few = strip.filter((c) => c.state === "few").length;
  return (
    <svg className="strip-svg" role="img" aria-label={few ? `${label}; ${t("strip.fewBuckets", { n: few, min: MIN_RATE_ROUNDS })}` : label} width="100%" height="14">
      {stripRuns(strip).map((r) => {
        // Each shape reaches 2 % of a cell into the next, so no seam shows between them.
        const at = { x: xPercent(r.from, n), width: xPercent(r.length + 0.02, n), y: 0, height: "100%" };
        return r.state === "few" ? (
          <rect key={r.from} {...at} fill={classFill("unknown")} fillOpacity={FEW_OPACITY} data-few={r.length}>
            <title>{t("strip.few", { n: r.rounds, min: MIN_RATE_ROUNDS })}</title>
          </rect>
        ) : (
          <rect key={r.from} {...at} fill={classFill(r.state)} />
        );
      })}
    </svg>
  );
}
