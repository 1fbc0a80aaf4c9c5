import type { Route } from "./+types/oversight.bulletin.export";
import { tableToXlsx, xlsxResponse } from "#app/lib/xlsx.server.ts";
import { requireUnitInScope } from "#app/modules/identity/auth.server.ts";
import { bulletin } from "#app/modules/oversight/bulletin.server.ts";
import { PERIODS, type PeriodKind } from "#app/modules/oversight/shared.ts";

export async function loader({ request }: Route.LoaderArgs) {
  const { unit } = await requireUnitInScope(request, "oversight.read");
  const url = new URL(request.url);
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
