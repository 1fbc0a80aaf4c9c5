// Who may do what with discussions, works and pledges (issue 13, the structural fix). Each screen
// asks here for what it offers, and the domain functions ask the same for what they allow.
import { can, type Actor } from "#app/modules/identity/permissions.server.ts";
import { recordReadPolicy } from "#app/modules/records/policy.server.ts";

type UnitTarget = { path: string } | "global";

/**
 * A discussion round of a unit (`member`: the actor belongs to it), or "global" for the list page.
 * Members answer; a body that oversees the unit reads; an organiser of the unit opens rounds there.
 */
export function discussionPolicy(actor: Actor, round: { unitPath: string; member?: boolean } | "global") {
  if (round === "global") return { open: can(actor, "assignment.manage", "global"), view: false, answer: false };
  return {
    open: can(actor, "assignment.manage", { unitPath: round.unitPath }),
    view: Boolean(round.member) || can(actor, "oversight.read", { unitPath: round.unitPath }),
    answer: Boolean(round.member),
  };
}

/** Reviewing and nominating works of a unit (or, "global", anywhere: the link to the review queue). */
export function workPolicy(actor: Actor, unit: UnitTarget) {
  const review = can(actor, "review.manage", unit === "global" ? "global" : { unitPath: unit.path });
  return { review, nominate: review };
}

/** The pledge pages: who sees the signing status (the route guards with review.manage), who downloads a signed pledge. */
export function pledgePolicy(actor: Actor, signature: { signer: { userId: string; unitPath: string } } | "global") {
  return {
    seeStatus: can(actor, "review.manage", "global"),
    pdf: signature === "global" ? false : recordReadPolicy(actor, signature.signer).read,
  };
}
