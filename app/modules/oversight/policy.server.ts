// What the oversight screens offer over a unit (issue 13, the structural fix).
import { can, type Actor } from "#app/modules/identity/permissions.server.ts";
import { recordReadPolicy } from "#app/modules/records/policy.server.ts";

export function oversightPolicy(actor: Actor, unit: { path: string }) {
  return {
    read: can(actor, "oversight.read", { unitPath: unit.path }),
    /** Names in the roll-up link to integrity files only for someone who may open them. */
    readFiles: recordReadPolicy(actor, { unitPath: unit.path }).read,
  };
}
