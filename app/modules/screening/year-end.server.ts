// The year-end summary for a subtree: units with no new violation case, the works and people
// nominated for commendation (with their evidence), and rectification closed versus open.
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { yearParam } from "#app/lib/form-fields.ts";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { yearRange } from "#app/lib/time.ts";
import { subtreeWhere } from "#app/modules/identity/org.server.ts";

const yearQuery = z.object({ year: yearParam() });

/** `?year=` of a request, or the current year in Beijing. Throws a 400 reply for a year out of range or not a year. */
export function requestedYear(request: Request): number {
  const q = parseQuery(request, yearQuery);
  if (!q.ok) throw q.reply;
  return q.value.year;
}

export async function yearEnd(unitId: string, year: number) {
  const unit = await db.orgUnit.findUnique({ where: { id: unitId } });
  if (!unit) return null;
  const { from, to } = yearRange(year);
  const children = await db.orgUnit.findMany({ where: { parentId: unit.id }, orderBy: { sortOrder: "asc" } });
  const groups = children.length ? children : [unit];
  const rows = [];
  for (const g of groups) {
    const ids = (await db.orgUnit.findMany({ where: subtreeWhere(g.path), select: { id: true } })).map((u) => u.id);
    const items = await db.ledgerItem.findMany({ where: { unitId: { in: ids }, createdAt: { lt: to } }, select: { source: true, status: true, createdAt: true, closedAt: true } });
    const cases = items.filter((i) => i.source === "case" && i.createdAt >= from).length;
    rows.push({
      unitId: g.id,
      unit: g.name,
      cases,
      clean: cases === 0,
      closed: items.filter((i) => i.status === "closed" && i.closedAt && i.closedAt >= from && i.closedAt < to).length,
      open: items.filter((i) => i.status === "open").length,
    });
  }
  const subtree = (await db.orgUnit.findMany({ where: subtreeWhere(unit.path), select: { id: true } })).map((u) => u.id);
  const works = await db.work.findMany({ where: { unitId: { in: subtree }, nominated: true, updatedAt: { gte: from, lt: to } } });
  const authors = new Map((await db.user.findMany({ where: { id: { in: works.map((w) => w.userId) } }, include: { unit: { select: { name: true } } } })).map((u) => [u.id, u]));
  const inSubtree = new Set(subtree);
  const nominated = (await db.nomination.findMany({ where: { year, withdrawnAt: null }, orderBy: { createdAt: "asc" } })).filter((n) => inSubtree.has(n.unitId));
  const named = new Map(
    (await db.user.findMany({ where: { id: { in: [...new Set(nominated.flatMap((n) => [n.userId, n.nominatedById]))] } }, include: { unit: { select: { name: true } } } })).map((u) => [u.id, u]),
  );
  return {
    unit: { id: unit.id, name: unit.name },
    people: nominated.map((n) => ({
      id: n.id,
      person: named.get(n.userId)?.name ?? "",
      unit: named.get(n.userId)?.unit.name ?? "",
      honour: n.honour,
      reason: n.reason,
      evidence: n.evidence,
      by: named.get(n.nominatedById)?.name ?? "",
    })),
    year,
    rows,
    nominations: works.map((w) => ({ workId: w.id, title: w.title, kind: w.kind, person: authors.get(w.userId)?.name ?? "", unit: authors.get(w.userId)?.unit.name ?? "" })),
  };
}
