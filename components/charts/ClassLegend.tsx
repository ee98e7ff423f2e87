import { CHART_CLASSES } from "../../lib/present/colors";
import { type Lang, translator } from "../../lib/i18n";
import { MIN_RATE_ROUNDS } from "../../lib/explorer/series";
import { classDescription } from "../../lib/present/labels";
import { ClassSwatch } from "./ClassPatterns";

/** The legend of the verdict classes, with their marks and what each means; `few` adds the thin-bucket mark (status strips). */
export function ClassLegend({ lang, few = false }: { lang: Lang; few?: boolean }) {
  return (
    <ul className="legend" data-testid="class-legend">
        {CHART_CLASSES.map((c) => (
          <li key={c}>
            <ClassSwatch cls={c} />
            {classDescription(lang, c)}
          </li>
        ))}
        {few && (
          <li>
            <ClassSwatch cls="unknown" few />
            {translator(lang)("common.tooFew", { min: MIN_RATE_ROUNDS })}
          </li>
        )}
    </ul>
  );
}
