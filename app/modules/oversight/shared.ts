// Oversight vocabulary and arithmetic shared by server and browser.
import { t } from "#app/lib/strings.ts";

export type TaskStateKey = "done" | "inProgress" | "notStarted" | "overdue";
export type Counts = Record<TaskStateKey, number> & { total: number };

export function rate(c: Counts | undefined): number | null {
  return c && c.total ? Math.round((c.done / c.total) * 1000) / 10 : null;
}

/**
 * The one way a unit's task figures are counted, for 完成情况 and the bulletins alike: a unit row's
 * cells summed over the given assignments (all the unit's active assignments when `ids` is null).
 * The rules each screen applies are stated on it (FIGURE_RULES).
 */
export function countsOver(row: { cells: Record<string, Counts>; total: Counts }, ids: ReadonlySet<string> | null): Counts {
  if (!ids) return row.total;
  const out: Counts = { done: 0, inProgress: 0, notStarted: 0, overdue: 0, total: 0 };
  for (const id of ids) {
    const c = row.cells[id];
    if (!c) continue;
    for (const k of ["done", "inProgress", "notStarted", "overdue", "total"] as const) out[k] += c[k];
  }
  return out;
}

/** How each figure is counted, in the words the screens print under their tables. */
export const FIGURE_RULES = t.oversight.rules;

export const PERIODS = t.oversightBulletin.periods;
export type PeriodKind = keyof typeof PERIODS;

export const STATE = t.tasks.states as Record<TaskStateKey, string>;

export const cellText = (c: Counts | undefined) => (c && c.total ? t.oversight.cell(c.done, c.total, rate(c)) : "—");
