// Putting a person forward for commendation (评优推荐) for a year. A manager may nominate people in
// their own subtree; a nomination is withdrawn, not deleted. The year-end summary lists them.
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { can, type Actor } from "#app/modules/identity/permissions.server.ts";

import { HONOURS } from "./honours.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export { HONOURS };

export const nominationInput = z.object({
  username: z.string().trim().min(1, t.screeningYearEnd.errors.usernameRequired).max(64, t.screeningYearEnd.errors.usernameLong),
  honour: z.enum(HONOURS, { error: t.screeningYearEnd.errors.honourRequired }),
  reason: z.string().trim().min(10, t.screeningYearEnd.errors.reasonShort).max(500, t.screeningYearEnd.errors.reasonLong),
  evidence: z.string().trim().min(10, t.screeningYearEnd.errors.evidenceShort).max(2000, t.screeningYearEnd.errors.evidenceLong),
});

/** Who may nominate or withdraw for a unit's subtree: a holder of the review permission over it. */
export function nominationPolicy(actor: Actor, unitPath: string) {
  return { nominate: can(actor, "review.manage", { unitPath }) };
}

export async function nominatePerson(actor: Actor, raw: unknown, year: number) {
  const parsed = nominationInput.safeParse(raw);
  if (!parsed.success) throw new DomainError(parsed.error.issues[0]!.message);
  const input = parsed.data;
  const person = await db.user.findUnique({ where: { username: input.username }, include: { unit: { select: { path: true } } } });
  if (!person || !person.active) throw new DomainError(t.screeningYearEnd.errors.personMissing(input.username));
  if (!nominationPolicy(actor, person.unit.path).nominate) throw new DomainError(t.screeningYearEnd.errors.outOfScope, 403);
  const same = await db.nomination.findFirst({ where: { userId: person.id, year, honour: input.honour, withdrawnAt: null } });
  if (same) throw new DomainError(t.screeningYearEnd.errors.duplicate(person.name, year, input.honour));
  return db.nomination.create({
    data: { userId: person.id, unitId: person.unitId, year, honour: input.honour, reason: input.reason, evidence: input.evidence, nominatedById: actor.id },
  });
}

export async function withdrawNomination(actor: Actor, id: string) {
  const n = await db.nomination.findUnique({ where: { id } });
  if (!n || n.withdrawnAt) throw new DomainError(t.screeningYearEnd.errors.withdrawMissing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: n.unitId }, select: { path: true } });
  if (!nominationPolicy(actor, unit.path).nominate) throw new DomainError(t.screeningYearEnd.errors.withdrawForbidden, 403);
  return db.nomination.update({ where: { id }, data: { withdrawnAt: new Date() } });
}
