// Oversight vocabulary and arithmetic shared by server and browser.
export type TaskStateKey = "done" | "inProgress" | "notStarted" | "overdue";
export type Counts = Record<TaskStateKey, number> & { total: number };

export function rate(c: Counts | undefined): number | null {
  return c && c.total ? Math.round((c.done / c.total) * 1000) / 10 : null;
}

export const PERIODS = { month: "月调度", quarter: "季通报", half: "半年分析" } as const;
export type PeriodKind = keyof typeof PERIODS;

export const STATE = { done: "已完成", inProgress: "进行中", notStarted: "未开始", overdue: "已逾期" } as const;

export const cellText = (c: Counts | undefined) => (c && c.total ? `${c.done}/${c.total}（${rate(c)}%）` : "—");
