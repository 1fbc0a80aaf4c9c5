// Structured discussions: a branch opens a round on a template (三问三答, 双查双改, 五破五立); its
// members answer each prompt, saving drafts until they submit; the branch then sees all submitted
// answers of the round together.
import { db } from "#app/lib/db.server.ts";
import { templates } from "#app/modules/content/templates.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";

export class DiscussionError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function template(key: string) {
  return templates().discussions.find((t) => t.key === key) ?? null;
}

export async function openRound(actor: Actor, input: { unitId: string; template: string; title: string; opensAt: Date; closesAt: Date }) {
  const t = template(input.template);
  if (!t) throw new DiscussionError("请选择讨论模板。");
  if (!(input.closesAt > input.opensAt)) throw new DiscussionError("结束时间必须晚于开始时间。");
  const unit = await db.orgUnit.findUnique({ where: { id: input.unitId } });
  if (!unit || !can(actor, "assignment.manage", { unitPath: unit.path })) throw new DiscussionError("只能在您管理的支部开展讨论。", 403);
  return db.discussionRound.create({ data: { ...input, title: input.title.trim() || t.title, createdById: actor.id } });
}

type Member = { id: string; unitId: string; unitPath: string };

async function roundFor(member: Member, roundId: string) {
  const round = await db.discussionRound.findUnique({ where: { id: roundId } });
  if (!round) throw new DiscussionError("讨论不存在。", 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: round.unitId }, select: { path: true, name: true } });
  return { round, unit, member: member.unitPath.startsWith(unit.path) };
}

export async function saveAnswer(member: Member, roundId: string, answers: Record<string, string>, submit: boolean, now = new Date()) {
  const { round, member: isMember, unit } = await roundFor(member, roundId);
  if (!isMember) throw new DiscussionError(`本次讨论由${unit.name}开展，您不在其中。`, 403);
  if (now < round.opensAt) throw new DiscussionError("讨论尚未开始。", 409);
  if (now > round.closesAt) throw new DiscussionError("讨论已结束，不能再作答。", 409);
  const t = template(round.template)!;
  const clean: Record<string, string> = {};
  for (const p of t.prompts) clean[p.key] = (answers[p.key] ?? "").slice(0, 5000);
  if (submit) {
    const missing = t.prompts.filter((p) => clean[p.key]!.trim().length < 10).map((p) => `“${p.title}”`);
    if (missing.length) throw new DiscussionError(`每个问题至少写 10 个字再提交：${missing.join("、")}。`);
  }
  return db.$transaction(async (tx) => {
    const existing = await tx.discussionAnswer.findUnique({ where: { roundId_userId: { roundId, userId: member.id } } });
    if (existing?.status === "submitted") throw new DiscussionError("您已提交，不能再修改。", 409);
    const row = await tx.discussionAnswer.upsert({
      where: { roundId_userId: { roundId, userId: member.id } },
      create: { roundId, userId: member.id, answersJson: JSON.stringify(clean), status: submit ? "submitted" : "draft", submittedAt: submit ? now : null },
      update: { answersJson: JSON.stringify(clean), status: submit ? "submitted" : "draft", submittedAt: submit ? now : null },
    });
    if (submit) {
      await appendRecord(
        {
          actorId: member.id,
          unitId: member.unitId,
          verb: "submitted",
          object: { type: "discussion", id: round.id, name: `${t.title}：${round.title}` },
          result: { completion: true },
          context: { template: round.template },
          timestamp: now,
        },
        tx,
      );
    }
    return row;
  });
}

/** What a member sees: the prompts, their own answer, and everyone's submitted answers. Drafts stay private. */
export async function roundView(viewer: Member & { grants?: unknown }, roundId: string) {
  const { round, member, unit } = await roundFor(viewer, roundId);
  const t = template(round.template);
  if (!t) throw new DiscussionError("讨论模板不存在。", 404);
  const answers = await db.discussionAnswer.findMany({ where: { roundId } });
  const people = new Map((await db.user.findMany({ where: { id: { in: answers.map((a) => a.userId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const mine = answers.find((a) => a.userId === viewer.id) ?? null;
  return {
    round: { id: round.id, title: round.title, unit: unit.name, unitPath: unit.path, opensAt: round.opensAt.toISOString(), closesAt: round.closesAt.toISOString() },
    template: t,
    member,
    mine: mine ? { status: mine.status, answers: JSON.parse(mine.answersJson) as Record<string, string> } : null,
    submitted: answers
      .filter((a) => a.status === "submitted")
      .map((a) => ({ name: people.get(a.userId) ?? "", answers: JSON.parse(a.answersJson) as Record<string, string>, at: a.submittedAt!.toISOString() })),
  };
}

export async function roundsFor(member: Member) {
  const ids = member.unitPath.split("/").filter(Boolean);
  return db.discussionRound.findMany({ where: { unitId: { in: ids } }, orderBy: { opensAt: "desc" }, take: 50 });
}
