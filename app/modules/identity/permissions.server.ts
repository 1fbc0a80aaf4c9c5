// The one permission helper. Roles are granted over an org unit's subtree (like Moodle's
// capabilities checked down a context tree); everyone is staff over their own records.
// Every loader and action asks `can` / `requirePermission` before touching data.

import type { GrantableRole } from "./roles.ts";
import { isInSubtree } from "./org.server.ts";

export { ROLES } from "./roles.ts";
export type Role = GrantableRole | "staff";

export type Permission =
  | "record.read" // a person's learning records and integrity file
  | "user.read"
  | "user.manage"
  | "unit.manage"
  | "grant.manage"
  | "content.author"
  | "assignment.manage"
  | "exam.manage"
  | "oversight.read"
  | "review.manage"
  | "audit.read";

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  staff: [],
  trainer: ["content.author", "assignment.manage", "exam.manage", "user.read"],
  manager: ["record.read", "user.read", "assignment.manage", "oversight.read", "review.manage"],
  inspector: ["record.read", "user.read", "oversight.read"],
  admin: [
    "record.read",
    "user.read",
    "user.manage",
    "unit.manage",
    "grant.manage",
    "content.author",
    "assignment.manage",
    "exam.manage",
    "oversight.read",
    "review.manage",
    "audit.read",
  ],
};

/** Permissions every person has over their own things. */
const OWN_PERMISSIONS: readonly Permission[] = ["record.read", "user.read"];

export type Grant = { role: Role; unitId: string; unitPath: string };
export type Actor = { id: string; unitId: string; unitPath: string; grants: Grant[] };

/**
 * What the check is about:
 * - `{ userId, unitPath }` — a person (their records, their account), where unitPath is their unit's;
 * - `{ unitPath }` — a unit or something owned by one;
 * - `"global"` — something not owned by a unit (the curriculum, the question bank): any grant of the
 *   permission anywhere suffices.
 */
export type Target = { userId?: string; unitPath: string } | "global";

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function can(actor: Actor, permission: Permission, target: Target): boolean {
  if (target === "global") return actor.grants.some((g) => roleHas(g.role, permission));
  if (target.userId && target.userId === actor.id && OWN_PERMISSIONS.includes(permission)) return true;
  return actor.grants.some((g) => roleHas(g.role, permission) && isInSubtree(target.unitPath, g.unitPath));
}

/** The unit paths under which the actor holds `permission` (for filtering lists). */
export function scopesFor(actor: Actor, permission: Permission): string[] {
  const paths = actor.grants.filter((g) => roleHas(g.role, permission)).map((g) => g.unitPath);
  // Drop paths already covered by a broader one.
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

export function hasRole(actor: Actor, role: Role): boolean {
  return role === "staff" || actor.grants.some((g) => g.role === role);
}
