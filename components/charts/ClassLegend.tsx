import { CHART_CLASSES } from "../../lib/present/colors";
import type { Lang } from "../../lib/i18n";
import { classDescription } from "../../lib/present/labels";
import { ClassSwatch } from "./ClassPatterns";

/** The legend of the verdict classes, with their marks and what each means. */
export function ClassLegend({ lang }: { lang: Lang }) {
  return (
    <ul className="legend" data-testid="class-legend">
        {CHART_CLASSES.map((c) => (
          <li key={c}>
            <ClassSwatch cls={c} />
            {classDescription(lang, c)}
          </li>
        ))}
    </ul>
  );
}
