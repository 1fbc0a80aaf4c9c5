import type { Route } from "./+types/records.xapi";
import { clientIp } from "#app/lib/context.ts";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { dayProblem, orDefault, text, yearParam } from "#app/lib/form-fields.ts";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, personTarget, requireUser } from "#app/modules/identity/auth.server.ts";
import { recordReadPolicy } from "#app/modules/records/policy.server.ts";
import { logFileRead } from "#app/modules/records/file.server.ts";
import { yearRange } from "#app/lib/time.ts";
import { toStatement } from "#app/modules/records/xapi.ts";
import { subtreeWhere } from "#app/modules/identity/org.server.ts";

// A period bound: a calendar day (`YYYY-MM-DD`, read as before: UTC midnight) or an ISO date-time
// on such a day; anything else, or an impossible day, is refused with the screen's message.
const ISO = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const periodBound = (fallback: string) =>
  orDefault(
    () => new Date(fallback),
    z
      .string({ error: t.recordsXapi.badDate })
      .max(40, t.recordsXapi.badDate)
      .trim()
      .refine((s) => ISO.test(s) && dayProblem(s.slice(0, 10)) === null, t.recordsXapi.badDate)
      .transform((s) => new Date(s))
      .refine((d) => !Number.isNaN(d.getTime()), t.recordsXapi.badDate),
  );
const id = orDefault(() => null, text({ max: 64 }));
// No ?year= means "the from/to period" (0 stands for absent: every real year is 2000–2100).
const xapiQuery = z.object({ year: yearParam(() => 0), from: periodBound("2000-01-01"), to: periodBound("2100-01-01"), user: id, unit: id });

/** xAPI JSON for a person (?user=) or a unit's subtree (?unit=), for a year or a from/to period. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const q = parseQuery(request, xapiQuery);
  if (!q.ok) throw q.reply;
  const year = q.value.year || null;
  const from = year ? yearRange(year).from : q.value.from;
  const to = year ? yearRange(year).to : q.value.to;
  const { user: userId, unit: unitId } = q.value;
  let where;
  if (userId) {
    if (!recordReadPolicy(user, await personTarget(userId)).read) throw forbidden();
    await logFileRead(user.id, userId, "xapi", clientIp(context, request));
    where = { actorId: userId };
  } else if (unitId) {
    const unit = await db.orgUnit.findUnique({ where: { id: unitId } });
    if (!unit) throw notFound(t.recordsXapi.unitMissing);
    if (!recordReadPolicy(user, { unitPath: unit.path }).read) throw forbidden();
    const units = await db.orgUnit.findMany({ where: subtreeWhere(unit.path), select: { id: true } });
    where = { unitId: { in: units.map((u) => u.id) } };
  } else return new Response(t.recordsXapi.whoMissing, { status: 400 });
  const rows = await db.record.findMany({ where: { ...where, timestamp: { gte: from, lt: to } }, orderBy: { seq: "asc" }, take: 50_000 });
  // A unit-wide export reads everyone in it: one read-log row per person whose records it holds.
  if (!userId && unitId) await logFileRead(user.id, rows.map((r) => r.actorId), "xapi-unit", clientIp(context, request), unitId);
  const people = new Map((await db.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.actorId))] } }, select: { id: true, username: true, name: true } })).map((p) => [p.id, p]));
  const units = new Map((await db.orgUnit.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } }, select: { id: true, name: true } })).map((u) => [u.id, u]));
  const statements = rows.map((r) => toStatement(r, people.get(r.actorId) ?? { username: r.actorId, name: "" }, units.get(r.unitId) ?? { id: r.unitId, name: "" }));
  return new Response(JSON.stringify(statements, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="xapi-statements.json"`, "Cache-Control": "private, no-store" },
  });
}
