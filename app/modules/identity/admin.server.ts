// Queries behind the admin screens, always limited to the subtrees the admin manages.
import { db } from "#app/lib/db.server.ts";
import type { CurrentUser } from "./auth.server.ts";
import { scopesFor, type Permission } from "./permissions.server.ts";
import { inSubtrees } from "./org.server.ts";

export function scopeWhere(user: CurrentUser, permission: Permission) {
  const scopes = scopesFor(user, permission);
  return inSubtrees(scopes);
}

export async function unitsInScope(user: CurrentUser, permission: Permission = "unit.manage") {
  const scopes = scopesFor(user, permission);
  if (scopes.length === 0) return [];
  return db.orgUnit.findMany({
    where: scopeWhere(user, permission),
    orderBy: [{ depth: "asc" }, { sortOrder: "asc" }, { name: "asc" }],
    include: { _count: { select: { users: true } } },
  });
}

/** Units in tree order (parents before children, siblings by sortOrder), with depth for indenting. */
export function treeOrder<T extends { id: string; parentId: string | null; sortOrder: number; name: string }>(units: T[]): T[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, T[]>();
  for (const u of units) {
    const key = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(key, [...(children.get(key) ?? []), u]);
  }
  const out: T[] = [];
  const walk = (key: string | null) => {
    for (const u of (children.get(key) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, "zh-CN"))) {
      out.push(u);
      walk(u.id);
    }
  };
  walk(null);
  return out;
}

export async function usersInScope(user: CurrentUser, options: { q?: string; unitId?: string; skip?: number; take?: number } = {}) {
  const scopes = scopesFor(user, "user.manage");
  if (scopes.length === 0) return { users: [], total: 0 };
  const q = options.q?.trim();
  const where = {
    unit: { ...inSubtrees(scopes), ...(options.unitId ? { id: options.unitId } : {}) },
    ...(q ? { OR: [{ username: { contains: q } }, { name: { contains: q } }, { staffNo: { contains: q } }] } : {}),
  };
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ unit: { path: "asc" } }, { username: "asc" }],
      skip: options.skip ?? 0,
      take: options.take ?? 50,
      include: { unit: { select: { name: true } }, grants: { select: { role: true } } },
    }),
    db.user.count({ where }),
  ]);
  return { users, total };
}
