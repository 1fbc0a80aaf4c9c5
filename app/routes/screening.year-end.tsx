import { Link } from "react-router";
import type { Route } from "./+types/screening.year-end";
import { PrintButton } from "#app/components/reading-progress.tsx";
import { t } from "#app/lib/strings.ts";
import { db } from "#app/lib/db.server.ts";
import { forbidden, notFound, requirePermission } from "#app/modules/identity/auth.server.ts";
import { can, scopesFor } from "#app/modules/identity/permissions.server.ts";
import { WORK_KINDS_LABEL } from "#app/modules/activities/labels.ts";
import { yearEnd } from "#app/modules/screening/year-end.server.ts";

export const meta: Route.MetaFunction = () => [{ title: `年终总结 · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "oversight.read", "global");
  const unitId = new URL(request.url).searchParams.get("unit") ?? scopesFor(user, "oversight.read")[0]!.split("/").filter(Boolean).at(-1)!;
  const unit = await db.orgUnit.findUnique({ where: { id: unitId }, select: { path: true } });
  if (!unit) throw notFound("单位不存在。");
  if (!can(user, "oversight.read", { unitPath: unit.path })) throw forbidden();
  const year = Number(new URL(request.url).searchParams.get("year")) || Number(new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Asia/Shanghai" }).format(new Date()));
  const summary = (await yearEnd(unitId, year))!;
  return summary;
}

export default function YearEnd({ loaderData }: Route.ComponentProps) {
  const { unit, year, rows, nominations } = loaderData;
  return (
    <article className="mx-auto max-w-4xl rounded-xl bg-white px-6 py-8 shadow-sm ring-1 ring-stone-200 md:px-10">
      <div className="no-print flex justify-between">
        <Link to="/screening" className="text-sm text-stone-500 hover:text-brand-700">
          ← {t.screening.title}
        </Link>
        <span className="flex items-center gap-3">
          <a href={`/screening/year-end/export?unit=${unit.id}&year=${year}`} className="text-sm text-brand-700 hover:underline">
            导出 xlsx
          </a>
          <PrintButton label="打印" />
        </span>
      </div>
      <h1 className="mt-4 text-center text-2xl font-bold text-stone-900">
        {unit.name}
        {year} 年度纪律作风建设年终总结
      </h1>
      <h2 className="mt-8 border-l-4 border-brand-600 pl-3 font-bold">一、各单位整改与案件情况</h2>
      <table className="mt-3 w-full border-collapse text-sm">
        <thead>
          <tr className="bg-stone-50 text-left">
            {["单位", "本年度违纪违法案件", "本年度整改销号", "尚未销号"].map((h) => (
              <th key={h} className="border border-stone-200 px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.unitId}>
              <td className="border border-stone-200 px-3 py-2">
                {r.unit}
                {r.clean ? <span className="ml-2 rounded bg-green-100 px-1.5 text-xs text-green-800">零案件</span> : null}
              </td>
              <td className="border border-stone-200 px-3 py-2">{r.cases}</td>
              <td className="border border-stone-200 px-3 py-2">{r.closed}</td>
              <td className="border border-stone-200 px-3 py-2">{r.open}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-stone-700">全年无新发违纪违法案件的单位：{rows.filter((r) => r.clean).map((r) => r.unit).join("、") || "无"}。</p>
      <h2 className="mt-8 border-l-4 border-brand-600 pl-3 font-bold">二、推荐表彰的作品和个人</h2>
      <ul className="mt-3 list-disc space-y-1 pl-6 text-stone-700">
        {nominations.map((n) => (
          <li key={n.workId}>
            {n.person}（{n.unit}）：{WORK_KINDS_LABEL[n.kind]}《{n.title}》
            <Link to={`/works/${n.workId}`} className="no-print ml-2 text-sm text-brand-700">
              查看作品
            </Link>
          </li>
        ))}
        {nominations.length === 0 ? <li>暂无推荐。</li> : null}
      </ul>
    </article>
  );
}
