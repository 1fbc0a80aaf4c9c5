// Integrity risk points (廉政风险点) of a unit's key posts, businesses and processes, each with a
// level and control measures, reviewed yearly.
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { can, scopesFor, type Actor } from "#app/modules/identity/permissions.server.ts";
import { RISK_CATEGORIES, RISK_LEVELS } from "./areas.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { inSubtrees, subtreeWhere } from "#app/modules/identity/org.server.ts";

export const riskInput = z.object({
  unitId: z.string().min(1),
  category: z.enum(Object.keys(RISK_CATEGORIES) as [string, ...string[]], { error: t.screeningRisks.errors.categoryRequired }),
  name: z.string().trim().min(2, t.screeningRisks.errors.nameRequired).max(100),
  description: z.string().trim().max(1000).default(""),
  level: z.enum(Object.keys(RISK_LEVELS) as [string, ...string[]], { error: t.screeningRisks.errors.levelRequired }),
  measures: z.string().trim().min(5, t.screeningRisks.errors.measuresRequired).max(2000),
});

/** Who may register and review a unit's risk points: a holder of the review permission over it. */
export function riskPolicy(actor: Actor, unitPath: string) {
  const manage = can(actor, "review.manage", { unitPath });
  return { add: manage, review: manage };
}

/** The risk screen: the registers the actor sees, each row with what they may do, and the units they may add to. */
export async function riskScreen(actor: Actor, scopes: string[]) {
  const rows = (await Promise.all(scopes.map((p) => riskRegister(p)))).flat();
  const managed = scopesFor(actor, "review.manage");
  const units = managed.length ? await db.orgUnit.findMany({ where: inSubtrees(managed), orderBy: [{ depth: "asc" }, { sortOrder: "asc" }], select: { id: true, name: true } }) : [];
  return { rows: rows.map((r) => ({ ...r, canReview: riskPolicy(actor, r.unitPath).review })), units };
}

export async function addRiskPoint(actor: Actor, input: z.infer<typeof riskInput>) {
  const unit = await db.orgUnit.findUnique({ where: { id: input.unitId } });
  if (!unit || !riskPolicy(actor, unit.path).add) throw new DomainError(t.screeningRisks.errors.addForbidden, 403);
  return db.riskPoint.create({ data: { ...input, reviewedAt: new Date(), reviewedById: actor.id } });
}

export async function reviewRiskPoint(actor: Actor, id: string) {
  const r = await db.riskPoint.findUnique({ where: { id } });
  const unit = r ? await db.orgUnit.findUnique({ where: { id: r.unitId } }) : null;
  if (!r || !unit || !riskPolicy(actor, unit.path).review) throw new DomainError(t.screeningTerms.forbidden, 403);
  return db.riskPoint.update({ where: { id }, data: { reviewedAt: new Date(), reviewedById: actor.id } });
}

/** Risk points under a unit, flagged when not reviewed in the last year. */
export async function riskRegister(unitPath: string, now = new Date()) {
  const units = await db.orgUnit.findMany({ where: subtreeWhere(unitPath), select: { id: true, name: true, path: true } });
  const names = new Map(units.map((u) => [u.id, u.name]));
  const paths = new Map(units.map((u) => [u.id, u.path]));
  const rows = await db.riskPoint.findMany({ where: { unitId: { in: units.map((u) => u.id) } }, orderBy: [{ unitId: "asc" }, { level: "asc" }] });
  return rows.map((r) => ({
    id: r.id,
    unit: names.get(r.unitId) ?? "",
    unitPath: paths.get(r.unitId) ?? "",
    category: r.category,
    name: r.name,
    level: r.level,
    measures: r.measures,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    reviewDue: !r.reviewedAt || now.getTime() - r.reviewedAt.getTime() > 365 * 86_400_000,
  }));
}
