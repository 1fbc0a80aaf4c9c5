// Oversight vocabulary and arithmetic shared by server and browser.
import { t } from "#app/lib/strings.ts";

export type TaskStateKey = "done" | "inProgress" | "notStarted" | "overdue";
export type Counts = Record<TaskStateKey, number> & { total: number };

export function rate(c: Counts | undefined): number | null {
  return c && c.total ? Math.round((c.done / c.total) * 1000) / 10 : null;
}

export const PERIODS = t.oversightBulletin.periods;
export type PeriodKind = keyof typeof PERIODS;

export const STATE = t.tasks.states as Record<TaskStateKey, string>;

export const cellText = (c: Counts | undefined) => (c && c.total ? t.oversight.cell(c.done, c.total, rate(c)) : "—");
