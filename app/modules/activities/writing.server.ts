// Integrity messages (廉政寄语, short) and reflections (廉政心得, an essay with a minimum length),
// written in Markdown; drafts until submitted; a manager of the unit can comment.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { can, type Actor } from "#app/modules/identity/permissions.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";

export const WRITING_RULES = {
  message: { label: t.activityWriting.kinds.message, min: 10, max: 200 },
  reflection: { label: t.activityWriting.kinds.reflection, min: 300, max: 20_000 },
} as const;
export type WritingKind = keyof typeof WRITING_RULES;

export class WritingError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const length = (s: string) => [...s.replace(/\s/g, "")].length;

export async function saveWriting(person: { id: string; unitId: string }, input: { id?: string; kind: WritingKind; title: string; body: string; submit: boolean }, now = new Date()) {
  const rule = WRITING_RULES[input.kind];
  if (!rule) throw new WritingError(t.activityWriting.errors.badKind);
  const title = input.title.trim() || rule.label;
  if (title.length > 100) throw new WritingError(t.activityWriting.errors.titleTooLong);
  if (input.body.length > rule.max * 2) throw new WritingError(t.activityWriting.errors.tooLong(rule.label, rule.max));
  if (input.submit) {
    const n = length(input.body);
    if (n < rule.min) throw new WritingError(t.activityWriting.errors.tooShortNow(rule.label, rule.min, n));
    if (n > rule.max) throw new WritingError(t.activityWriting.errors.tooLongNow(rule.label, rule.max, n));
  }
  return db.$transaction(async (tx) => {
    let row;
    if (input.id) {
      const existing = await tx.reflection.findUnique({ where: { id: input.id } });
      if (!existing || existing.userId !== person.id) throw new WritingError(t.activityWriting.errors.missing, 404);
      if (existing.status === "submitted") throw new WritingError(t.activityWriting.errors.submittedLocked, 409);
      row = await tx.reflection.update({ where: { id: existing.id }, data: { title, body: input.body } });
    } else {
      row = await tx.reflection.create({ data: { userId: person.id, unitId: person.unitId, kind: input.kind, title, body: input.body } });
    }
    if (input.submit) {
      row = await tx.reflection.update({ where: { id: row.id }, data: { status: "submitted", submittedAt: now } });
      await appendRecord(
        {
          actorId: person.id,
          unitId: person.unitId,
          verb: "submitted",
          object: { type: row.kind, id: row.id, name: t.activities.titled(rule.label, title) },
          result: { completion: true },
          context: { characters: length(input.body) },
          timestamp: now,
        },
        tx,
      );
    }
    return row;
  });
}

export async function commentOn(author: Actor, reflectionId: string, body: string) {
  const r = await db.reflection.findUnique({ where: { id: reflectionId } });
  if (!r || r.status !== "submitted") throw new WritingError(t.activityWriting.errors.commentOnlySubmitted, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: r.unitId }, select: { path: true } });
  if (!can(author, "review.manage", { unitPath: unit.path })) throw new WritingError(t.activityWriting.errors.noCommentPermission, 403);
  if (body.trim().length < 2) throw new WritingError(t.activityWriting.errors.commentRequired);
  return db.reflectionComment.create({ data: { reflectionId, authorId: author.id, body: body.trim().slice(0, 2000) } });
}
