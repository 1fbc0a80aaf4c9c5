// The manager's view of completion: for a unit, its child units (or, at a leaf, its people), and for
// each assignment that concerns it: done / in progress / not started / overdue. Aggregates per unit;
// people appear only at the last level, by name in unit order, never ranked.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { applies } from "#app/modules/identity/audience.ts";
import { statusesFor, type TaskState } from "#app/modules/learning/assignments.server.ts";

import { rate, type Counts } from "./shared.ts";
import { isInSubtree, subtreeWhere } from "#app/modules/identity/org.server.ts";

export { rate, type Counts };
const empty = (): Counts => ({ done: 0, inProgress: 0, notStarted: 0, overdue: 0, total: 0 });

export type RollupAssignment = { id: string; title: string; kind: string; dueAt: string; unitName: string };
export type UnitRow = { id: string; name: string; kind: string; hasChildren: boolean; cells: Record<string, Counts>; total: Counts };
export type PersonRow = { id: string; name: string; unit: string; position: string; cells: Record<string, { state: TaskState; detail: string }> };

/** Assignments that concern a unit: set for it or above it (they cover it) or inside its subtree. */
export async function assignmentsConcerning(unit: { id: string; path: string }) {
  // Active assignments are few and a subtree can hold thousands of units (more than one statement may
  // bind), so filter the assignments here rather than send the unit ids to the database.
  const concerned = new Set(unit.path.split("/").filter(Boolean));
  for (const u of await db.orgUnit.findMany({ where: subtreeWhere(unit.path), select: { id: true } })) concerned.add(u.id);
  const active = await db.assignment.findMany({ where: { status: "active" }, orderBy: { dueAt: "asc" } });
  return active.filter((a) => concerned.has(a.unitId));
}

/**
 * `overdueLimit` caps the named overdue list (the page shows the first ones; the export asks for all);
 * `overdueTotal` always counts them all.
 */
export async function rollup(unitId: string, now = new Date(), options: { overdueLimit?: number } = {}) {
  const overdueLimit = options.overdueLimit ?? Infinity;
  const unit = await db.orgUnit.findUnique({ where: { id: unitId } });
  if (!unit) return null;
  const children = await db.orgUnit.findMany({ where: { parentId: unit.id }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] });
  const grandChildren = new Set((await db.orgUnit.findMany({ where: { parentId: { in: children.map((c) => c.id) } }, select: { parentId: true } })).map((g) => g.parentId));
  const assignments = await assignmentsConcerning(unit);
  const assignmentUnits = new Map((await db.orgUnit.findMany({ where: { id: { in: assignments.map((a) => a.unitId) } }, select: { id: true, name: true, path: true } })).map((u) => [u.id, u]));

  // Everyone in the subtree, with the unit path to place them under a child.
  const people = await db.user.findMany({
    where: { active: true, unit: subtreeWhere(unit.path) },
    select: { id: true, name: true, position: true, isPartyMember: true, unit: { select: { id: true, name: true, path: true } } },
    orderBy: [{ unit: { path: "asc" } }, { name: "asc" }],
  });
  // Which row each person counts under: computed once, not once per assignment.
  const rowOf = new Map(people.map((p) => [p.id, children.find((c) => isInSubtree(p.unit.path, c.path))?.id ?? unit.id]));
  const atLeaf = children.length === 0;

  const rows = new Map<string, UnitRow>();
  for (const c of children) rows.set(c.id, { id: c.id, name: c.name, kind: c.kind, hasChildren: grandChildren.has(c.id), cells: {}, total: empty() });
  const direct: UnitRow = { id: unit.id, name: t.oversight.direct(unit.name), kind: unit.kind, hasChildren: false, cells: {}, total: empty() };
  // People appear only at the last level; above it they are counted, not listed.
  const personRows = new Map<string, PersonRow>(atLeaf ? people.map((p) => [p.id, { id: p.id, name: p.name, unit: p.unit.name, position: p.position, cells: {} }]) : []);
  const overdue: { person: string; unit: string; assignment: string; missing: string; dueAt: string }[] = [];
  let overdueTotal = 0;

  for (const a of assignments) {
    // Who the assignment reaches, among the (active) people already loaded: its subtree, then its filters.
    const scope = assignmentUnits.get(a.unitId)?.path;
    const mine = scope ? people.filter((p) => isInSubtree(p.unit.path, scope) && applies(a, p)) : [];
    const statuses = await statusesFor(a, mine.map((p) => p.id), now);
    for (const p of mine) {
      const s = statuses.get(p.id)!;
      const row = rows.get(rowOf.get(p.id)!) ?? direct;
      const cell = (row.cells[a.id] ??= empty());
      cell[s.state]++;
      cell.total++;
      row.total[s.state]++;
      row.total.total++;
      const personRow = personRows.get(p.id);
      if (personRow) personRow.cells[a.id] = { state: s.state, detail: s.detail };
      if (s.state === "overdue" && overdueTotal++ < overdueLimit) overdue.push({ person: p.name, unit: p.unit.name, assignment: a.title, missing: s.detail, dueAt: a.dueAt.toISOString() });
    }
  }
  const unitRows = [...rows.values()];
  if (direct.total.total > 0) unitRows.unshift(direct);
  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind, path: unit.path, parentId: unit.parentId },
    assignments: assignments.map((a) => ({ id: a.id, title: a.title, kind: a.kind, dueAt: a.dueAt.toISOString(), unitName: assignmentUnits.get(a.unitId)?.name ?? "" })),
    units: unitRows,
    people: [...personRows.values()],
    overdue,
    overdueTotal,
  };
}

export type Rollup = NonNullable<Awaited<ReturnType<typeof rollup>>>;


/** Charts for the subtree: completions per week, exam score distribution, mastery per discipline. */
export async function charts(unitPath: string, now = new Date()) {
  const units = await db.orgUnit.findMany({ where: subtreeWhere(unitPath), select: { id: true } });
  const unitIds = units.map((u) => u.id);
  const weeks = 12;
  const start = new Date(now.getTime() - weeks * 7 * 86_400_000);
  const completions = await db.record.findMany({
    where: { unitId: { in: unitIds }, verb: "completed", objectType: "lesson", timestamp: { gte: start } },
    select: { timestamp: true },
  });
  const perWeek = Array.from({ length: weeks }, (_, i) => ({ week: new Date(start.getTime() + i * 7 * 86_400_000).toISOString().slice(5, 10), count: 0 }));
  for (const c of completions) {
    const i = Math.min(weeks - 1, Math.floor((c.timestamp.getTime() - start.getTime()) / (7 * 86_400_000)));
    perWeek[i]!.count++;
  }
  const attempts = await db.attempt.findMany({ where: { unitId: { in: unitIds }, state: "finished", needsGrading: false }, select: { id: true, percent: true } });
  const bands = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, count: 0 }));
  for (const a of attempts) bands[Math.min(9, Math.floor((a.percent ?? 0) / 10))]!.count++;
  const slots = await db.attemptSlot.findMany({ where: { attemptId: { in: attempts.map((a) => a.id) }, fraction: { not: null } }, select: { fraction: true, questionVersionId: true } });
  const versions = await db.questionVersion.findMany({ where: { id: { in: [...new Set(slots.map((s) => s.questionVersionId))] } }, select: { id: true, sourceArticle: true } });
  const articles = await db.article.findMany({ where: { id: { in: versions.map((v) => v.sourceArticle).filter((x): x is string => Boolean(x)) } }, select: { id: true, discipline: true } });
  const disciplineOfArticle = new Map(articles.map((a) => [a.id, a.discipline]));
  const disciplineOfVersion = new Map(versions.map((v) => [v.id, v.sourceArticle ? disciplineOfArticle.get(v.sourceArticle) : null]));
  const mastery = new Map<string, { sum: number; n: number }>();
  for (const s of slots) {
    const d = disciplineOfVersion.get(s.questionVersionId);
    if (!d) continue;
    const m = mastery.get(d) ?? { sum: 0, n: 0 };
    m.sum += s.fraction ?? 0;
    m.n++;
    mastery.set(d, m);
  }
  return {
    perWeek,
    scoreBands: bands,
    attempts: attempts.length,
    mastery: ["political", "organizational", "integrity", "mass", "work", "life"].map((d) => {
      const m = mastery.get(d);
      return { discipline: d, percent: m ? Math.round((m.sum / m.n) * 1000) / 10 : null, answers: m?.n ?? 0 };
    }),
  };
}
