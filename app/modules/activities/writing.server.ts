// Integrity messages (廉政寄语, short) and reflections (廉政心得, an essay with a minimum length),
// written in Markdown; drafts until submitted; a manager of the unit can comment.
import { db } from "#app/lib/db.server.ts";
import { markdownProblem } from "#app/lib/markdown-limits.ts";
import { t } from "#app/lib/strings.ts";
import { can, type Actor } from "#app/modules/identity/permissions.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export const WRITING_RULES = {
  message: { label: t.activityWriting.kinds.message, min: 10, max: 200 },
  reflection: { label: t.activityWriting.kinds.reflection, min: 300, max: 20_000 },
} as const;
export type WritingKind = keyof typeof WRITING_RULES;

/** The kind named by a request, or null: an own key only, never "__proto__" or "toString". */
export function writingKind(value: unknown): WritingKind | null {
  return typeof value === "string" && Object.hasOwn(WRITING_RULES, value) ? (value as WritingKind) : null;
}

const length = (s: string) => [...s.replace(/\s/g, "")].length;

export async function saveWriting(person: { id: string; unitId: string }, input: { id?: string; kind: WritingKind; title: string; body: string; submit: boolean }, now = new Date()) {
  const kind = writingKind(input.kind);
  const rule = kind ? WRITING_RULES[kind] : null;
  if (!rule) throw new DomainError(t.activityWriting.errors.badKind);
  const title = input.title.trim() || rule.label;
  if (title.length > 100) throw new DomainError(t.activityWriting.errors.titleTooLong);
  if (input.body.length > rule.max * 2) throw new DomainError(t.activityWriting.errors.tooLong(rule.label, rule.max));
  const markdown = markdownProblem(input.body);
  if (markdown) throw new DomainError(markdown);
  if (input.submit) {
    const n = length(input.body);
    if (n < rule.min) throw new DomainError(t.activityWriting.errors.tooShortNow(rule.label, rule.min, n));
    if (n > rule.max) throw new DomainError(t.activityWriting.errors.tooLongNow(rule.label, rule.max, n));
  }
  return db.$transaction(async (tx) => {
    let row;
    if (input.id) {
      const existing = await tx.reflection.findUnique({ where: { id: input.id } });
      if (!existing || existing.userId !== person.id) throw new DomainError(t.activityWriting.errors.missing, 404);
      if (existing.status === "submitted") throw new DomainError(t.activityWriting.errors.submittedLocked, 409);
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

/**
 * Who may do what with a message or reflection: its author reads and edits it; reviewers and those who
 * read records over the author's unit see it only once it is submitted (a draft is the author's alone);
 * reviewers comment on submitted ones. The page and the actions both ask this.
 */
export function writingPolicy(actor: Actor, doc: { userId: string; status: string }, unitPath: string) {
  const own = doc.userId === actor.id;
  const submitted = doc.status === "submitted";
  const reviewer = can(actor, "review.manage", { unitPath });
  const reader = reviewer || can(actor, "record.read", { userId: doc.userId, unitPath });
  return { view: own || (submitted && reader), edit: own && !submitted, comment: submitted && reviewer, own };
}

/** A message or reflection as `actor` may see it, with what they may do; 404 when they may not see it. */
export async function readWriting(actor: Actor, id: string) {
  const doc = await db.reflection.findUnique({ where: { id }, include: { comments: { orderBy: { at: "asc" } } } });
  if (!doc) throw new DomainError(t.activityWriting.errors.missing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: doc.unitId }, select: { path: true } });
  const policy = writingPolicy(actor, doc, unit.path);
  // A draft someone else may not see is not there, as far as they can tell.
  if (!policy.view) throw new DomainError(policy.own || doc.status === "submitted" ? t.errors.forbidden : t.activityWriting.errors.missing, policy.own || doc.status === "submitted" ? 403 : 404);
  return { doc, policy };
}

export async function commentOn(author: Actor, reflectionId: string, body: string) {
  const r = await db.reflection.findUnique({ where: { id: reflectionId } });
  if (!r || r.status !== "submitted") throw new DomainError(t.activityWriting.errors.commentOnlySubmitted, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: r.unitId }, select: { path: true } });
  if (!writingPolicy(author, r, unit.path).comment) throw new DomainError(t.activityWriting.errors.noCommentPermission, 403);
  if (body.trim().length < 2) throw new DomainError(t.activityWriting.errors.commentRequired);
  return db.reflectionComment.create({ data: { reflectionId, authorId: author.id, body: body.trim().slice(0, 2000) } });
}
