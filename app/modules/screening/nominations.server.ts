// Putting a person forward for commendation (评优推荐) for a year. A manager may nominate people in
// their own subtree; a nomination is withdrawn, not deleted. The year-end summary lists them.
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.server.ts";

import { HONOURS } from "./honours.ts";

export { HONOURS };

export class NominationError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const nominationInput = z.object({
  username: z.string().trim().min(1, "请填写被推荐人的用户名。").max(64, "用户名太长。"),
  honour: z.enum(HONOURS, { error: "请选择推荐的荣誉。" }),
  reason: z.string().trim().min(10, "推荐理由请至少写 10 个字。").max(500, "推荐理由请不超过 500 字。"),
  evidence: z.string().trim().min(10, "请写明主要事迹和佐证，至少 10 个字。").max(2000, "事迹材料请不超过 2000 字。"),
});

export async function nominatePerson(actor: Actor, raw: unknown, year: number) {
  const parsed = nominationInput.safeParse(raw);
  if (!parsed.success) throw new NominationError(parsed.error.issues[0]!.message);
  const input = parsed.data;
  const person = await db.user.findUnique({ where: { username: input.username }, include: { unit: { select: { path: true } } } });
  if (!person || !person.active) throw new NominationError(`找不到用户名为“${input.username}”的在职人员。`);
  if (!can(actor, "review.manage", { unitPath: person.unit.path })) throw new NominationError("您只能推荐本单位及下级单位的人员。", 403);
  const same = await db.nomination.findFirst({ where: { userId: person.id, year, honour: input.honour, withdrawnAt: null } });
  if (same) throw new NominationError(`${person.name}已被推荐为${year}年度“${input.honour}”。`);
  return db.nomination.create({
    data: { userId: person.id, unitId: person.unitId, year, honour: input.honour, reason: input.reason, evidence: input.evidence, nominatedById: actor.id },
  });
}

export async function withdrawNomination(actor: Actor, id: string) {
  const n = await db.nomination.findUnique({ where: { id } });
  if (!n || n.withdrawnAt) throw new NominationError("该推荐不存在或已撤回。", 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: n.unitId }, select: { path: true } });
  if (!can(actor, "review.manage", { unitPath: unit.path })) throw new NominationError("您没有撤回该推荐的权限。", 403);
  return db.nomination.update({ where: { id }, data: { withdrawnAt: new Date() } });
}
