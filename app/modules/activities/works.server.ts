// Works with review: micro-lectures, calligraphy and paintings, hand-copied constitutions. A person
// submits; a manager of the unit approves or returns with a comment; a returned work gets a new
// version; every version and review is kept. Approved works join the unit showcase.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { can, scopesFor, type Actor } from "#app/modules/identity/permissions.server.ts";
import { workPolicy } from "./policy.server.ts";

import { WORK_KINDS_LABEL } from "./labels.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { inSubtrees, isInSubtree, subtreeWhere } from "#app/modules/identity/org.server.ts";

export const WORK_KINDS = WORK_KINDS_LABEL;

type Person = { id: string; unitId: string };

export async function submitWork(person: Person, input: { kind: string; title: string; description: string; fileId: string }) {
  if (!WORK_KINDS[input.kind]) throw new DomainError(t.activityWorks.errors.kindRequired);
  const title = input.title.trim();
  if (!title) throw new DomainError(t.activityWorks.errors.titleRequired);
  if (title.length > 100) throw new DomainError(t.activityWorks.errors.titleTooLong);
  return db.$transaction(async (tx) => {
    const work = await tx.work.create({ data: { userId: person.id, unitId: person.unitId, kind: input.kind, title, description: input.description.trim().slice(0, 2000) } });
    await tx.workVersion.create({ data: { workId: work.id, number: 1, fileId: input.fileId } });
    return work;
  });
}

/** A new version of a returned work. */
export async function resubmitWork(person: Person, workId: string, fileId: string, note: string) {
  return db.$transaction(async (tx) => {
    const work = await tx.work.findUnique({ where: { id: workId }, include: { versions: { select: { number: true } } } });
    if (!work || work.userId !== person.id) throw new DomainError(t.activityWorks.errors.missing, 404);
    if (work.status !== "returned") throw new DomainError(work.status === "approved" ? t.activityWorks.errors.approvedLocked : t.activityWorks.errors.underReview, 409);
    const number = Math.max(...work.versions.map((v) => v.number)) + 1;
    await tx.workVersion.create({ data: { workId, number, fileId, note: note.slice(0, 500) } });
    return tx.work.update({ where: { id: workId }, data: { status: "submitted" } });
  });
}

export async function reviewWork(reviewer: Actor, workId: string, decision: "approve" | "return", comment: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const work = await tx.work.findUnique({ where: { id: workId }, include: { versions: { orderBy: { number: "desc" }, take: 1 } } });
    if (!work) throw new DomainError(t.activityWorks.errors.missing, 404);
    const unit = await tx.orgUnit.findUniqueOrThrow({ where: { id: work.unitId }, select: { path: true } });
    if (!workPolicy(reviewer, unit).review) throw new DomainError(t.activityWorks.errors.noReviewPermission, 403);
    if (work.status !== "submitted") throw new DomainError(t.activityWorks.errors.notPending, 409);
    if (decision === "return" && comment.trim().length < 2) throw new DomainError(t.activityWorks.errors.returnNeedsComment);
    const version = work.versions[0]!.number;
    await tx.workReview.create({ data: { workId, version, reviewerId: reviewer.id, decision, comment: comment.trim().slice(0, 2000), at: now } });
    const updated = await tx.work.update({ where: { id: workId }, data: { status: decision === "approve" ? "approved" : "returned" } });
    if (decision === "approve") {
      await appendRecord(
        {
          actorId: work.userId,
          unitId: work.unitId,
          verb: "approved",
          object: { type: "work", id: work.id, name: t.activities.titled(WORK_KINDS[work.kind], work.title) },
          result: { completion: true, success: true },
          context: { kind: work.kind, version, reviewerId: reviewer.id },
          timestamp: now,
        },
        tx,
      );
    }
    return updated;
  });
}

export async function nominateWork(reviewer: Actor, workId: string, nominated: boolean) {
  const work = await db.work.findUnique({ where: { id: workId } });
  if (!work || work.status !== "approved") throw new DomainError(t.activityWorks.errors.nominateNeedsApproval);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: work.unitId }, select: { path: true } });
  if (!workPolicy(reviewer, unit).nominate) throw new DomainError(t.activityWorks.errors.noNominatePermission, 403);
  return db.work.update({ where: { id: workId }, data: { nominated, nominatedById: nominated ? reviewer.id : null } });
}

export async function workDetail(workId: string) {
  return db.work.findUnique({
    where: { id: workId },
    include: { versions: { orderBy: { number: "desc" } }, reviews: { orderBy: { at: "desc" } } },
  });
}

/**
 * The subtrees whose approved works a person sees in the showcase: their own bureau (the county or
 * district bureau they belong to; at the city bureau, its own departments and branches) and whatever
 * they review or oversee. Another bureau's people are not shown to them.
 */
export async function showcaseScope(viewer: Actor): Promise<{ include: string[]; exclude: string[] }> {
  const ancestors = await db.orgUnit.findMany({ where: { id: { in: viewer.unitPath.split("/").filter(Boolean) } }, select: { id: true, kind: true, path: true } });
  const bureau = ancestors.filter((u) => u.kind === "county").sort((a, b) => b.path.length - a.path.length)[0] ?? ancestors.find((u) => u.kind === "city") ?? null;
  const granted = [...scopesFor(viewer, "review.manage"), ...scopesFor(viewer, "oversight.read")];
  const include = [...(bureau ? [bureau.path] : [viewer.unitPath]), ...granted];
  // At the city bureau, the county bureaus below it are other bureaus (unless a grant covers them).
  const exclude =
    bureau?.kind === "city"
      ? (await db.orgUnit.findMany({ where: { kind: "county", ...subtreeWhere(bureau.path) }, select: { path: true } })).map((u) => u.path).filter((p) => !granted.some((g) => p.startsWith(g)))
      : [];
  return { include, exclude };
}

const inScope = (path: string, scope: { include: string[]; exclude: string[] }) => scope.include.some((p) => isInSubtree(path, p)) && !scope.exclude.some((p) => isInSubtree(path, p));

/** Approved works in the viewer's showcase scope, nominated first. */
export async function showcaseWorks(viewer: Actor, take = 100) {
  const scope = await showcaseScope(viewer);
  const units = await db.orgUnit.findMany({ where: inSubtrees(scope.include), select: { id: true, path: true } });
  const unitIds = units.filter((u) => inScope(u.path, scope)).map((u) => u.id);
  return db.work.findMany({
    where: { status: "approved", unitId: { in: unitIds } },
    orderBy: [{ nominated: "desc" }, { updatedAt: "desc" }],
    take,
    include: { versions: { orderBy: { number: "desc" }, take: 1 } },
  });
}

/** May this person see this work (and its files)? The author, reviewers over its unit, or, once approved, those whose showcase holds it. */
export async function canSeeWork(viewer: Actor, work: { userId: string; unitId: string; status: string }) {
  if (work.userId === viewer.id) return true;
  const unit = await db.orgUnit.findUnique({ where: { id: work.unitId }, select: { path: true } });
  if (!unit) return false;
  if (can(viewer, "review.manage", { unitPath: unit.path })) return true;
  return work.status === "approved" && inScope(unit.path, await showcaseScope(viewer));
}

export async function canSeeFile(viewer: Actor, fileId: string) {
  const version = await db.workVersion.findFirst({ where: { fileId }, include: { work: true } });
  if (version) return canSeeWork(viewer, version.work);
  const file = await db.storedFile.findUnique({ where: { id: fileId }, select: { ownerId: true } });
  // Lesson media belongs to the curriculum: every signed-in reader may play it.
  if (file?.ownerId.startsWith("lesson-media:")) return true;
  // Rectification evidence: whoever may see the ledger item.
  if (file?.ownerId.startsWith("ledger-evidence:")) {
    const item = await db.ledgerItem.findUnique({ where: { id: file.ownerId.slice("ledger-evidence:".length) } });
    const unit = item ? await db.orgUnit.findUnique({ where: { id: item.unitId }, select: { path: true } }) : null;
    return Boolean(item && unit && (item.leaderId === viewer.id || can(viewer, "review.manage", { unitPath: unit.path }) || can(viewer, "oversight.read", { unitPath: unit.path })));
  }
  return file?.ownerId === viewer.id;
}
