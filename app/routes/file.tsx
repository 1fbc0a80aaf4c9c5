import { Link, redirect } from "react-router";
import type { Route } from "./+types/file";
import { clientIp } from "#app/lib/context.ts";
import { z } from "zod";
import { yearParam } from "#app/lib/form-fields.ts";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, personTarget, requireUser } from "#app/modules/identity/auth.server.ts";
import { recordReadPolicy } from "#app/modules/records/policy.server.ts";
import { integrityFile, logFileRead } from "#app/modules/records/file.server.ts";
import { beijingYear, formatDateTime } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data ? t.file.ofPerson(data.file.person.name) : t.file.title} · ${t.app.name}` }];

export function currentYear() {
  return beijingYear();
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = await requireUser(request);
  if (!params.userId) throw redirect(`/people/${user.id}/file`);
  const target = await personTarget(params.userId);
  if (!recordReadPolicy(user, target).read) throw forbidden();
  const q = parseQuery(request, z.object({ year: yearParam(currentYear) }));
  if (!q.ok) throw q.reply;
  const { year } = q.value;
  const file = await integrityFile(params.userId, year);
  if (!file) throw notFound(t.file.personMissing);
  await logFileRead(user.id, params.userId, "view", clientIp(context, request));
  return { file, own: user.id === params.userId, years: [currentYear(), currentYear() - 1, currentYear() - 2] };
}

export default function FilePage({ loaderData }: Route.ComponentProps) {
  const { file, years } = loaderData;
  const { person, summary } = file;
  const F = t.file.facts;
  const facts: [string, string][] = [
    [F.courses, summary.courses.length ? t.file.list(summary.courses) : "—"],
    [F.lessons, t.file.lessons(summary.lessons, summary.activeMinutes)],
    [F.exams, summary.exams.length ? t.file.exams(summary.exams.map((e) => t.file.exam(e.title, e.best, e.max, e.passed))) : "—"],
    [F.practice, t.file.times(summary.practice)],
    [F.offline, summary.offline.length ? t.file.list(summary.offline.map((o) => o.title)) : "—"],
    [F.pledges, summary.pledges.length ? t.file.list(summary.pledges) : "—"],
    [F.works, summary.works.length ? t.file.list(summary.works) : "—"],
    [F.reflections, t.file.pieces(summary.reflections)],
    [F.discussions, t.file.times(summary.discussions)],
    [F.problems, t.file.problems(summary.problems, summary.rectifications)],
  ];
  return (
    <div className="max-w-4xl">
      <div className="flex flex-wrap items-center gap-3">
        <PageTitle className="flex-1">{t.file.ofPerson(person.name)}</PageTitle>
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
        {person.unit} · {person.position || "—"} · {person.isPartyMember ? t.file.partyMember : t.file.notPartyMember}
        {person.staffNo ? t.file.staffNo(person.staffNo) : ""}
      </p>
      <Card className="mt-6" data-testid="file-summary">
        <h2 className="border-b border-stone-100 px-5 py-3 font-semibold text-stone-900">{t.file.yearSummary(file.year)}</h2>
        <dl className="divide-y divide-stone-100">
          {facts.map(([k, v]) => (
            <div key={k} className="flex flex-col gap-1 px-5 py-2.5 sm:flex-row sm:gap-6">
              <dt className="w-24 shrink-0 text-sm text-stone-500">{k}</dt>
              <dd className="text-stone-900">{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card className="mt-6">
        <h2 className="border-b border-stone-100 px-5 py-3 font-semibold text-stone-900">{t.file.timeline}</h2>
        <ul className="divide-y divide-stone-100" data-testid="file-timeline">
          {file.timeline.map((e) => (
            <li key={e.id} className={`flex flex-col gap-1 px-5 py-2.5 text-sm sm:flex-row sm:items-center sm:gap-4 ${e.corrected ? "text-stone-500 line-through" : ""}`}>
              <time className="shrink-0 text-stone-500 sm:w-44">{formatDateTime(new Date(e.at))}</time>
              <span className="shrink-0 rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{t.records.verbs[e.verb] ?? e.verb}</span>
              <span className="flex-1 text-stone-900">
                {e.objectName}
                {e.dispute ? <span className="mt-0.5 block text-xs text-amber-800" data-testid="file-dispute">{t.file.dispute(e.dispute.note, e.dispute.ruling)}</span> : null}
              </span>
              {e.score ? <span>{t.records.score(`${e.score.raw}/${e.score.max}`)}</span> : null}
              {e.correction ? <span className="text-xs text-amber-700">{t.file.correction}</span> : null}
            </li>
          ))}
          {file.timeline.length === 0 ? <li className="px-5 py-4 text-stone-500">{t.file.emptyYear}</li> : null}
        </ul>
      </Card>
    </div>
  );
}
