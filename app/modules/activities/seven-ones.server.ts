// The "seven ones" (七个一) for a year: each item ticked only by real evidence in the record store,
// with a link to it — never by a checkbox. Rolled up per unit for managers (counts, not people).
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { yearRange } from "#app/lib/time.ts";
import { isInSubtree, subtreeWhere } from "#app/modules/identity/org.server.ts";

export const SEVEN_ONES = [
  { key: "message", ...t.activitySevenOnes.message },
  { key: "lecture", ...t.activitySevenOnes.lecture },
  { key: "film", ...t.activitySevenOnes.film },
  { key: "pledge", ...t.activitySevenOnes.pledge },
  { key: "reflection", ...t.activitySevenOnes.reflection },
  { key: "calligraphy", ...t.activitySevenOnes.calligraphy },
  { key: "warning", ...t.activitySevenOnes.warning },
] as const;
export type SevenKey = (typeof SEVEN_ONES)[number]["key"];

type Row = { verb: string; objectType: string; objectId: string; objectName: string; contextJson: string; timestamp: Date; actorId: string };

/** Which item a record is evidence for, if any. */
export function evidenceOf(r: Pick<Row, "verb" | "objectType" | "contextJson">): SevenKey | null {
  const ctx = JSON.parse(r.contextJson) as { kind?: string };
  if (r.verb === "submitted" && r.objectType === "message") return "message";
  if (r.verb === "submitted" && r.objectType === "reflection") return "reflection";
  if (r.verb === "signed" && r.objectType === "pledge") return "pledge";
  if (r.verb === "approved" && r.objectType === "work" && ctx.kind === "lecture") return "lecture";
  if (r.verb === "approved" && r.objectType === "work" && ctx.kind === "calligraphy") return "calligraphy";
  if (r.verb === "attended" && r.objectType === "offline-session" && ctx.kind === "film") return "film";
  if (r.verb === "attended" && r.objectType === "offline-session" && ctx.kind === "warning") return "warning";
  return null;
}

function linkOf(key: SevenKey, r: Row): string {
  switch (key) {
    case "message":
    case "reflection":
      return `/writing/${r.objectId}`;
    case "lecture":
    case "calligraphy":
      return `/works/${r.objectId}`;
    case "pledge":
      return "/pledge";
    default:
      return "/sessions";
  }
}

export async function sevenOnes(userId: string, year: number) {
  const { from, to } = yearRange(year);
  const rows = await db.record.findMany({ where: { actorId: userId, timestamp: { gte: from, lt: to } }, orderBy: { seq: "asc" } });
  const found = new Map<SevenKey, { name: string; at: string; href: string }>();
  for (const r of rows) {
    const key = evidenceOf(r);
    if (key && !found.has(key)) found.set(key, { name: r.objectName, at: r.timestamp.toISOString(), href: linkOf(key, r) });
  }
  return SEVEN_ONES.map((item) => ({ ...item, evidence: found.get(item.key) ?? null }));
}

/** Per unit (children of the given unit): how many people have each item, of how many. */
export async function sevenOnesByUnit(unitId: string, year: number) {
  const unit = await db.orgUnit.findUnique({ where: { id: unitId } });
  if (!unit) return null;
  const children = await db.orgUnit.findMany({ where: { parentId: unit.id }, orderBy: { sortOrder: "asc" } });
  const groups = children.length ? children : [unit];
  const { from, to } = yearRange(year);
  const people = await db.user.findMany({ where: { active: true, unit: subtreeWhere(unit.path) }, select: { id: true, unit: { select: { path: true } } } });
  const rows = await db.record.findMany({
    where: { actorId: { in: people.map((p) => p.id) }, timestamp: { gte: from, lt: to }, verb: { in: ["submitted", "signed", "approved", "attended"] } },
    select: { actorId: true, verb: true, objectType: true, contextJson: true },
  });
  const has = new Map<string, Set<SevenKey>>();
  for (const r of rows) {
    const key = evidenceOf(r);
    if (!key) continue;
    const set = has.get(r.actorId) ?? new Set();
    set.add(key);
    has.set(r.actorId, set);
  }
  return groups.map((g) => {
    const members = people.filter((p) => isInSubtree(p.unit.path, g.path));
    return {
      unitId: g.id,
      unit: g.name,
      people: members.length,
      items: Object.fromEntries(SEVEN_ONES.map((i) => [i.key, members.filter((m) => has.get(m.id)?.has(i.key)).length])) as Record<SevenKey, number>,
    };
  });
}
