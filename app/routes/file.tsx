import { Link, redirect } from "react-router";
import type { Route } from "./+types/file";
import { clientIp } from "#app/lib/context.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, personTarget, requireUser } from "#app/modules/identity/auth.server.ts";
import { can } from "#app/modules/identity/permissions.server.ts";
import { integrityFile, logFileRead } from "#app/modules/records/file.server.ts";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data ? `${data.file.person.name}的` : ""}${t.file.title} · ${t.app.name}` }];

export function currentYear() {
  return Number(new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Asia/Shanghai" }).format(new Date()));
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = await requireUser(request);
  if (!params.userId) throw redirect(`/people/${user.id}/file`);
  const target = await personTarget(params.userId);
  if (!can(user, "record.read", target)) throw forbidden();
  const year = Number(new URL(request.url).searchParams.get("year")) || currentYear();
  const file = await integrityFile(params.userId, year);
  if (!file) throw notFound("人员不存在。");
  await logFileRead(user.id, params.userId, "view", clientIp(context, request));
  return { file, own: user.id === params.userId, years: [currentYear(), currentYear() - 1, currentYear() - 2] };
}

const fmt = new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" });

export default function FilePage({ loaderData }: Route.ComponentProps) {
  const { file, years } = loaderData;
  const { person, summary } = file;
  const facts: [string, string][] = [
    ["完成课程", summary.courses.length ? summary.courses.join("、") : "—"],
    ["完成课时", `${summary.lessons} 课（有效学习 ${summary.activeMinutes} 分钟）`],
    ["考试", summary.exams.length ? summary.exams.map((e) => `${e.title}：最高 ${e.best}/${e.max} 分${e.passed ? "，合格" : "，未合格"}`).join("；") : "—"],
    ["随堂练习", `${summary.practice} 次`],
    ["线下活动", summary.offline.length ? summary.offline.map((o) => o.title).join("、") : "—"],
    ["廉政承诺", summary.pledges.length ? summary.pledges.join("、") : "—"],
    ["作品", summary.works.length ? summary.works.join("、") : "—"],
    ["心得与寄语", `${summary.reflections} 篇`],
    ["专题讨论", `${summary.discussions} 次`],
    ["问题与整改", `查摆问题 ${summary.problems} 个，整改销号 ${summary.rectifications} 个`],
  ];
  return (
    <div className="max-w-4xl">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="flex-1 text-2xl font-bold text-stone-900">
          {person.name}的{t.file.title}
        </h1>
        <div className="no-print flex flex-wrap gap-2 text-sm">
          {years.map((y) => (
            <Link key={y} to={`?year=${y}`} className={`rounded-md px-3 py-1 ${y === file.year ? "bg-brand-600 text-white" : "border border-stone-300 bg-white"}`}>
              {y}
            </Link>
          ))}
          <a href={`/people/${person.id}/file.pdf?year=${file.year}`} className="rounded-md border border-stone-300 bg-white px-3 py-1 hover:bg-stone-50" data-testid="file-pdf">
            {t.file.pdf}
          </a>
          <a href={`/records/xapi?user=${person.id}&year=${file.year}`} className="rounded-md border border-stone-300 bg-white px-3 py-1 hover:bg-stone-50">
            {t.file.xapi}
          </a>
        </div>
      </div>
      <p className="mt-2 text-stone-600">
        {person.unit} · {person.position || "—"} · {person.isPartyMember ? "中共党员" : "非党员"}
        {person.staffNo ? ` · 工号 ${person.staffNo}` : ""}
      </p>
      <section className="mt-6 rounded-xl bg-white shadow-sm ring-1 ring-stone-200" data-testid="file-summary">
        <h2 className="border-b border-stone-100 px-5 py-3 font-semibold text-stone-900">{file.year} 年度概况</h2>
        <dl className="divide-y divide-stone-100">
          {facts.map(([k, v]) => (
            <div key={k} className="flex flex-col gap-1 px-5 py-2.5 sm:flex-row sm:gap-6">
              <dt className="w-24 shrink-0 text-sm text-stone-500">{k}</dt>
              <dd className="text-stone-900">{v}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="mt-6 rounded-xl bg-white shadow-sm ring-1 ring-stone-200">
        <h2 className="border-b border-stone-100 px-5 py-3 font-semibold text-stone-900">{t.file.timeline}</h2>
        <ul className="divide-y divide-stone-100" data-testid="file-timeline">
          {file.timeline.map((e) => (
            <li key={e.id} className={`flex flex-col gap-1 px-5 py-2.5 text-sm sm:flex-row sm:items-center sm:gap-4 ${e.corrected ? "text-stone-500 line-through" : ""}`}>
              <time className="shrink-0 text-stone-500 sm:w-44">{fmt.format(new Date(e.at))}</time>
              <span className="shrink-0 rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{t.records.verbs[e.verb] ?? e.verb}</span>
              <span className="flex-1 text-stone-900">{e.objectName}</span>
              {e.score ? <span>得分 {e.score.raw}/{e.score.max}</span> : null}
              {e.correction ? <span className="text-xs text-amber-700">（更正记录）</span> : null}
            </li>
          ))}
          {file.timeline.length === 0 ? <li className="px-5 py-4 text-stone-500">本年度暂无记录。</li> : null}
        </ul>
      </section>
    </div>
  );
}
