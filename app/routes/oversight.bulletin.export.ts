import type { Route } from "./+types/oversight.bulletin.export";
import { t } from "#app/lib/strings.ts";
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
  const C = t.oversightBulletin.columns;
  {
    const rows = b.rows.map((r) => [r.unit, r.people, r.assignmentRate === null ? "—" : `${r.assignmentRate}%`, r.overdue, r.lessonsPerPerson, r.examTakers, r.examPassRate === null ? "—" : `${r.examPassRate}%`, r.attendances, r.lagging ? t.oversightBulletin.reasons(r.reasons) : ""]);
    return xlsxResponse(
      await tableToXlsx([{ name: PERIODS[kind], title: b.title, headers: [C.unit, C.people, C.rate, C.overdue, C.lessons, C.takers, C.passRate, C.attendancesExport, C.reasons], rows }]),
      `${b.title}.xlsx`,
    );
  }
}
