import type { Route } from "./+types/screening.year-end.export";
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
      { name: "整改与案件", title: `${s.unit.name}${year} 年度总结`, headers: ["单位", "本年度违纪违法案件", "零案件", "本年度整改销号", "尚未销号"], rows: s.rows.map((r) => [r.unit, r.cases, r.clean ? "是" : "否", r.closed, r.open]) },
      { name: "推荐作品", headers: ["姓名", "单位", "作品类型", "作品"], rows: s.nominations.map((n) => [n.person, n.unit, WORK_KINDS_LABEL[n.kind] ?? n.kind, n.title]) },
      { name: "推荐个人", headers: ["姓名", "单位", "荣誉", "推荐理由", "主要事迹和佐证", "推荐人"], rows: s.people.map((p) => [p.person, p.unit, p.honour, p.reason, p.evidence, p.by]) },
    ]),
    `${s.unit.name}-${year}年度总结.xlsx`,
  );
}
