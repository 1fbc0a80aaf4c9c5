// The portrait (画像): a branch raises problems for each member from four sources — the superior
// (上级点), peers (互相提), the member (自己找) and the branch together (集体议). Who raised a peer
// problem is visible only to the branch secretary and inspectors. The member confirms or disputes
// each; the secretary rules on each dispute and finalises the list, which is filed into the member's
// integrity file with the dispute, the explanation and the ruling. `portraitPolicy` decides who may
// do what; the round's screen and every mutation ask it.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { can, scopesFor, type Actor } from "#app/modules/identity/permissions.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { AREA_LABELS, AREAS, SOURCES } from "./areas.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { inSubtrees, isInSubtree, subtreeWhere } from "#app/modules/identity/org.server.ts";

type Person = Actor & { name?: string };

async function unitOf(roundId: string) {
  const round = await db.portraitRound.findUnique({ where: { id: roundId } });
  if (!round) throw new DomainError(t.screeningPortrait.errors.roundMissing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: round.unitId } });
  return { round, unit };
}

export type PortraitPolicy = {
  /** May open the round at all. */
  view: boolean;
  /** Sees every member's problems (else only their own). */
  viewAll: boolean;
  /** Sees who raised a peer problem: the branch secretary (a manager over the branch) and inspectors — not an admin as such. */
  seeRaisers: boolean;
  /** Raises 上级点 / 集体议, rules on disputes and finalises: the review permission over the branch. */
  secretary: boolean;
  /** Raises 互相提 / 自己找: a member of the branch. */
  member: boolean;
  /** Marks early signs and records talks. */
  earlySign: boolean;
};

/** The one rule for a portrait round of the branch at `unitPath`. */
export function portraitPolicy(actor: Actor, unitPath: string): PortraitPolicy {
  const member = isInSubtree(actor.unitPath, unitPath);
  const secretary = can(actor, "review.manage", { unitPath });
  const inspector = actor.grants.some((g) => g.role === "inspector" && isInSubtree(unitPath, g.unitPath));
  const branchSecretary = actor.grants.some((g) => g.role === "manager" && isInSubtree(unitPath, g.unitPath));
  const seeRaisers = branchSecretary || inspector;
  return { view: member || secretary || inspector, viewAll: secretary || inspector, seeRaisers, secretary, member, earlySign: seeRaisers };
}

/** The screening home: the rounds a person takes part in or manages, and the cards they may open. */
export async function screeningHome(actor: Actor) {
  const ancestors = actor.unitPath.split("/").filter(Boolean);
  const scopes = scopesFor(actor, "review.manage");
  const managed = scopes.length ? await db.orgUnit.findMany({ where: inSubtrees(scopes), select: { id: true } }) : [];
  const rounds = await db.portraitRound.findMany({ where: { unitId: { in: [...ancestors, ...managed.map((u) => u.id)] } }, orderBy: { createdAt: "desc" }, take: 50 });
  const names = new Map((await db.orgUnit.findMany({ where: { id: { in: rounds.map((r) => r.unitId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const branches = scopes.length ? await db.orgUnit.findMany({ where: { kind: "branch", ...inSubtrees(scopes) }, select: { id: true, name: true } }) : [];
  return {
    rounds: rounds.map((r) => ({ id: r.id, title: r.title, unit: names.get(r.unitId) ?? "" })),
    /** Branches where the actor may open a round (openPortraitRound's own rule). */
    branches,
    oversight: can(actor, "oversight.read", "global"),
    author: can(actor, "content.author", "global"),
  };
}

export async function openPortraitRound(actor: Actor, unitId: string, title: string) {
  const unit = await db.orgUnit.findUnique({ where: { id: unitId } });
  if (!unit || !portraitPolicy(actor, unit.path).secretary) throw new DomainError(t.screeningPortrait.errors.openForbidden, 403);
  return db.portraitRound.create({ data: { unitId, title: title.trim() || t.screeningPortrait.defaultTitle(unit.name), createdById: actor.id } });
}

export async function raiseProblem(
  actor: Person,
  roundId: string,
  input: { subjectId: string; source: string; area: string; description: string; earlySign?: boolean; riskPointId?: string | null },
) {
  const { round, unit } = await unitOf(roundId);
  const subject = await db.user.findUnique({ where: { id: input.subjectId }, include: { unit: true } });
  if (!subject || !isInSubtree(subject.unit.path, unit.path)) throw new DomainError(t.screeningPortrait.errors.subjectOutside);
  // Own keys only: "constructor" is not a source. No area is chosen for the member (no default).
  if (!Object.hasOwn(SOURCES, input.source)) throw new DomainError(t.screeningPortrait.errors.sourceRequired);
  if (!Object.hasOwn(AREAS, input.area)) throw new DomainError(t.screeningPortrait.errors.areaRequired);
  if (input.riskPointId) {
    const risk = await db.riskPoint.findUnique({ where: { id: input.riskPointId } });
    const riskUnit = risk ? await db.orgUnit.findUnique({ where: { id: risk.unitId }, select: { path: true } }) : null;
    if (!riskUnit || !isInSubtree(riskUnit.path, unit.path)) throw new DomainError(t.screeningPortrait.errors.riskOutside);
  }
  const description = input.description.trim();
  if (description.length < 5) throw new DomainError(t.screeningPortrait.errors.descriptionShort);
  const { secretary, member } = portraitPolicy(actor, unit.path);
  switch (input.source) {
    case "self":
      if (actor.id !== subject.id) throw new DomainError(t.screeningPortrait.errors.selfOnly, 403);
      break;
    case "peer":
      if (!member || actor.id === subject.id) throw new DomainError(t.screeningPortrait.errors.peerOnly, 403);
      break;
    case "superior":
    case "collective":
      if (!secretary) throw new DomainError(t.screeningPortrait.errors.secretaryOnly(SOURCES[input.source]), 403);
      break;
  }
  return db.portraitProblem.create({
    data: { roundId: round.id, subjectId: subject.id, source: input.source, area: input.area, description: description.slice(0, 2000), raisedById: actor.id, earlySign: Boolean(input.earlySign && secretary), riskPointId: input.riskPointId ?? null },
  });
}

export async function respond(actor: Actor, problemId: string, response: "confirmed" | "disputed", note: string) {
  const p = await db.portraitProblem.findUnique({ where: { id: problemId } });
  if (!p || p.subjectId !== actor.id) throw new DomainError(t.screeningPortrait.errors.problemMissing, 404);
  if (p.finalised) throw new DomainError(t.screeningPortrait.errors.finalised, 409);
  if (response === "disputed" && note.trim().length < 2) throw new DomainError(t.screeningPortrait.errors.disputeReason);
  // A new answer voids any ruling on the old one.
  return db.portraitProblem.update({ where: { id: problemId }, data: { response, responseNote: note.trim().slice(0, 1000), ruling: "", ruledById: null, ruledAt: null } });
}

/** The secretary's ruling on a disputed problem, filed with it. */
export async function ruleOnDispute(actor: Actor, problemId: string, ruling: string, now = new Date()) {
  const p = await db.portraitProblem.findUnique({ where: { id: problemId }, include: { round: true } });
  const unit = p ? await db.orgUnit.findUnique({ where: { id: p.round.unitId }, select: { path: true } }) : null;
  if (!p || !unit || !portraitPolicy(actor, unit.path).view) throw new DomainError(t.screeningPortrait.errors.problemMissing, 404);
  if (!portraitPolicy(actor, unit.path).secretary) throw new DomainError(t.screeningPortrait.errors.ruleForbidden, 403);
  if (p.finalised) throw new DomainError(t.screeningPortrait.errors.finalised, 409);
  if (p.response !== "disputed") throw new DomainError(t.screeningPortrait.errors.ruleNotDisputed, 409);
  if (ruling.trim().length < 5) throw new DomainError(t.screeningPortrait.errors.rulingShort);
  return db.portraitProblem.update({ where: { id: problemId }, data: { ruling: ruling.trim().slice(0, 1000), ruledById: actor.id, ruledAt: now } });
}

/** What finalising would file, for the confirmation the secretary is asked for first. */
export async function finalisePreview(actor: Actor, roundId: string, subjectId: string) {
  const { unit } = await unitOf(roundId);
  if (!portraitPolicy(actor, unit.path).secretary) throw new DomainError(t.screeningPortrait.errors.finaliseForbidden, 403);
  const problems = await db.portraitProblem.findMany({ where: { roundId, subjectId, finalised: false }, select: { response: true } });
  if (problems.length === 0) throw new DomainError(t.screeningPortrait.errors.nothingToFinalise, 409);
  const subject = await db.user.findUnique({ where: { id: subjectId }, select: { name: true } });
  return { subjectId, name: subject?.name ?? "", count: problems.length, disputed: problems.filter((p) => p.response === "disputed").length };
}

/** Finalises a member's list: filed into their integrity file and sent to the inspectors. */
export async function finalise(actor: Actor, roundId: string, subjectId: string, now = new Date()) {
  const { round, unit } = await unitOf(roundId);
  if (!portraitPolicy(actor, unit.path).secretary) throw new DomainError(t.screeningPortrait.errors.finaliseForbidden, 403);
  const problems = await db.portraitProblem.findMany({ where: { roundId, subjectId, finalised: false } });
  if (problems.length === 0) throw new DomainError(t.screeningPortrait.errors.nothingToFinalise, 409);
  const pending = problems.filter((p) => p.response === "pending");
  if (pending.length) throw new DomainError(t.screeningPortrait.errors.pendingResponses(pending.length), 409);
  const unruled = problems.filter((p) => p.response === "disputed" && !p.ruling);
  if (unruled.length) throw new DomainError(t.screeningPortrait.errors.unruledDisputes(unruled.length), 409);
  const subject = await db.user.findUniqueOrThrow({ where: { id: subjectId } });
  await db.$transaction(async (tx) => {
    for (const p of problems) {
      await tx.portraitProblem.update({ where: { id: p.id }, data: { finalised: true, finalisedAt: now } });
      await appendRecord(
        {
          actorId: subject.id,
          unitId: subject.unitId,
          verb: "filed",
          object: { type: "problem", id: p.id, name: t.screeningPortrait.filedRecord(AREA_LABELS[p.area] ?? p.area, p.description.slice(0, 40)) },
          // A disputed problem is filed with the member's explanation and the secretary's ruling, not as bare fact.
          result: p.response === "disputed" ? { response: p.response, responseNote: p.responseNote, ruling: p.ruling } : { response: p.response },
          context: { roundId: round.id, source: p.source, area: p.area, earlySign: p.earlySign, filedById: actor.id, ...(p.ruledById ? { ruledById: p.ruledById } : {}) },
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
  if (!p) throw new DomainError(t.screeningPortrait.errors.problemMissing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: p.round.unitId } });
  if (!portraitPolicy(actor, unit.path).earlySign) throw new DomainError(t.screeningTerms.forbidden, 403);
  return db.portraitProblem.update({ where: { id: problemId }, data: { earlySign: flag } });
}

export async function recordTalk(actor: Actor, problemId: string, input: { scheduledAt: Date; heldAt: Date | null; outcome: string }) {
  const p = await db.portraitProblem.findUnique({ where: { id: problemId }, include: { round: true } });
  if (!p) throw new DomainError(t.screeningPortrait.errors.problemMissing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: p.round.unitId } });
  if (!portraitPolicy(actor, unit.path).earlySign) throw new DomainError(t.screeningTerms.forbidden, 403);
  if (!p.earlySign) throw new DomainError(t.screeningPortrait.errors.earlySignOnly);
  if (input.heldAt && input.outcome.trim().length < 2) throw new DomainError(t.screeningPortrait.errors.talkOutcome);
  return db.talkRecord.create({ data: { problemId, scheduledAt: input.scheduledAt, heldAt: input.heldAt, outcome: input.outcome.trim(), byId: actor.id } });
}

/** A round as the viewer may see it: peers' names only for the secretary and inspectors. */
export async function roundForViewer(viewer: Actor, roundId: string) {
  const { round, unit } = await unitOf(roundId);
  const policy = portraitPolicy(viewer, unit.path);
  if (!policy.view) throw new DomainError(t.screeningPortrait.errors.viewForbidden, 403);
  const problems = await db.portraitProblem.findMany({ where: { roundId }, orderBy: { createdAt: "asc" }, include: { talks: true } });
  const people = await db.user.findMany({ where: { active: true, unit: subtreeWhere(unit.path) }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  const names = new Map((await db.user.findMany({ where: { id: { in: [...people.map((p) => p.id), ...problems.map((p) => p.raisedById)] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const visible = policy.viewAll ? problems : problems.filter((p) => p.subjectId === viewer.id);
  const units = await db.orgUnit.findMany({ where: subtreeWhere(unit.path), select: { id: true } });
  const risks = await db.riskPoint.findMany({ where: { unitId: { in: units.map((u) => u.id) } }, select: { id: true, name: true } });
  return {
    round: { id: round.id, title: round.title, unit: unit.name, unitId: unit.id },
    policy,
    risks,
    members: people,
    problems: visible.map((p) => ({
      id: p.id,
      subjectId: p.subjectId,
      subject: names.get(p.subjectId) ?? "",
      source: p.source,
      area: p.area,
      description: p.description,
      // Peers' names are for the secretary and inspectors only; the member sees the source, not the person.
      raisedBy: policy.seeRaisers || p.source !== "peer" ? (names.get(p.raisedById) ?? "") : null,
      response: p.response,
      responseNote: p.responseNote,
      ruling: p.ruling,
      finalised: p.finalised,
      earlySign: p.earlySign,
      talks: policy.earlySign ? p.talks.map((talk) => ({ scheduledAt: talk.scheduledAt.toISOString(), heldAt: talk.heldAt?.toISOString() ?? null, outcome: talk.outcome })) : [],
    })),
  };
}
