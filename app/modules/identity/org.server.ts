// The organisation tree. Each unit stores its materialised path of ids ("/root/…/self/"), so a
// subtree is one indexed prefix range and ancestors are the ids in the path.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";

import type { UnitKind } from "./org.ts";
import { changed } from "#app/lib/cache.server.ts";

export { UNIT_KINDS, type UnitKind } from "./org.ts";

export type UnitRef = { id: string; path: string };

/** Prisma filter for units in the subtree of `path` (inclusive). */
export function subtreeWhere(path: string) {
  return { path: { startsWith: path } };
}

/** Prisma filter for units in any of the subtrees of `paths` (a person's scopes); none matches nothing. */
export function inSubtrees(paths: readonly string[]) {
  return { OR: paths.map(subtreeWhere) };
}

/** Whether the unit at `path` lies in the subtree of `ancestorPath` (inclusive). Paths are `/id/…/id/`. */
export function isInSubtree(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

export function ancestorIds(path: string): string[] {
  return path.split("/").filter(Boolean);
}

export async function createUnit(input: { code: string; name: string; kind: UnitKind; parentId: string | null; sortOrder?: number }) {
  return db.$transaction(async (tx) => {
    const parent = input.parentId ? await tx.orgUnit.findUnique({ where: { id: input.parentId } }) : null;
    if (input.parentId && !parent) throw new Error(t.adminUnits.parentNotFound);
    const id = crypto.randomUUID().replace(/-/g, "").slice(0, 24);
    return tx.orgUnit.create({
      data: {
        id,
        code: input.code,
        name: input.name,
        kind: input.kind,
        parentId: parent?.id ?? null,
        path: `${parent?.path ?? "/"}${id}/`,
        depth: (parent?.depth ?? -1) + 1,
        sortOrder: input.sortOrder ?? 0,
      },
    });
  });
}

/** Moves a unit under a new parent, rewriting the paths of its whole subtree in one transaction. */
export async function moveUnit(unitId: string, newParentId: string) {
  await db.$transaction(async (tx) => {
    const unit = await tx.orgUnit.findUniqueOrThrow({ where: { id: unitId } });
    const parent = await tx.orgUnit.findUniqueOrThrow({ where: { id: newParentId } });
    if (parent.path.startsWith(unit.path)) throw new Error(t.adminUnits.moveIntoOwnSubtree);
    const newPath = `${parent.path}${unit.id}/`;
    const depthDelta = parent.depth + 1 - unit.depth;
    const subtree = await tx.orgUnit.findMany({ where: subtreeWhere(unit.path), select: { id: true, path: true, depth: true } });
    // Two passes avoid transient unique-path clashes.
    for (const u of subtree) await tx.orgUnit.update({ where: { id: u.id }, data: { path: `#moving#${u.id}` } });
    for (const u of subtree) {
      await tx.orgUnit.update({
        where: { id: u.id },
        data: { path: newPath + u.path.slice(unit.path.length), depth: u.depth + depthDelta, ...(u.id === unit.id ? { parentId: parent.id } : {}) },
      });
    }
  });
  changed("people"); // everyone below has a new unit path
}

export async function getRootUnit() {
  return db.orgUnit.findFirst({ where: { parentId: null }, orderBy: { sortOrder: "asc" } });
}
