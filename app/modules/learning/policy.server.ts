// Who may make and withdraw assignments and organise offline sessions (issue 13, the structural
// fix). "global" asks whether the actor may do it anywhere (what a menu or a list offers); a unit
// asks about that unit (what a write allows).
import { can, type Actor } from "#app/modules/identity/permissions.server.ts";

type UnitTarget = { path: string } | "global";
const target = (unit: UnitTarget) => (unit === "global" ? "global" : { unitPath: unit.path });

export function assignmentPolicy(actor: Actor, unit: UnitTarget) {
  const manage = can(actor, "assignment.manage", target(unit));
  return { create: manage, withdraw: manage };
}

export function sessionPolicy(actor: Actor, unit: UnitTarget) {
  return { manage: can(actor, "assignment.manage", target(unit)) };
}
