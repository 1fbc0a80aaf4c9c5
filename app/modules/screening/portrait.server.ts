// The portrait (画像): a branch raises problems for each member from four sources — the superior
// (上级点), peers (互相提), the member (自己找) and the branch together (集体议). Who raised a peer
// problem is visible only to the branch secretary and inspectors. The member confirms or disputes
// each; the secretary finalises the list, which is filed into the member's integrity file.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { can, type Actor } from "#app/modules/identity/permissions.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { AREAS, SOURCES } from "./areas.ts";

export class ScreeningError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Person = Actor & { name?: string };

async function unitOf(roundId: string) {
  const round = await db.portraitRound.findUnique({ where: { id: roundId } });
  if (!round) throw new ScreeningError(t.screeningPortrait.errors.roundMissing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: round.unitId } });
  return { round, unit };
}

/** The branch secretary (a manager over the branch) and inspectors see who raised what. */
export function seesRaisers(actor: Actor, unitPath: string): boolean {
  return can(actor, "review.manage", { unitPath }) || actor.grants.some((g) => g.role === "inspector" && unitPath.startsWith(g.unitPath));
}

export async function openPortraitRound(actor: Actor, unitId: string, title: string) {
  const unit = await db.orgUnit.findUnique({ where: { id: unitId } });
  if (!unit || !can(actor, "review.manage", { unitPath: unit.path })) throw new ScreeningError(t.screeningPortrait.errors.openForbidden, 403);
  return db.portraitRound.create({ data: { unitId, title: title.trim() || t.screeningPortrait.defaultTitle(unit.name), createdById: actor.id } });
}

export async function raiseProblem(
  actor: Person,
  roundId: string,
  input: { subjectId: string; source: string; area: string; description: string; earlySign?: boolean; riskPointId?: string | null },
) {
  const { round, unit } = await unitOf(roundId);
  const subject = await db.user.findUnique({ where: { id: input.subjectId }, include: { unit: true } });
  if (!subject || !subject.unit.path.startsWith(unit.path)) throw new ScreeningError(t.screeningPortrait.errors.subjectOutside);
  if (!SOURCES[input.source]) throw new ScreeningError(t.screeningPortrait.errors.sourceRequired);
  if (!AREAS[input.area]) throw new ScreeningError(t.screeningPortrait.errors.areaRequired);
  if (input.riskPointId) {
    const risk = await db.riskPoint.findUnique({ where: { id: input.riskPointId } });
    const riskUnit = risk ? await db.orgUnit.findUnique({ where: { id: risk.unitId }, select: { path: true } }) : null;
    if (!riskUnit || !riskUnit.path.startsWith(unit.path)) throw new ScreeningError(t.screeningPortrait.errors.riskOutside);
  }
  const description = input.description.trim();
  if (description.length < 5) throw new ScreeningError(t.screeningPortrait.errors.descriptionShort);
  const secretary = can(actor, "review.manage", { unitPath: unit.path });
  const member = actor.unitPath.startsWith(unit.path);
  switch (input.source) {
    case "self":
      if (actor.id !== subject.id) throw new ScreeningError(t.screeningPortrait.errors.selfOnly, 403);
      break;
    case "peer":
      if (!member || actor.id === subject.id) throw new ScreeningError(t.screeningPortrait.errors.peerOnly, 403);
      break;
    case "superior":
    case "collective":
      if (!secretary) throw new ScreeningError(t.screeningPortrait.errors.secretaryOnly(SOURCES[input.source]), 403);
      break;
  }
  return db.portraitProblem.create({
    data: { roundId: round.id, subjectId: subject.id, source: input.source, area: input.area, description: description.slice(0, 2000), raisedById: actor.id, earlySign: Boolean(input.earlySign && secretary), riskPointId: input.riskPointId ?? null },
  });
}

export async function respond(actor: Actor, problemId: string, response: "confirmed" | "disputed", note: string) {
  const p = await db.portraitProblem.findUnique({ where: { id: problemId } });
  if (!p || p.subjectId !== actor.id) throw new ScreeningError(t.screeningPortrait.errors.problemMissing, 404);
  if (p.finalised) throw new ScreeningError(t.screeningPortrait.errors.finalised, 409);
  if (response === "disputed" && note.trim().length < 2) throw new ScreeningError(t.screeningPortrait.errors.disputeReason);
  return db.portraitProblem.update({ where: { id: problemId }, data: { response, responseNote: note.trim().slice(0, 1000) } });
}

/** Finalises a member's list: filed into their integrity file and sent to the inspectors. */
export async function finalise(actor: Actor, roundId: string, subjectId: string, now = new Date()) {
  const { round, unit } = await unitOf(roundId);
  if (!can(actor, "review.manage", { unitPath: unit.path })) throw new ScreeningError(t.screeningPortrait.errors.finaliseForbidden, 403);
  const problems = await db.portraitProblem.findMany({ where: { roundId, subjectId, finalised: false } });
  if (problems.length === 0) throw new ScreeningError(t.screeningPortrait.errors.nothingToFinalise, 409);
  const pending = problems.filter((p) => p.response === "pending");
  if (pending.length) throw new ScreeningError(t.screeningPortrait.errors.pendingResponses(pending.length), 409);
  const subject = await db.user.findUniqueOrThrow({ where: { id: subjectId } });
  await db.$transaction(async (tx) => {
    for (const p of problems) {
      await tx.portraitProblem.update({ where: { id: p.id }, data: { finalised: true, finalisedAt: now } });
      await appendRecord(
        {
          actorId: subject.id,
          unitId: subject.unitId,
          verb: "filed",
          object: { type: "problem", id: p.id, name: t.screeningPortrait.filedRecord(AREAS[p.area], p.description.slice(0, 40)) },
          result: { response: p.response },
          context: { roundId: round.id, source: p.source, area: p.area, earlySign: p.earlySign, filedById: actor.id },
          timestamp: now,
        },
        tx,
      );
    }
  });
  return problems.length;
}

export async function flagEarlySign(actor: Actor, problemId: string, flag: boolean) {
  const p = await db.portraitProblem.findUnique({ where: { id: problemId }, include: { round: true } });
  if (!p) throw new ScreeningError(t.screeningPortrait.errors.problemMissing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: p.round.unitId } });
  if (!seesRaisers(actor, unit.path)) throw new ScreeningError(t.screeningTerms.forbidden, 403);
  return db.portraitProblem.update({ where: { id: problemId }, data: { earlySign: flag } });
}

export async function recordTalk(actor: Actor, problemId: string, input: { scheduledAt: Date; heldAt: Date | null; outcome: string }) {
  const p = await db.portraitProblem.findUnique({ where: { id: problemId }, include: { round: true } });
  if (!p) throw new ScreeningError(t.screeningPortrait.errors.problemMissing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: p.round.unitId } });
  if (!seesRaisers(actor, unit.path)) throw new ScreeningError(t.screeningTerms.forbidden, 403);
  if (!p.earlySign) throw new ScreeningError(t.screeningPortrait.errors.earlySignOnly);
  if (input.heldAt && input.outcome.trim().length < 2) throw new ScreeningError(t.screeningPortrait.errors.talkOutcome);
  return db.talkRecord.create({ data: { problemId, scheduledAt: input.scheduledAt, heldAt: input.heldAt, outcome: input.outcome.trim(), byId: actor.id } });
}

/** A round as the viewer may see it: peers' names only for the secretary and inspectors. */
export async function roundForViewer(viewer: Actor, roundId: string) {
  const { round, unit } = await unitOf(roundId);
  const member = viewer.unitPath.startsWith(unit.path);
  const privileged = seesRaisers(viewer, unit.path);
  if (!member && !privileged) throw new ScreeningError(t.screeningPortrait.errors.viewForbidden, 403);
  const problems = await db.portraitProblem.findMany({ where: { roundId }, orderBy: { createdAt: "asc" }, include: { talks: true } });
  const people = await db.user.findMany({ where: { active: true, unit: { path: { startsWith: unit.path } } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  const names = new Map((await db.user.findMany({ where: { id: { in: [...people.map((p) => p.id), ...problems.map((p) => p.raisedById)] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const visible = privileged ? problems : problems.filter((p) => p.subjectId === viewer.id);
  return {
    round: { id: round.id, title: round.title, unit: unit.name, unitId: unit.id },
    privileged,
    members: people,
    problems: visible.map((p) => ({
      id: p.id,
      subjectId: p.subjectId,
      subject: names.get(p.subjectId) ?? "",
      source: p.source,
      area: p.area,
      description: p.description,
      // Peers' names are for the secretary and inspectors only; the member sees the source, not the person.
      raisedBy: privileged || p.source !== "peer" ? (names.get(p.raisedById) ?? "") : null,
      response: p.response,
      responseNote: p.responseNote,
      finalised: p.finalised,
      earlySign: p.earlySign,
      talks: privileged ? p.talks.map((t) => ({ scheduledAt: t.scheduledAt.toISOString(), heldAt: t.heldAt?.toISOString() ?? null, outcome: t.outcome })) : [],
    })),
  };
}
