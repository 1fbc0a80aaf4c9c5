import type { Route } from "./+types/screening.year-end.export";
import { t } from "#app/lib/strings.ts";
import { tableToXlsx, xlsxResponse } from "#app/lib/xlsx.server.ts";
import { requireUnitInScope } from "#app/modules/identity/auth.server.ts";
import { WORK_KINDS_LABEL } from "#app/modules/activities/labels.ts";
import { requestedYear, yearEnd } from "#app/modules/screening/year-end.server.ts";

export async function loader({ request }: Route.LoaderArgs) {
  const { unit } = await requireUnitInScope(request, "oversight.read", { defaultToScope: true });
  const year = requestedYear(request);
  const s = (await yearEnd(unit.id, year))!;
  return xlsxResponse(
    await tableToXlsx([
      { name: t.screeningYearEnd.export.casesSheet, title: t.screeningYearEnd.export.casesTitle(s.unit.name, year), headers: t.screeningYearEnd.export.casesHeaders, rows: s.rows.map((r) => [r.unit, r.cases, r.clean ? t.common.yes : t.common.no, r.closed, r.open]) },
      { name: t.screeningYearEnd.export.worksSheet, headers: t.screeningYearEnd.export.worksHeaders, rows: s.nominations.map((n) => [n.person, n.unit, WORK_KINDS_LABEL[n.kind] ?? n.kind, n.title]) },
      { name: t.screeningYearEnd.export.peopleSheet, headers: t.screeningYearEnd.export.peopleHeaders, rows: s.people.map((p) => [p.person, p.unit, p.honour, p.reason, p.evidence, p.by]) },
    ]),
    t.screeningYearEnd.export.file(s.unit.name, year),
  );
}
