// Who may administer people, units and grants, and what the menu offers (issue 13, the structural
// fix). The admin screens ask here what to offer and their actions ask the same before writing, so
// a button is shown exactly when the write behind it is allowed.
import { can, type Actor } from "./permissions.server.ts";

/** The menu of the signed-in layout: each entry is shown exactly when its page's guard lets the actor in. */
export function navigationPolicy(actor: Actor) {
  return {
    // /admin is guarded by user.manage (not by the admin role's name).
    admin: can(actor, "user.manage", "global"),
    author: can(actor, "content.author", "global"),
    manage: can(actor, "assignment.manage", "global"),
    exams: can(actor, "exam.manage", "global"),
    oversight: can(actor, "oversight.read", "global"),
  };
}

/** What the actor may do in a unit: administer it, place people in it, grant roles over it. */
export function unitAdminPolicy(actor: Actor, unit: { path: string }) {
  return {
    manage: can(actor, "unit.manage", { unitPath: unit.path }),
    placePeople: can(actor, "user.manage", { unitPath: unit.path }),
    grant: can(actor, "grant.manage", { unitPath: unit.path }),
  };
}

export type RevokeVerdict = "allowed" | "outOfScope" | "ownAdmin";

/** What the actor may do to one person's account. */
export function userAdminPolicy(actor: Actor, person: { id: string; unitPath: string }) {
  const manage = can(actor, "user.manage", { userId: person.id, unitPath: person.unitPath });
  const self = person.id === actor.id;
  return {
    manage,
    /** An admin cannot disable their own account (they would lock themselves out). */
    disable: manage && !self,
    grant: can(actor, "grant.manage", { unitPath: person.unitPath }),
    revoke(grant: { userId: string; role: string; unitPath: string }): RevokeVerdict {
      if (grant.userId !== person.id || !can(actor, "grant.manage", { unitPath: grant.unitPath })) return "outOfScope";
      // Nor revoke their own admin role.
      if (self && grant.role === "admin") return "ownAdmin";
      return "allowed";
    },
  };
}
