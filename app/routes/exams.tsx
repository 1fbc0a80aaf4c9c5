import { Link } from "react-router";
import type { Route } from "./+types/exams";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { examPolicy } from "#app/modules/assessment/policy.server.ts";
import { examsForPerson } from "#app/modules/assessment/attempts.server.ts";
import { formatMonthDayTime } from "#app/lib/time.ts";
import { CARD, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.exam.listTitle} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  return { exams: await examsForPerson(user), canManage: examPolicy(user).manage };
}

const badge: Record<string, string> = {
  inProgress: "bg-amber-100 text-amber-900",
  available: "bg-green-50 text-green-800",
  passed: "bg-sky-50 text-sky-800",
  finished: "bg-stone-100 text-stone-700",
  unavailable: "bg-stone-100 text-stone-500",
};

export default function Exams({ loaderData }: Route.ComponentProps) {
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <PageTitle >{t.exam.listTitle}</PageTitle>
        <div className="flex gap-3 text-sm">
          <Link to="/practice" className="rounded-md border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-50">
            {t.exam.wrongBook}
          </Link>
          {loaderData.canManage ? (
            <Link to="/manage/exams" className="rounded-md border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-50">
              {t.exam.manage}
            </Link>
          ) : null}
        </div>
      </div>
      <ul className="mt-6 grid gap-4 md:grid-cols-2">
        {loaderData.exams.map((e) => (
          <li key={e.id} className={`${CARD} p-5`}>
            <div className="flex items-start gap-3">
              <Link to={`/exams/${e.id}`} className="flex-1 font-semibold text-stone-900 hover:text-brand-700">
                {e.title}
              </Link>
              <span className={`shrink-0 rounded px-2 py-0.5 text-xs font-medium ${badge[e.state]}`}>{t.exam.states[e.state]}</span>
            </div>
            <p className="mt-2 text-sm text-stone-600">
              {formatMonthDayTime(new Date(e.opensAt))} — {formatMonthDayTime(new Date(e.closesAt))} · {t.exam.timeLimit(e.timeLimitMinutes)}
            </p>
            {e.bestPercent !== null ? <p className="mt-1 text-sm text-stone-600">{t.exam.bestPercent(Math.round(e.bestPercent))}</p> : null}
            {e.state === "unavailable" && e.reason ? <p className="mt-1 text-sm text-stone-500">{e.reason}</p> : null}
            <div className="mt-3">
              <Link
                to={e.attemptInProgress ? `/attempts/${e.attemptInProgress}` : `/exams/${e.id}`}
                className="inline-block rounded-md bg-brand-600 px-4 py-1.5 text-sm text-white hover:bg-brand-700"
              >
                {e.attemptInProgress ? t.exam.continue : t.exam.details}
              </Link>
            </div>
          </li>
        ))}
      </ul>
      {loaderData.exams.length === 0 ? <p className={`${CARD} mt-6 p-6 text-stone-600`}>{t.exam.none}</p> : null}
    </div>
  );
}
