import type { Route } from "./+types/oversight.bulletin.export";
import { db } from "#app/lib/db.server.ts";
import { tableToXlsx, xlsxResponse } from "#app/lib/xlsx.server.ts";
import { forbidden, notFound, requirePermission } from "#app/modules/identity/auth.server.ts";
import { can } from "#app/modules/identity/permissions.server.ts";
import { bulletin } from "#app/modules/oversight/bulletin.server.ts";
import { PERIODS, type PeriodKind } from "#app/modules/oversight/shared.ts";

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "oversight.read", "global");
  const url = new URL(request.url);
  const unit = await db.orgUnit.findUnique({ where: { id: url.searchParams.get("unit") ?? "" } });
  if (!unit) throw notFound("单位不存在。");
  if (!can(user, "oversight.read", { unitPath: unit.path })) throw forbidden();
  const kind = (Object.keys(PERIODS).includes(url.searchParams.get("period") ?? "") ? url.searchParams.get("period") : "month") as PeriodKind;
  const at = /^\d{4}-\d{2}$/.test(url.searchParams.get("at") ?? "") ? url.searchParams.get("at")! : new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const b = (await bulletin(unit.id, kind, at))!;
  {
    const rows = b.rows.map((r) => [r.unit, r.people, r.assignmentRate === null ? "—" : `${r.assignmentRate}%`, r.overdue, r.lessonsPerPerson, r.examTakers, r.examPassRate === null ? "—" : `${r.examPassRate}%`, r.attendances, r.lagging ? r.reasons.join("；") : ""]);
    return xlsxResponse(
      await tableToXlsx([{ name: PERIODS[kind], title: b.title, headers: ["单位", "人数", "任务完成率", "逾期人次", "人均完成课时", "参考人数", "考试合格率", "参加线下活动人次", "需督促事项"], rows }]),
      `${b.title}.xlsx`,
    );
  }
}
