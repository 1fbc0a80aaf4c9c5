import type { Route } from "./+types/oversight.export";
import { tableToXlsx, xlsxResponse } from "#app/lib/xlsx.server.ts";
import { requireUnitInScope } from "#app/modules/identity/auth.server.ts";
import { rollup } from "#app/modules/oversight/rollup.server.ts";
import { cellText, rate, STATE } from "#app/modules/oversight/shared.ts";

/** The completion tables as shown on the oversight page, as xlsx (Chinese headers). */
export async function loader({ request }: Route.LoaderArgs) {
  const { unit } = await requireUnitInScope(request, "oversight.read");
  const url = new URL(request.url);
  const r = (await rollup(unit.id))!;
  const exportTable = url.searchParams.get("table");
  {
    const title = `${unit.name} · 完成情况（${new Date().toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" })}）`;
    if (exportTable === "units") {
      const headers = ["单位", ...r.assignments.map((a) => `${a.title}（完成/应完成）`), "合计完成率"];
      const rows = r.units.map((u) => [u.name, ...r.assignments.map((a) => cellText(u.cells[a.id])), rate(u.total) === null ? "—" : `${rate(u.total)}%`]);
      return xlsxResponse(await tableToXlsx([{ name: "各单位完成情况", title, headers, rows }]), `${unit.name}-各单位完成情况.xlsx`);
    }
    if (exportTable === "people") {
      const headers = ["姓名", "单位", "职务", ...r.assignments.map((a) => a.title)];
      const rows = r.people.map((p) => [p.name, p.unit, p.position, ...r.assignments.map((a) => (p.cells[a.id] ? `${STATE[p.cells[a.id]!.state]}：${p.cells[a.id]!.detail}` : "不适用"))]);
      return xlsxResponse(await tableToXlsx([{ name: "人员完成情况", title, headers, rows }]), `${unit.name}-人员完成情况.xlsx`);
    }
    if (exportTable === "overdue") {
      const rows = r.overdue.map((o) => [o.person, o.unit, o.assignment, o.missing, new Date(o.dueAt).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" })]);
      return xlsxResponse(await tableToXlsx([{ name: "逾期名单", title, headers: ["姓名", "单位", "任务", "未完成内容", "截止日期"], rows }]), `${unit.name}-逾期名单.xlsx`);
    }
  }
  return new Response("未知的表格。", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
