import { MIN_RATE_ROUNDS, type StripCell } from "../../lib/explorer/series";
import { type Lang, translator } from "../../lib/i18n";
import { FEW_OPACITY } from "../../lib/present/colors";
import { classFill } from "../charts/ClassPatterns";

/**
 * A compact strip of each bucket's dominant class, with the charts' marks (confirmed
 * hatched, failure dotted, no data hatched grey); a bucket with too few rounds is the
 * no-data mark, lighter, titled with its rounds. Its text alternative is given by the caller. Cells
 * are placed in percent of the strip's width, not in a stretched viewBox, so the marks'
 * patterns keep their shape.
 */
export function StatusStrip({ strip, label, lang }: { strip: StripCell[]; label: string; lang: Lang }) {
  const t = translator(lang);
  const n = Math.max(1, strip.length);
  const few = strip.filter((c) => c.state === "few").length;
  // Cells overlap by 2 % so no seam shows between them.
  const width = `${(102 / n).toFixed(4)}%`;
  return (
    <svg className="strip-svg" role="img" aria-label={few ? `${label}; ${t("strip.fewBuckets", { n: few, min: MIN_RATE_ROUNDS })}` : label} width="100%" height="14">
      {strip.map((c, i) => {
        const x = `${((100 * i) / n).toFixed(4)}%`;
        return c.state === "few" ? (
          <rect key={i} x={x} y={0} width={width} height="100%" fill={classFill("unknown")} fillOpacity={FEW_OPACITY} data-few="">
            <title>{t("strip.few", { n: c.rounds, min: MIN_RATE_ROUNDS })}</title>
          </rect>
        ) : (
          <rect key={i} x={x} y={0} width={width} height="100%" fill={classFill(c.state)} />
        );
      })}
    </svg>
  );
}
