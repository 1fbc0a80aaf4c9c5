// Structured discussions: a branch opens a round on a template (三问三答, 双查双改, 五破五立); its
// members answer each prompt, saving drafts until they submit; the branch then sees all submitted
// answers of the round together.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { templates } from "#app/modules/content/templates.server.ts";
import type { Actor } from "#app/modules/identity/permissions.server.ts";
import { discussionPolicy } from "./policy.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { isInSubtree } from "#app/modules/identity/org.server.ts";

export function template(key: string) {
  return templates().discussions.find((tpl) => tpl.key === key) ?? null;
}

export async function openRound(actor: Actor, input: { unitId: string; template: string; title: string; opensAt: Date; closesAt: Date }) {
  const tpl = template(input.template);
  if (!tpl) throw new DomainError(t.activityDiscussion.errors.templateRequired);
  if (!(input.closesAt > input.opensAt)) throw new DomainError(t.activityDiscussion.errors.closesBeforeOpens);
  const unit = await db.orgUnit.findUnique({ where: { id: input.unitId } });
  if (!unit || !discussionPolicy(actor, { unitPath: unit.path }).open) throw new DomainError(t.activityDiscussion.errors.notOwnBranch, 403);
  return db.discussionRound.create({ data: { ...input, title: input.title.trim() || tpl.title, createdById: actor.id } });
}

type Member = { id: string; unitId: string; unitPath: string };

async function roundFor(member: Member, roundId: string) {
  const round = await db.discussionRound.findUnique({ where: { id: roundId } });
  if (!round) throw new DomainError(t.activityDiscussion.errors.missing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: round.unitId }, select: { path: true, name: true } });
  return { round, unit, member: isInSubtree(member.unitPath, unit.path) };
}

export async function saveAnswer(member: Member, roundId: string, answers: ReadonlyMap<string, string>, submit: boolean, now = new Date()) {
  const { round, member: isMember, unit } = await roundFor(member, roundId);
  if (!isMember) throw new DomainError(t.activityDiscussion.errors.notMember(unit.name), 403);
  if (now < round.opensAt) throw new DomainError(t.activityDiscussion.errors.notOpen, 409);
  if (now > round.closesAt) throw new DomainError(t.activityDiscussion.errors.closed, 409);
  const tpl = template(round.template)!;
  const clean: Record<string, string> = {};
  for (const p of tpl.prompts) clean[p.key] = (answers.get(p.key) ?? "").slice(0, 5000);
  if (submit) {
    const missing = tpl.prompts.filter((p) => clean[p.key]!.trim().length < 10).map((p) => p.title);
    if (missing.length) throw new DomainError(t.activityDiscussion.errors.tooShort(missing));
  }
  return db.$transaction(async (tx) => {
    const existing = await tx.discussionAnswer.findUnique({ where: { roundId_userId: { roundId, userId: member.id } } });
    if (existing?.status === "submitted") throw new DomainError(t.activityDiscussion.errors.alreadySubmitted, 409);
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
          object: { type: "discussion", id: round.id, name: t.activities.titled(tpl.title, round.title) },
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
  const tpl = template(round.template);
  if (!tpl) throw new DomainError(t.activityDiscussion.errors.templateMissing, 404);
  const answers = await db.discussionAnswer.findMany({ where: { roundId } });
  const people = new Map((await db.user.findMany({ where: { id: { in: answers.map((a) => a.userId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const mine = answers.find((a) => a.userId === viewer.id) ?? null;
  return {
    round: { id: round.id, title: round.title, unit: unit.name, unitPath: unit.path, opensAt: round.opensAt.toISOString(), closesAt: round.closesAt.toISOString() },
    template: tpl,
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
