// Periodic bulletins (月调度 monthly, 季通报 quarterly, 半年分析 half-year) for a subtree: units compared,
// the lagging named. Built from the roll-up and the record store; units only, never people ranked.
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { choiceParam, monthParam } from "#app/lib/form-fields.ts";
import { t } from "#app/lib/strings.ts";
import { rate, rollup } from "./rollup.server.ts";

import { ledgerInPeriod } from "#app/modules/screening/ledger.server.ts";
import { countsOver, PERIODS, type PeriodKind } from "./shared.ts";
import { monthStart } from "#app/lib/time.ts";
import { subtreeWhere } from "#app/modules/identity/org.server.ts";

export { PERIODS, type PeriodKind };

/** The bulletin screen's and export's query: `?period=` (default month) and `?at=YYYY-MM` (default this month). */
export const bulletinQuery = z.object({
  period: choiceParam(Object.keys(PERIODS) as [PeriodKind, ...PeriodKind[]], "month"),
  at: monthParam(),
});

/** The Beijing-time period of the given kind containing `at` (YYYY-MM). */
export function periodRange(kind: PeriodKind, at: string): { from: Date; to: Date; label: string } {
  const [y, m] = at.split("-").map(Number) as [number, number];
  const startMonth = kind === "month" ? m : kind === "quarter" ? Math.floor((m - 1) / 3) * 3 + 1 : m <= 6 ? 1 : 7;
  const months = kind === "month" ? 1 : kind === "quarter" ? 3 : 6;
  const from = monthStart(y, startMonth);
  const to = monthStart(y, startMonth + months);
  const label =
    kind === "month" ? t.oversightBulletin.monthLabel(y, m) : kind === "quarter" ? t.oversightBulletin.quarterLabel(y, Math.floor((m - 1) / 3) + 1) : t.oversightBulletin.halfLabel(y, m <= 6);
  return { from, to, label };
}

export type BulletinRow = {
  unitId: string;
  unit: string;
  people: number;
  assignmentRate: number | null;
  overdue: number;
  lessonsPerPerson: number;
  examTakers: number;
  examPassRate: number | null;
  attendances: number;
  lagging: boolean;
  reasons: string[];
};

export async function bulletin(unitId: string, kind: PeriodKind, at: string, now = new Date()) {
  const r = await rollup(unitId, now);
  if (!r) return null;
  const period = periodRange(kind, at);
  const due = r.assignments.filter((a) => new Date(a.dueAt) >= period.from && new Date(a.dueAt) < period.to);
  const dueIds = new Set(due.map((a) => a.id));
  const rows: BulletinRow[] = [];
  for (const u of r.units) {
    const unit = await db.orgUnit.findUnique({ where: { id: u.id }, select: { path: true } });
    const subtree = u.id === r.unit.id ? [u.id] : (await db.orgUnit.findMany({ where: subtreeWhere(unit!.path), select: { id: true } })).map((x) => x.id);
    const people = await db.user.count({ where: { active: true, unitId: { in: subtree } } });
    // The same counting as 完成情况 (countsOver); the rules are printed under the table (FIGURE_RULES).
    const counts = countsOver(u, dueIds);
    const inPeriod = { unitId: { in: subtree }, timestamp: { gte: period.from, lt: period.to } };
    const [lessons, attempts, attended] = await Promise.all([
      db.record.count({ where: { ...inPeriod, verb: "completed", objectType: "lesson" } }),
      // Pass and fail from the attempts as they stand now: a regrade that took a pass away counts.
      db.attempt.findMany({
        where: { unitId: { in: subtree }, state: "finished", needsGrading: false, submittedAt: { gte: period.from, lt: period.to } },
        select: { userId: true, passed: true },
      }),
      db.record.count({ where: { ...inPeriod, verb: "attended" } }),
    ]);
    const takers = new Set(attempts.map((x) => x.userId));
    const passers = new Set(attempts.filter((x) => x.passed).map((x) => x.userId));
    rows.push({
      unitId: u.id,
      unit: u.name,
      people,
      assignmentRate: rate(counts),
      overdue: countsOver(u, null).overdue,
      lessonsPerPerson: people ? Math.round((lessons / people) * 10) / 10 : 0,
      examTakers: takers.size,
      examPassRate: takers.size ? Math.round((passers.size / takers.size) * 1000) / 10 : null,
      attendances: attended,
      lagging: false,
      reasons: [],
    });
  }
  const rated = rows.filter((x) => x.assignmentRate !== null);
  const average = rated.length ? rated.reduce((s, x) => s + x.assignmentRate!, 0) / rated.length : null;
  for (const row of rows) {
    if (row.assignmentRate !== null && row.assignmentRate < 60) row.reasons.push(t.oversightBulletin.lowRate(row.assignmentRate));
    else if (row.assignmentRate !== null && average !== null && row.assignmentRate < average - 15) row.reasons.push(t.oversightBulletin.belowAverage);
    if (row.overdue > 0) row.reasons.push(t.oversightBulletin.overdue(row.overdue));
    if (row.examPassRate !== null && row.examPassRate < 80) row.reasons.push(t.oversightBulletin.passRate(row.examPassRate));
    row.lagging = row.reasons.length > 0;
  }
  return {
    title: t.oversightBulletin.title(r.unit.name, period.label, PERIODS[kind]),
    kind,
    period: { from: period.from.toISOString(), to: period.to.toISOString(), label: period.label },
    unit: r.unit,
    assignments: due,
    rows,
    average: average === null ? null : Math.round(average * 10) / 10,
    ledger: await ledgerInPeriod(r.unit.path, period.from, period.to),
    generatedAt: now.toISOString(),
  };
}
