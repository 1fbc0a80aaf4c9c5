// The rectification ledger (整改台账). Every item carries the six clarities (六个明确): leader,
// department, responsible person, deadline, standard, expected effect — all required. Closing (销号)
// needs evidence and the leader's own sign-off; a closed item can be reopened, and the history says so.
// Overdue items are flagged; supervision orders (督办单) go to lagging units.
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { can, scopesFor, type Actor } from "#app/modules/identity/permissions.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { LEDGER_SOURCES } from "./areas.ts";
import { ScreeningError } from "./portrait.server.ts";

export const ledgerInput = z.object({
  unitId: z.string().min(1, t.screeningLedger.errors.unitRequired),
  source: z.enum(Object.keys(LEDGER_SOURCES) as [string, ...string[]], { error: t.screeningLedger.errors.sourceRequired }),
  problemId: z.string().nullable().default(null),
  riskPointId: z.string().nullable().default(null),
  title: z.string().trim().min(2, t.screeningLedger.errors.titleRequired).max(200),
  description: z.string().trim().max(2000).default(""),
  leaderId: z.string().min(1, t.screeningLedger.errors.leaderRequired),
  department: z.string().trim().min(1, t.screeningLedger.errors.departmentRequired).max(60),
  responsible: z.string().trim().min(1, t.screeningLedger.errors.responsibleRequired).max(60),
  deadline: z.coerce.date({ error: t.screeningLedger.errors.deadlineRequired }),
  standard: z.string().trim().min(2, t.screeningLedger.errors.standardRequired).max(1000),
  effect: z.string().trim().min(2, t.screeningLedger.errors.effectRequired).max(1000),
});

export type LedgerInput = z.infer<typeof ledgerInput>;

async function itemAndUnit(itemId: string) {
  const item = await db.ledgerItem.findUnique({ where: { id: itemId } });
  if (!item) throw new ScreeningError(t.screeningLedger.errors.itemMissing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: item.unitId } });
  return { item, unit };
}

const isInspector = (a: Actor, path: string) => a.grants.some((g) => (g.role === "inspector" || g.role === "admin") && path.startsWith(g.unitPath));

export async function createItem(actor: Actor, input: LedgerInput) {
  const unit = await db.orgUnit.findUnique({ where: { id: input.unitId } });
  if (!unit || !(can(actor, "review.manage", { unitPath: unit.path }) || isInspector(actor, unit.path))) throw new ScreeningError(t.screeningLedger.errors.createForbidden, 403);
  const leader = await db.user.findUnique({ where: { id: input.leaderId }, include: { unit: true } });
  if (!leader || !leader.active) throw new ScreeningError(t.screeningLedger.errors.leaderMissing);
  if (input.problemId) {
    const p = await db.portraitProblem.findUnique({ where: { id: input.problemId } });
    if (!p || !p.finalised) throw new ScreeningError(t.screeningLedger.errors.problemNotFinal);
  }
  return db.ledgerItem.create({ data: { ...input, createdById: actor.id } });
}

export async function addProgress(actor: Actor, itemId: string, text: string, fileId: string | null) {
  const { item, unit } = await itemAndUnit(itemId);
  if (!(item.leaderId === actor.id || can(actor, "review.manage", { unitPath: unit.path }))) throw new ScreeningError(t.screeningLedger.errors.progressForbidden, 403);
  if (item.status === "closed") throw new ScreeningError(t.screeningLedger.errors.closedReopenFirst, 409);
  if (text.trim().length < 2 && !fileId) throw new ScreeningError(t.screeningLedger.errors.progressEmpty);
  return db.ledgerUpdate.create({ data: { itemId, kind: "progress", text: text.trim().slice(0, 2000), fileId, byId: actor.id } });
}

/** 销号: only the responsible leader signs off, and only with evidence. */
export async function closeItem(actor: Actor, itemId: string, evidence: string, fileId: string | null, now = new Date()) {
  const { item } = await itemAndUnit(itemId);
  if (item.status === "closed") throw new ScreeningError(t.screeningLedger.errors.alreadyClosed, 409);
  if (item.leaderId !== actor.id) throw new ScreeningError(t.screeningLedger.errors.closeLeaderOnly, 403);
  const progress = await db.ledgerUpdate.count({ where: { itemId, kind: "progress" } });
  if (evidence.trim().length < 10 && !fileId) throw new ScreeningError(t.screeningLedger.errors.closeEvidence);
  if (progress === 0 && !fileId) throw new ScreeningError(t.screeningLedger.errors.closeProgress);
  return db.$transaction(async (tx) => {
    await tx.ledgerUpdate.create({ data: { itemId, kind: "close", text: evidence.trim().slice(0, 2000), fileId, byId: actor.id, at: now } });
    const closed = await tx.ledgerItem.update({ where: { id: itemId }, data: { status: "closed", closedAt: now, signedOffById: actor.id } });
    const subject = item.problemId ? await tx.portraitProblem.findUnique({ where: { id: item.problemId }, select: { subjectId: true } }) : null;
    const person = await tx.user.findUniqueOrThrow({ where: { id: subject?.subjectId ?? item.leaderId } });
    await appendRecord(
      {
        actorId: person.id,
        unitId: person.unitId,
        verb: "closed",
        object: { type: "rectification", id: item.id, name: t.screeningLedger.closedRecord(item.title) },
        result: { completion: true, success: true },
        context: { signedOffById: actor.id, deadline: item.deadline.toISOString(), onTime: now <= item.deadline },
        timestamp: now,
      },
      tx,
    );
    return closed;
  });
}

/** A check found it not fixed: reopen, with the reason in the history. */
export async function reopenItem(actor: Actor, itemId: string, reason: string, newDeadline: Date | null) {
  const { item, unit } = await itemAndUnit(itemId);
  if (!(isInspector(actor, unit.path) || can(actor, "review.manage", { unitPath: unit.path }))) throw new ScreeningError(t.screeningLedger.errors.reopenForbidden, 403);
  if (item.status !== "closed") throw new ScreeningError(t.screeningLedger.errors.reopenNotClosed, 409);
  if (reason.trim().length < 5) throw new ScreeningError(t.screeningLedger.errors.reopenReason);
  return db.$transaction(async (tx) => {
    await tx.ledgerUpdate.create({ data: { itemId, kind: "reopen", text: reason.trim().slice(0, 2000), byId: actor.id } });
    return tx.ledgerItem.update({ where: { id: itemId }, data: { status: "open", closedAt: null, signedOffById: null, ...(newDeadline ? { deadline: newDeadline } : {}) } });
  });
}

export function isOverdue(item: { status: string; deadline: Date }, now = new Date()) {
  return item.status === "open" && item.deadline < now;
}

export async function issueOrder(actor: Actor, itemId: string, content: string, deadline: Date) {
  const { item, unit } = await itemAndUnit(itemId);
  const parent = unit.parentId ? await db.orgUnit.findUnique({ where: { id: unit.parentId } }) : null;
  const above = parent ?? unit;
  if (!(isInspector(actor, unit.path) || can(actor, "review.manage", { unitPath: above.path }))) throw new ScreeningError(t.screeningLedger.errors.orderForbidden, 403);
  if (content.trim().length < 5) throw new ScreeningError(t.screeningLedger.errors.orderContent);
  return db.supervisionOrder.create({ data: { itemId, unitId: item.unitId, content: content.trim(), deadline, issuedById: actor.id } });
}

export async function respondOrder(actor: Actor, orderId: string, response: string) {
  const order = await db.supervisionOrder.findUnique({ where: { id: orderId }, include: { item: true } });
  if (!order) throw new ScreeningError(t.screeningLedger.errors.orderMissing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: order.unitId } });
  if (!(order.item.leaderId === actor.id || can(actor, "review.manage", { unitPath: unit.path }))) throw new ScreeningError(t.screeningLedger.errors.respondForbidden, 403);
  if (order.respondedAt) throw new ScreeningError(t.screeningLedger.errors.orderAnswered, 409);
  if (response.trim().length < 5) throw new ScreeningError(t.screeningLedger.errors.respondEmpty);
  return db.supervisionOrder.update({ where: { id: orderId }, data: { response: response.trim(), respondedAt: new Date(), respondedById: actor.id } });
}

export type LedgerFilter = { status?: "open" | "closed" | "overdue"; source?: string };

export async function ledgerFor(unitPath: string, filter: LedgerFilter = {}, now = new Date()) {
  const units = await db.orgUnit.findMany({ where: { path: { startsWith: unitPath } }, select: { id: true, name: true } });
  const names = new Map(units.map((u) => [u.id, u.name]));
  const items = await db.ledgerItem.findMany({
    where: {
      unitId: { in: units.map((u) => u.id) },
      ...(filter.source ? { source: filter.source } : {}),
      ...(filter.status === "open" ? { status: "open" } : filter.status === "closed" ? { status: "closed" } : filter.status === "overdue" ? { status: "open", deadline: { lt: now } } : {}),
    },
    orderBy: [{ status: "desc" }, { deadline: "asc" }],
    include: { orders: { select: { id: true, respondedAt: true } } },
  });
  const leaders = new Map((await db.user.findMany({ where: { id: { in: items.map((i) => i.leaderId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return items.map((i) => ({
    id: i.id,
    unit: names.get(i.unitId) ?? "",
    source: i.source,
    title: i.title,
    leader: leaders.get(i.leaderId) ?? "",
    department: i.department,
    responsible: i.responsible,
    deadline: i.deadline.toISOString(),
    standard: i.standard,
    effect: i.effect,
    status: i.status,
    overdue: isOverdue(i, now),
    closedAt: i.closedAt?.toISOString() ?? null,
    openOrders: i.orders.filter((o) => !o.respondedAt).length,
  }));
}

/** Items opened, closed and overdue in a period (for bulletins), per unit under `unitPath`. */
export async function ledgerInPeriod(unitPath: string, from: Date, to: Date) {
  const units = await db.orgUnit.findMany({ where: { path: { startsWith: unitPath } }, select: { id: true } });
  const ids = units.map((u) => u.id);
  const [opened, closed, overdue] = await Promise.all([
    db.ledgerItem.count({ where: { unitId: { in: ids }, createdAt: { gte: from, lt: to } } }),
    db.ledgerItem.count({ where: { unitId: { in: ids }, closedAt: { gte: from, lt: to } } }),
    db.ledgerItem.count({ where: { unitId: { in: ids }, status: "open", deadline: { lt: to < new Date() ? to : new Date() } } }),
  ]);
  return { opened, closed, overdue };
}

/** The subtrees whose ledgers a person sees: those they manage or oversee, else their own unit. */
export function ledgerScopes(user: Actor): string[] {
  const scopes = [...new Set([...scopesFor(user, "review.manage"), ...scopesFor(user, "oversight.read")])];
  const broadest = scopes.filter((p) => !scopes.some((q) => q !== p && p.startsWith(q)));
  return broadest.length ? broadest : [user.unitPath];
}
