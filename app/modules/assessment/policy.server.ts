// Who may see an attempt's review and its certificate (issue 13, the structural fix): the taker, or
// someone who may read the taker's records. The review page (which offers the certificate) and the
// certificate download ask the same question here.
import type { Actor } from "#app/modules/identity/permissions.server.ts";
import { can } from "#app/modules/identity/permissions.server.ts";
import { recordReadPolicy } from "#app/modules/records/policy.server.ts";

/** `taker` is the person who sat the attempt, with their unit's path. */
export function attemptPolicy(actor: Actor, attempt: { taker: { userId: string; unitPath: string } }) {
  const asTaker = attempt.taker.userId === actor.id;
  const review = asTaker || recordReadPolicy(actor, attempt.taker).read;
  return { asTaker, review, certificate: review };
}

/** What the exam list offers beside the person's own exams. */
export function examPolicy(actor: Actor) {
  return { manage: can(actor, "exam.manage", "global") };
}
