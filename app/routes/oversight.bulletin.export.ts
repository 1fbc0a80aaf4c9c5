import type { Route } from "./+types/oversight.bulletin.export";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { tableToXlsx, xlsxResponse } from "#app/lib/xlsx.server.ts";
import { requireUnitInScope } from "#app/modules/identity/auth.server.ts";
import { bulletin, bulletinQuery } from "#app/modules/oversight/bulletin.server.ts";
import { PERIODS } from "#app/modules/oversight/shared.ts";

export async function loader({ request }: Route.LoaderArgs) {
  const { unit } = await requireUnitInScope(request, "oversight.read");
  const q = parseQuery(request, bulletinQuery);
  if (!q.ok) throw q.reply;
  const { period: kind, at } = q.value;
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
