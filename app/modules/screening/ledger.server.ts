// The rectification ledger (整改台账). Every item carries the six clarities (六个明确): leader,
// department, responsible person, deadline, standard, expected effect — all required. Closing (销号)
// takes two steps: the responsible leader signs off with evidence, then the body that assigned the
// item accepts it (never the leader or responsible person alone). A closed item can be reopened; both
// the closing and the reopening go into the person's integrity file. Overdue items are flagged;
// supervision orders (督办单) go to lagging units.
//
// Who may do what to an item is decided once, by `ledgerPolicy`: the loaders ask it what to offer and
// every mutation below asks it what to allow.
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { orDefault } from "#app/lib/form-fields.ts";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { can, scopesFor, type Actor } from "#app/modules/identity/permissions.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { LEDGER_SOURCES } from "./areas.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { inSubtrees, isInSubtree, subtreeWhere } from "#app/modules/identity/org.server.ts";

export const ledgerInput = z.object({
  unitId: z.string().min(1, t.screeningLedger.errors.unitRequired),
  source: z.enum(Object.keys(LEDGER_SOURCES) as [string, ...string[]], { error: t.screeningLedger.errors.sourceRequired }),
  problemId: z.string().nullable().default(null),
  riskPointId: z.string().nullable().default(null),
  title: z.string().trim().min(2, t.screeningLedger.errors.titleRequired).max(200),
  description: z.string().trim().max(2000).default(""),
  leaderId: z.string().min(1, t.screeningLedger.errors.leaderRequired),
  department: z.string().trim().min(1, t.screeningLedger.errors.departmentRequired).max(60),
  /** The responsible person's username; resolved and scope-checked by createItem. */
  responsible: z.string().trim().toLowerCase().min(1, t.screeningLedger.errors.responsibleRequired).max(64, t.screeningLedger.errors.responsibleMissing),
  deadline: z.coerce.date({ error: t.screeningLedger.errors.deadlineRequired }),
  standard: z.string().trim().min(2, t.screeningLedger.errors.standardRequired).max(1000),
  effect: z.string().trim().min(2, t.screeningLedger.errors.effectRequired).max(1000),
});

export type LedgerInput = z.infer<typeof ledgerInput>;

/** What the policy needs to know about an item. */
export type LedgerSubject = {
  unitPath: string;
  /** The assigning body's unit; the item's own unit for items made before it was recorded. */
  assignedByPath: string;
  parentPath: string | null;
  leaderId: string;
  responsibleId: string | null;
  /** The person the item concerns (the subject of its portrait problem), if any. */
  subjectId: string | null;
  status: string;
  closeRequested: boolean;
};

export type LedgerPolicy = {
  view: boolean;
  progress: boolean;
  /** The responsible leader's sign-off (申请销号). */
  signOff: boolean;
  /** Acceptance of the closing (验收销号) by the assigning body. */
  accept: boolean;
  reopen: boolean;
  order: boolean;
  respond: boolean;
};

const inspects = (a: Actor, path: string) => a.grants.some((g) => g.role === "inspector" && isInSubtree(path, g.unitPath));

/**
 * The one rule for ledger items. Seen by the person concerned, the responsible leader and person,
 * the managers (the branch secretary up) and inspectors over the unit, and the body that assigned it;
 * not by other members of the unit.
 */
export function ledgerPolicy(actor: Actor, item: LedgerSubject): LedgerPolicy {
  const leader = item.leaderId === actor.id;
  const responsible = item.responsibleId === actor.id;
  const concerned = leader || responsible || item.subjectId === actor.id;
  const manages = can(actor, "review.manage", { unitPath: item.unitPath });
  const oversees = can(actor, "oversight.read", { unitPath: item.unitPath }) || inspects(actor, item.unitPath);
  const assigner = can(actor, "review.manage", { unitPath: item.assignedByPath });
  const open = item.status === "open";
  return {
    view: concerned || manages || oversees || assigner,
    progress: open && (leader || responsible || manages),
    signOff: open && leader,
    // Until the campaign office exists: a holder of the review permission over the assigning unit who is not the leader, the responsible person or the person concerned.
    accept: open && item.closeRequested && assigner && !concerned,
    reopen: item.status === "closed" && (manages || inspects(actor, item.unitPath) || assigner),
    // An order comes from above the unit: an inspector over it, or a manager over its parent.
    order: open && (inspects(actor, item.unitPath) || can(actor, "review.manage", { unitPath: item.parentPath ?? item.unitPath })),
    respond: leader || responsible || manages,
  };
}

async function loadItem(itemId: string) {
  const item = await db.ledgerItem.findUnique({ where: { id: itemId } });
  if (!item) throw new DomainError(t.screeningLedger.errors.itemMissing, 404);
  const unitIds = [item.unitId, ...(item.assignedByUnitId ? [item.assignedByUnitId] : [])];
  const units = new Map((await db.orgUnit.findMany({ where: { id: { in: unitIds } }, select: { id: true, path: true, name: true, parentId: true } })).map((u) => [u.id, u]));
  const unit = units.get(item.unitId)!;
  const parent = unit.parentId ? await db.orgUnit.findUnique({ where: { id: unit.parentId }, select: { path: true } }) : null;
  const problem = item.problemId ? await db.portraitProblem.findUnique({ where: { id: item.problemId }, select: { subjectId: true } }) : null;
  const subject: LedgerSubject = {
    unitPath: unit.path,
    assignedByPath: units.get(item.assignedByUnitId ?? "")?.path ?? unit.path,
    parentPath: parent?.path ?? null,
    leaderId: item.leaderId,
    responsibleId: item.responsibleId,
    subjectId: problem?.subjectId ?? null,
    status: item.status,
    closeRequested: Boolean(item.closeRequestedAt),
  };
  return { item, unit, subject };
}

/**
 * An item with the actor's policy over it. Someone who may not see it is told it does not exist
 * (404), so ids of other bureaus' items reveal nothing.
 */
export async function ledgerItemFor(actor: Actor, itemId: string) {
  const loaded = await loadItem(itemId);
  const policy = ledgerPolicy(actor, loaded.subject);
  if (!policy.view) throw new DomainError(t.screeningLedger.errors.itemMissing, 404);
  return { ...loaded, policy };
}

/** The item page: the item, its history and orders, and what the viewer may do. */
export async function ledgerItemView(actor: Actor, itemId: string, now = new Date()) {
  const { item, unit, policy } = await ledgerItemFor(actor, itemId);
  const updates = await db.ledgerUpdate.findMany({ where: { itemId }, orderBy: { at: "asc" } });
  const orders = await db.supervisionOrder.findMany({ where: { itemId }, orderBy: { issuedAt: "asc" } });
  const ids = [item.leaderId, ...updates.map((u) => u.byId), ...orders.map((o) => o.issuedById)];
  const people = new Map((await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return {
    item: {
      id: item.id,
      title: item.title,
      description: item.description,
      unit: unit.name,
      source: LEDGER_SOURCES[item.source],
      leader: people.get(item.leaderId) ?? "",
      department: item.department,
      responsible: item.responsible,
      deadline: item.deadline.toISOString(),
      standard: item.standard,
      effect: item.effect,
      status: item.status,
      closeRequested: Boolean(item.closeRequestedAt),
      overdue: isOverdue(item, now),
    },
    history: updates.map((u) => ({ kind: u.kind, text: u.text, fileId: u.fileId, by: people.get(u.byId) ?? "", at: u.at.toISOString() })),
    orders: orders.map((o) => ({ id: o.id, content: o.content, deadline: o.deadline.toISOString(), by: people.get(o.issuedById) ?? "", response: o.response, respondedAt: o.respondedAt?.toISOString() ?? null })),
    policy,
  };
}

/** What the actor may create: the units, and the people and links a new item may name. */
function createScopes(actor: Actor): string[] {
  const paths = [...scopesFor(actor, "review.manage"), ...actor.grants.filter((g) => g.role === "inspector").map((g) => g.unitPath)];
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

const inCreateScope = (actor: Actor, path: string) => can(actor, "review.manage", { unitPath: path }) || inspects(actor, path);

/** The assigning body for an item of `unitPath`: the actor's nearest grant covering it. */
function assigningGrant(actor: Actor, unitPath: string) {
  return actor.grants
    .filter((g) => (g.role === "inspector" || can({ ...actor, grants: [g] }, "review.manage", { unitPath })) && isInSubtree(unitPath, g.unitPath))
    .sort((a, b) => b.unitPath.length - a.unitPath.length)[0];
}

/** The ledger screen's form: offered only to those who may create, with choices from their scope only. */
export async function ledgerCreateOptions(actor: Actor) {
  const scopes = createScopes(actor);
  if (!scopes.length) return null;
  const inScope = inSubtrees(scopes);
  const units = await db.orgUnit.findMany({ where: inScope, orderBy: [{ depth: "asc" }, { sortOrder: "asc" }], select: { id: true, name: true } });
  const leaders = await db.user.findMany({ where: { active: true, unit: inScope, grants: { some: {} } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  const problems = await db.portraitProblem.findMany({ where: { finalised: true, response: "confirmed", round: { unitId: { in: units.map((u) => u.id) } } }, orderBy: { finalisedAt: "desc" }, take: 100 });
  const risks = await db.riskPoint.findMany({ where: { unitId: { in: units.map((u) => u.id) } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  const subjects = new Map((await db.user.findMany({ where: { id: { in: problems.map((p) => p.subjectId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return { units, leaders, risks, problems: problems.map((p) => ({ id: p.id, subject: subjects.get(p.subjectId) ?? "", area: p.area, description: p.description })) };
}

export async function createItem(actor: Actor, input: LedgerInput) {
  const unit = await db.orgUnit.findUnique({ where: { id: input.unitId } });
  const assigning = unit ? assigningGrant(actor, unit.path) : undefined;
  if (!unit || !assigning) throw new DomainError(t.screeningLedger.errors.createForbidden, 403);
  // Every id the form names is checked against the actor's scope; an id outside it reads as unknown.
  const leader = await db.user.findUnique({ where: { id: input.leaderId }, include: { unit: { select: { path: true } } } });
  if (!leader || !leader.active || !inCreateScope(actor, leader.unit.path)) throw new DomainError(t.screeningLedger.errors.leaderMissing);
  const responsible = await db.user.findUnique({ where: { username: input.responsible }, include: { unit: { select: { path: true } } } });
  if (!responsible || !responsible.active || !inCreateScope(actor, responsible.unit.path)) throw new DomainError(t.screeningLedger.errors.responsibleMissing);
  if (input.problemId) {
    const p = await db.portraitProblem.findUnique({ where: { id: input.problemId }, include: { round: { select: { unitId: true } } } });
    const roundUnit = p ? await db.orgUnit.findUnique({ where: { id: p.round.unitId }, select: { path: true } }) : null;
    if (!p || !roundUnit || !isInSubtree(roundUnit.path, unit.path)) throw new DomainError(t.screeningLedger.errors.problemOutside);
    if (!p.finalised) throw new DomainError(t.screeningLedger.errors.problemNotFinal);
  }
  if (input.riskPointId) {
    const r = await db.riskPoint.findUnique({ where: { id: input.riskPointId } });
    const riskUnit = r ? await db.orgUnit.findUnique({ where: { id: r.unitId }, select: { path: true } }) : null;
    if (!riskUnit || !inCreateScope(actor, riskUnit.path)) throw new DomainError(t.screeningLedger.errors.riskOutside);
  }
  return db.ledgerItem.create({
    data: { ...input, responsible: responsible.name, responsibleId: responsible.id, assignedByUnitId: assigning.unitId, createdById: actor.id },
  });
}

/** An evidence file must be one uploaded for this item (receiveUpload stores it under the item's key). */
async function checkEvidence(itemId: string, fileId: string | null) {
  if (!fileId) return;
  const file = await db.storedFile.findUnique({ where: { id: fileId }, select: { ownerId: true } });
  if (!file || file.ownerId !== `ledger-evidence:${itemId}`) throw new DomainError(t.screeningLedger.errors.evidenceMissing);
}

export async function addProgress(actor: Actor, itemId: string, text: string, fileId: string | null) {
  const { item, policy } = await ledgerItemFor(actor, itemId);
  if (item.status === "closed") throw new DomainError(t.screeningLedger.errors.closedReopenFirst, 409);
  if (!policy.progress) throw new DomainError(t.screeningLedger.errors.progressForbidden, 403);
  if (text.trim().length < 2 && !fileId) throw new DomainError(t.screeningLedger.errors.progressEmpty);
  await checkEvidence(itemId, fileId);
  return db.ledgerUpdate.create({ data: { itemId, kind: "progress", text: text.trim().slice(0, 2000), fileId, byId: actor.id } });
}

/** 签字销号: the responsible leader signs off, with evidence; the item then awaits acceptance. */
export async function closeItem(actor: Actor, itemId: string, evidence: string, fileId: string | null, now = new Date()) {
  const { item, policy } = await ledgerItemFor(actor, itemId);
  if (item.status === "closed") throw new DomainError(t.screeningLedger.errors.alreadyClosed, 409);
  if (!policy.signOff) throw new DomainError(t.screeningLedger.errors.closeLeaderOnly, 403);
  if (item.closeRequestedAt) throw new DomainError(t.screeningLedger.errors.closeAwaiting, 409);
  const progress = await db.ledgerUpdate.count({ where: { itemId, kind: "progress" } });
  if (evidence.trim().length < 10 && !fileId) throw new DomainError(t.screeningLedger.errors.closeEvidence);
  if (progress === 0 && !fileId) throw new DomainError(t.screeningLedger.errors.closeProgress);
  await checkEvidence(itemId, fileId);
  return db.$transaction(async (tx) => {
    await tx.ledgerUpdate.create({ data: { itemId, kind: "close", text: evidence.trim().slice(0, 2000), fileId, byId: actor.id, at: now } });
    return tx.ledgerItem.update({ where: { id: itemId }, data: { signedOffById: actor.id, closeRequestedAt: now } });
  });
}

/** The integrity file an item's closing and reopening are written into: the person it concerns, else its leader. */
async function personOf(tx: Pick<typeof db, "portraitProblem" | "user">, item: { problemId: string | null; leaderId: string }) {
  const subject = item.problemId ? await tx.portraitProblem.findUnique({ where: { id: item.problemId }, select: { subjectId: true } }) : null;
  return tx.user.findUniqueOrThrow({ where: { id: subject?.subjectId ?? item.leaderId } });
}

/** 验收销号: the assigning body accepts the signed-off closing; the file says 整改销号. Or it returns it. */
export async function acceptClose(actor: Actor, itemId: string, decision: "accept" | "return", note: string, now = new Date()) {
  const { item, policy } = await ledgerItemFor(actor, itemId);
  if (item.status === "closed") throw new DomainError(t.screeningLedger.errors.alreadyClosed, 409);
  if (!item.closeRequestedAt) throw new DomainError(t.screeningLedger.errors.acceptNothing, 409);
  if (!policy.accept) throw new DomainError(t.screeningLedger.errors.acceptForbidden, 403);
  if (decision === "return" && note.trim().length < 5) throw new DomainError(t.screeningLedger.errors.returnReason);
  return db.$transaction(async (tx) => {
    if (decision === "return") {
      await tx.ledgerUpdate.create({ data: { itemId, kind: "return", text: note.trim().slice(0, 2000), byId: actor.id, at: now } });
      return tx.ledgerItem.update({ where: { id: itemId }, data: { signedOffById: null, closeRequestedAt: null } });
    }
    await tx.ledgerUpdate.create({ data: { itemId, kind: "accept", text: note.trim().slice(0, 2000), byId: actor.id, at: now } });
    const closed = await tx.ledgerItem.update({ where: { id: itemId }, data: { status: "closed", closedAt: now, acceptedById: actor.id } });
    const person = await personOf(tx, item);
    await appendRecord(
      {
        actorId: person.id,
        unitId: person.unitId,
        verb: "closed",
        object: { type: "rectification", id: item.id, name: t.screeningLedger.closedRecord(item.title) },
        result: { completion: true, success: true },
        context: { signedOffById: item.signedOffById, acceptedById: actor.id, deadline: item.deadline.toISOString(), onTime: now <= item.deadline },
        timestamp: now,
      },
      tx,
    );
    return closed;
  });
}

/** A check found it not fixed: reopen, with the reason in the history and in the integrity file. */
export async function reopenItem(actor: Actor, itemId: string, reason: string, newDeadline: Date | null, now = new Date()) {
  const { item, policy } = await ledgerItemFor(actor, itemId);
  if (item.status !== "closed") throw new DomainError(t.screeningLedger.errors.reopenNotClosed, 409);
  if (!policy.reopen) throw new DomainError(t.screeningLedger.errors.reopenForbidden, 403);
  if (reason.trim().length < 5) throw new DomainError(t.screeningLedger.errors.reopenReason);
  return db.$transaction(async (tx) => {
    await tx.ledgerUpdate.create({ data: { itemId, kind: "reopen", text: reason.trim().slice(0, 2000), byId: actor.id, at: now } });
    const reopened = await tx.ledgerItem.update({
      where: { id: itemId },
      data: { status: "open", closedAt: null, signedOffById: null, closeRequestedAt: null, acceptedById: null, ...(newDeadline ? { deadline: newDeadline } : {}) },
    });
    const person = await personOf(tx, item);
    await appendRecord(
      {
        actorId: person.id,
        unitId: person.unitId,
        verb: "reopened",
        object: { type: "rectification", id: item.id, name: t.screeningLedger.reopenedRecord(item.title) },
        result: { completion: false },
        context: { reopenedById: actor.id, deadline: reopened.deadline.toISOString() },
        timestamp: now,
      },
      tx,
    );
    return reopened;
  });
}

export function isOverdue(item: { status: string; deadline: Date }, now = new Date()) {
  return item.status === "open" && item.deadline < now;
}

export async function issueOrder(actor: Actor, itemId: string, content: string, deadline: Date) {
  const { item, policy } = await ledgerItemFor(actor, itemId);
  if (!policy.order) throw new DomainError(t.screeningLedger.errors.orderForbidden, 403);
  if (content.trim().length < 5) throw new DomainError(t.screeningLedger.errors.orderContent);
  return db.supervisionOrder.create({ data: { itemId, unitId: item.unitId, content: content.trim().slice(0, 2000), deadline, issuedById: actor.id } });
}

export async function respondOrder(actor: Actor, itemId: string, orderId: string, response: string) {
  const { policy } = await ledgerItemFor(actor, itemId);
  const order = await db.supervisionOrder.findUnique({ where: { id: orderId } });
  // An order of another item is not this item's: the same answer as one that does not exist.
  if (!order || order.itemId !== itemId) throw new DomainError(t.screeningLedger.errors.orderMissing, 404);
  if (!policy.respond) throw new DomainError(t.screeningLedger.errors.respondForbidden, 403);
  if (order.respondedAt) throw new DomainError(t.screeningLedger.errors.orderAnswered, 409);
  if (response.trim().length < 5) throw new DomainError(t.screeningLedger.errors.respondEmpty);
  return db.supervisionOrder.update({ where: { id: orderId }, data: { response: response.trim().slice(0, 2000), respondedAt: new Date(), respondedById: actor.id } });
}

export type LedgerFilter = { status?: "open" | "closed" | "overdue"; source?: string };

// Blank is "all"; anything else must be one of the filter's own values.
const ledgerQuery = z.object({
  status: orDefault(() => undefined, z.enum(["open", "closed", "overdue"], { error: t.formInput.choice })),
  source: orDefault(() => undefined, z.enum(Object.keys(LEDGER_SOURCES) as [string, ...string[]], { error: t.formInput.choice })),
});

/** `?status=&source=` of a request (blank: no filter). Throws a 400 reply for a value that is not a filter. */
export function ledgerFilter(url: URL): LedgerFilter {
  const q = parseQuery(url, ledgerQuery);
  if (!q.ok) throw q.reply;
  return q.value;
}

/**
 * The items the actor may see (ledgerPolicy.view): those of the units they manage or oversee, and
 * those that concern them, name them, or were assigned by a body they manage.
 */
export async function ledgerFor(actor: Actor, filter: LedgerFilter = {}, now = new Date()) {
  const scopes = managedScopes(actor);
  const scoped = scopes.length ? await db.orgUnit.findMany({ where: inSubtrees(scopes), select: { id: true } }) : [];
  const scopedIds = scoped.map((u) => u.id);
  const mine = await db.portraitProblem.findMany({ where: { subjectId: actor.id, finalised: true }, select: { id: true } });
  const items = await db.ledgerItem.findMany({
    where: {
      OR: [
        { unitId: { in: scopedIds } },
        { assignedByUnitId: { in: scopedIds } },
        { leaderId: actor.id },
        { responsibleId: actor.id },
        ...(mine.length ? [{ problemId: { in: mine.map((p) => p.id) } }] : []),
      ],
      ...(filter.source ? { source: filter.source } : {}),
      ...(filter.status === "open" ? { status: "open" } : filter.status === "closed" ? { status: "closed" } : filter.status === "overdue" ? { status: "open", deadline: { lt: now } } : {}),
    },
    orderBy: [{ status: "desc" }, { deadline: "asc" }],
    include: { orders: { select: { id: true, respondedAt: true } } },
  });
  const unitIds = [...new Set(items.flatMap((i) => [i.unitId, ...(i.assignedByUnitId ? [i.assignedByUnitId] : [])]))];
  const units = await db.orgUnit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true, path: true, parentId: true } });
  const parents = new Map((await db.orgUnit.findMany({ where: { id: { in: units.map((u) => u.parentId).filter((x): x is string => Boolean(x)) } }, select: { id: true, path: true } })).map((u) => [u.id, u.path]));
  const byId = new Map(units.map((u) => [u.id, u]));
  const subjects = new Map(
    (await db.portraitProblem.findMany({ where: { id: { in: items.map((i) => i.problemId).filter((x): x is string => Boolean(x)) } }, select: { id: true, subjectId: true } })).map((p) => [p.id, p.subjectId]),
  );
  const visible = items.filter((i) => {
    const unit = byId.get(i.unitId);
    if (!unit) return false;
    return ledgerPolicy(actor, {
      unitPath: unit.path,
      assignedByPath: byId.get(i.assignedByUnitId ?? "")?.path ?? unit.path,
      parentPath: unit.parentId ? (parents.get(unit.parentId) ?? null) : null,
      leaderId: i.leaderId,
      responsibleId: i.responsibleId,
      subjectId: i.problemId ? (subjects.get(i.problemId) ?? null) : null,
      status: i.status,
      closeRequested: Boolean(i.closeRequestedAt),
    }).view;
  });
  const leaders = new Map((await db.user.findMany({ where: { id: { in: visible.map((i) => i.leaderId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return visible.map((i) => ({
    id: i.id,
    unit: byId.get(i.unitId)?.name ?? "",
    source: i.source,
    title: i.title,
    leader: leaders.get(i.leaderId) ?? "",
    department: i.department,
    responsible: i.responsible,
    deadline: i.deadline.toISOString(),
    standard: i.standard,
    effect: i.effect,
    status: i.status,
    closeRequested: Boolean(i.closeRequestedAt),
    overdue: isOverdue(i, now),
    closedAt: i.closedAt?.toISOString() ?? null,
    openOrders: i.orders.filter((o) => !o.respondedAt).length,
  }));
}

/** Items opened, closed and overdue in a period (for bulletins), per unit under `unitPath`. */
export async function ledgerInPeriod(unitPath: string, from: Date, to: Date) {
  const units = await db.orgUnit.findMany({ where: subtreeWhere(unitPath), select: { id: true } });
  const ids = units.map((u) => u.id);
  const [opened, closed, overdue] = await Promise.all([
    db.ledgerItem.count({ where: { unitId: { in: ids }, createdAt: { gte: from, lt: to } } }),
    db.ledgerItem.count({ where: { unitId: { in: ids }, closedAt: { gte: from, lt: to } } }),
    db.ledgerItem.count({ where: { unitId: { in: ids }, status: "open", deadline: { lt: to < new Date() ? to : new Date() } } }),
  ]);
  return { opened, closed, overdue };
}

/** The subtrees a person manages or oversees (as manager or inspector); none for other staff. */
function managedScopes(user: Actor): string[] {
  const scopes = [...new Set([...scopesFor(user, "review.manage"), ...scopesFor(user, "oversight.read"), ...user.grants.filter((g) => g.role === "inspector").map((g) => g.unitPath)])];
  return scopes.filter((p) => !scopes.some((q) => q !== p && p.startsWith(q)));
}

/** The subtrees whose risk registers a person sees: those they manage or oversee, else their own unit. */
export function ledgerScopes(user: Actor): string[] {
  const scopes = managedScopes(user);
  return scopes.length ? scopes : [user.unitPath];
}
