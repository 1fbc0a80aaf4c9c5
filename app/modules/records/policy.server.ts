// Who may read a person's records and integrity file (issue 13, the structural fix): the one rule
// behind the file page, its PDF, the xAPI export, exam reviews and pledge PDFs, so a screen and the
// read it leads to can never disagree.
import { can, type Actor } from "#app/modules/identity/permissions.server.ts";

/** A person (`{ userId, unitPath }`, unitPath being their unit's) or a whole unit's subtree (`{ unitPath }`). */
export type RecordTarget = { userId?: string; unitPath: string };

export function recordReadPolicy(actor: Actor, target: RecordTarget) {
  return {
    /** Their own records, or someone's under a unit where the actor holds record.read. */
    read: can(actor, "record.read", target),
    own: target.userId !== undefined && target.userId === actor.id,
  };
}
