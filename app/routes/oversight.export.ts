import type { Route } from "./+types/oversight.export";
import { z } from "zod";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { tableToXlsx, xlsxResponse } from "#app/lib/xlsx.server.ts";
import { requireUnitInScope } from "#app/modules/identity/auth.server.ts";
import { rollup } from "#app/modules/oversight/rollup.server.ts";
import { cellText, rate, STATE } from "#app/modules/oversight/shared.ts";
import { formatDate } from "#app/lib/time.ts";

/** An overdue list longer than this is cut, with a closing row saying so (drill down to a unit for the rest). */
const OVERDUE_EXPORTED = 50_000;

/** The completion tables as shown on the oversight page, as xlsx (Chinese headers). */
export async function loader({ request }: Route.LoaderArgs) {
  const { unit } = await requireUnitInScope(request, "oversight.read");
  const parsed = parseQuery(request, z.object({ table: z.enum(["units", "people", "overdue"], { error: t.oversight.unknownTable }) }));
  if (!parsed.ok) return new Response(t.oversight.unknownTable, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const exportTable = parsed.value.table;
  const r = (await rollup(unit.id, new Date(), { overdueLimit: OVERDUE_EXPORTED }))!;
  {
    const title = t.oversight.exportTitle(unit.name, formatDate(new Date()));
    const O = t.oversight;
    const C = O.columns;
    if (exportTable === "units") {
      const headers = [C.unit, ...r.assignments.map((a) => O.exportAssignment(a.title)), C.totalRate];
      const rows = r.units.map((u) => [u.name, ...r.assignments.map((a) => cellText(u.cells[a.id])), rate(u.total) === null ? "—" : `${rate(u.total)}%`]);
      return xlsxResponse(await tableToXlsx([{ name: O.unitsTable, title, headers, rows }]), `${unit.name}-${O.unitsTable}.xlsx`);
    }
    if (exportTable === "people") {
      const headers = [C.name, C.unit, C.position, ...r.assignments.map((a) => a.title)];
      const rows = r.people.map((p) => [p.name, p.unit, p.position, ...r.assignments.map((a) => (p.cells[a.id] ? O.exportCell(STATE[p.cells[a.id]!.state], p.cells[a.id]!.detail) : O.notApplicable))]);
      return xlsxResponse(await tableToXlsx([{ name: O.peopleTable, title, headers, rows }]), `${unit.name}-${O.peopleTable}.xlsx`);
    }
    if (exportTable === "overdue") {
      const rows = r.overdue.map((o) => [o.person, o.unit, o.assignment, o.missing, formatDate(o.dueAt)]);
      if (r.overdueTotal > r.overdue.length) rows.push([O.overdueExportCut(r.overdue.length, r.overdueTotal), "", "", "", ""]);
      return xlsxResponse(await tableToXlsx([{ name: O.overdueSheet, title, headers: [C.name, C.unit, C.assignment, C.missing, C.dueAt], rows }]), `${unit.name}-${O.overdueSheet}.xlsx`);
    }
  }
  return new Response(t.oversight.unknownTable, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
