// How the completion figures are counted, printed under every table that shows them, so 完成情况 and
// the bulletins can be read side by side.
import { FIGURE_RULES } from "#app/modules/oversight/shared.ts";

export function FigureRules() {
  return (
    <ul className="space-y-1 border-t border-stone-100 px-5 py-3 text-xs leading-5 text-stone-500">
      <li>{FIGURE_RULES.rate}</li>
      <li>{FIGURE_RULES.overdue}</li>
      <li>{FIGURE_RULES.passRate}</li>
    </ul>
  );
}
