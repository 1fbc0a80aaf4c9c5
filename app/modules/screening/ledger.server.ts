// The rectification ledger (整改台账). Every item carries the six clarities (六个明确): leader,
// department, responsible person, deadline, standard, expected effect — all required. Closing (销号)
// needs evidence and the leader's own sign-off; a closed item can be reopened, and the history says so.
// Overdue items are flagged; supervision orders (督办单) go to lagging units.
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { can, scopesFor, type Actor } from "#app/modules/identity/permissions.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { LEDGER_SOURCES } from "./areas.ts";
import { ScreeningError } from "./portrait.server.ts";

export const ledgerInput = z.object({
  unitId: z.string().min(1, "请选择单位。"),
  source: z.enum(Object.keys(LEDGER_SOURCES) as [string, ...string[]], { error: "请选择问题来源。" }),
  problemId: z.string().nullable().default(null),
  riskPointId: z.string().nullable().default(null),
  title: z.string().trim().min(2, "请填写问题。").max(200),
  description: z.string().trim().max(2000).default(""),
  leaderId: z.string().min(1, "六个明确：请指定责任领导。"),
  department: z.string().trim().min(1, "六个明确：请填写责任部门。").max(60),
  responsible: z.string().trim().min(1, "六个明确：请填写责任人。").max(60),
  deadline: z.coerce.date({ error: "六个明确：请填写整改时限。" }),
  standard: z.string().trim().min(2, "六个明确：请填写整改标准。").max(1000),
  effect: z.string().trim().min(2, "六个明确：请填写预期效果。").max(1000),
});

export type LedgerInput = z.infer<typeof ledgerInput>;

async function itemAndUnit(itemId: string) {
  const item = await db.ledgerItem.findUnique({ where: { id: itemId } });
  if (!item) throw new ScreeningError("台账事项不存在。", 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: item.unitId } });
  return { item, unit };
}

const isInspector = (a: Actor, path: string) => a.grants.some((g) => (g.role === "inspector" || g.role === "admin") && path.startsWith(g.unitPath));

export async function createItem(actor: Actor, input: LedgerInput) {
  const unit = await db.orgUnit.findUnique({ where: { id: input.unitId } });
  if (!unit || !(can(actor, "review.manage", { unitPath: unit.path }) || isInspector(actor, unit.path))) throw new ScreeningError("只能为您管理范围内的单位建立台账。", 403);
  const leader = await db.user.findUnique({ where: { id: input.leaderId }, include: { unit: true } });
  if (!leader || !leader.active) throw new ScreeningError("六个明确：责任领导不存在。");
  if (input.problemId) {
    const p = await db.portraitProblem.findUnique({ where: { id: input.problemId } });
    if (!p || !p.finalised) throw new ScreeningError("只有已定稿的问题可以列入整改台账。");
  }
  return db.ledgerItem.create({ data: { ...input, createdById: actor.id } });
}

export async function addProgress(actor: Actor, itemId: string, text: string, fileId: string | null) {
  const { item, unit } = await itemAndUnit(itemId);
  if (!(item.leaderId === actor.id || can(actor, "review.manage", { unitPath: unit.path }))) throw new ScreeningError("您不是该事项的责任领导或管理人员。", 403);
  if (item.status === "closed") throw new ScreeningError("事项已销号；如需继续整改请先重新打开。", 409);
  if (text.trim().length < 2 && !fileId) throw new ScreeningError("请填写整改进展或上传佐证材料。");
  return db.ledgerUpdate.create({ data: { itemId, kind: "progress", text: text.trim().slice(0, 2000), fileId, byId: actor.id } });
}

/** 销号: only the responsible leader signs off, and only with evidence. */
export async function closeItem(actor: Actor, itemId: string, evidence: string, fileId: string | null, now = new Date()) {
  const { item } = await itemAndUnit(itemId);
  if (item.status === "closed") throw new ScreeningError("事项已经销号。", 409);
  if (item.leaderId !== actor.id) throw new ScreeningError("销号需要责任领导本人签字确认。", 403);
  const progress = await db.ledgerUpdate.count({ where: { itemId, kind: "progress" } });
  if (evidence.trim().length < 10 && !fileId) throw new ScreeningError("销号需要整改佐证材料：请写明整改结果（至少 10 个字）或上传材料。");
  if (progress === 0 && !fileId) throw new ScreeningError("销号前至少要有一次整改进展记录或上传佐证材料。");
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
        object: { type: "rectification", id: item.id, name: `整改销号：${item.title}` },
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
  if (!(isInspector(actor, unit.path) || can(actor, "review.manage", { unitPath: unit.path }))) throw new ScreeningError("您没有权限重新打开该事项。", 403);
  if (item.status !== "closed") throw new ScreeningError("只有已销号的事项可以重新打开。", 409);
  if (reason.trim().length < 5) throw new ScreeningError("请说明重新打开的原因（检查发现的问题）。");
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
  if (!(isInspector(actor, unit.path) || can(actor, "review.manage", { unitPath: above.path }))) throw new ScreeningError("督办单由上级或纪检监督人员下发。", 403);
  if (content.trim().length < 5) throw new ScreeningError("请填写督办内容。");
  return db.supervisionOrder.create({ data: { itemId, unitId: item.unitId, content: content.trim(), deadline, issuedById: actor.id } });
}

export async function respondOrder(actor: Actor, orderId: string, response: string) {
  const order = await db.supervisionOrder.findUnique({ where: { id: orderId }, include: { item: true } });
  if (!order) throw new ScreeningError("督办单不存在。", 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: order.unitId } });
  if (!(order.item.leaderId === actor.id || can(actor, "review.manage", { unitPath: unit.path }))) throw new ScreeningError("您没有权限回复该督办单。", 403);
  if (order.respondedAt) throw new ScreeningError("督办单已回复。", 409);
  if (response.trim().length < 5) throw new ScreeningError("请填写落实情况。");
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
