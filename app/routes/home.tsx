import { Link } from "react-router";
import type { Route } from "./+types/home";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { listCourses } from "#app/modules/content/catalog.server.ts";
import { CLASSROOMS } from "#app/modules/content/classrooms.ts";
import { myTasks } from "#app/modules/learning/assignments.server.ts";
import { formatMonthDay } from "#app/lib/time.ts";
import { CARD, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.nav.home} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const [courses, tasks] = await Promise.all([listCourses(), myTasks(user)]);
  return {
    name: user.name,
    tasks: tasks.map((x) => ({ id: x.id, title: x.title, kind: x.kind, dueAt: x.dueAt, dueSoon: x.dueSoon, ...x.status, doneAt: x.status.doneAt?.toISOString() ?? null })),
    classrooms: CLASSROOMS.map((c) => ({
      key: c,
      courses: courses
        .filter((x) => x.classroom === c)
        .map((x) => ({ slug: x.slug, title: x.title, summary: x.summary, lessons: x.lessons.map((l) => ({ slug: l.slug, title: l.title, minutes: l.publishedVersion?.minutes ?? null })) })),
    })),
  };
}
const stateBadge: Record<string, string> = {
  overdue: "bg-red-100 text-red-800",
  inProgress: "bg-amber-100 text-amber-900",
  notStarted: "bg-stone-100 text-stone-600",
  done: "bg-green-100 text-green-800",
};

function Tasks({ tasks }: { tasks: Route.ComponentProps["loaderData"]["tasks"] }) {
  const soon = tasks.filter((x) => x.dueSoon);
  const overdue = tasks.filter((x) => x.state === "overdue");
  return (
    <section aria-labelledby="tasks" className="mt-6">
      <h2 id="tasks" className="text-xl font-bold text-stone-900">
        {t.tasks.title}
      </h2>
      {overdue.length || soon.length ? (
        <p role="status" className="mt-3 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {overdue.length ? t.tasks.overdueNotice(overdue.length) : ""}
          {soon.length ? t.tasks.soonNotice(soon.length) : ""}
        </p>
      ) : null}
      {tasks.length === 0 ? (
        <p className={`${CARD} mt-3 p-5 text-stone-600`}>{t.tasks.none}</p>
      ) : (
        <ul className="mt-3 grid gap-3 md:grid-cols-2" data-testid="tasks">
          {tasks.map((task) => (
            <li key={task.id} className={`${CARD} p-4`} data-testid="task">
              <div className="flex items-start gap-3">
                <p className="flex-1 font-semibold text-stone-900">{task.title}</p>
                <span className={`shrink-0 rounded px-2 py-0.5 text-xs font-medium ${stateBadge[task.state]}`}>{t.tasks.states[task.state]}</span>
              </div>
              <div className="mt-3 h-2 overflow-hidden rounded-full bg-stone-100" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={task.percent} aria-label={t.tasks.progressLabel(task.title)}>
                <div className={`h-full rounded-full ${task.state === "done" ? "bg-green-600" : task.state === "overdue" ? "bg-red-600" : "bg-brand-600"}`} style={{ width: `${task.percent}%` }} />
              </div>
              <p className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-stone-600">
                <span>{task.detail}</span>
                <span className={task.state === "overdue" ? "text-red-700" : task.dueSoon ? "text-amber-800" : ""}>{t.tasks.due(formatMonthDay(new Date(task.dueAt)))}</span>
              </p>
              {task.next ? (
                <Link to={task.next.href} className="mt-3 inline-block rounded-md bg-brand-600 px-4 py-1.5 text-sm text-white hover:bg-brand-700">
                  {task.next.label}
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const accent: Record<string, string> = { theory: "bg-sky-700", red: "bg-brand-600", practice: "bg-emerald-700" };

export default function Home({ loaderData }: Route.ComponentProps) {
  return (
    <div>
      <PageTitle >{t.home.greeting(loaderData.name)}</PageTitle>
      <p className="mt-1 text-stone-600">{t.home.intro}</p>
      <Tasks tasks={loaderData.tasks} />
      <h2 className="mt-10 text-xl font-bold text-stone-900">{t.nav.learn}</h2>
      <div className="mt-4 space-y-8">
        {loaderData.classrooms.map((room) => (
          <section key={room.key} aria-labelledby={`room-${room.key}`}>
            <div className="flex items-center gap-3">
              <span className={`h-6 w-1.5 rounded ${accent[room.key]}`} />
              <h3 id={`room-${room.key}`} className="text-lg font-bold text-stone-900">
                {t.classrooms[room.key]}
              </h3>
              <span className="hidden text-sm text-stone-500 sm:inline">{t.classroomBlurb[room.key]}</span>
            </div>
            <div className="mt-3 grid gap-4 md:grid-cols-2">
              {room.courses.map((course) => (
                <div key={course.slug} className={`${CARD} p-5`}>
                  <h4 className="font-semibold text-stone-900">{course.title}</h4>
                  {course.summary ? <p className="mt-1 text-sm text-stone-600">{course.summary}</p> : null}
                  <ol className="mt-3 divide-y divide-stone-100">
                    {course.lessons.map((l, i) => (
                      <li key={l.slug}>
                        <Link to={`/learn/${course.slug}/${l.slug}`} className="flex items-baseline gap-3 py-2 text-[15px] text-stone-800 hover:text-brand-700">
                          <span className="w-5 shrink-0 text-right text-sm text-stone-500">{i + 1}</span>
                          <span className="flex-1">{l.title}</span>
                          {l.minutes ? <span className="shrink-0 text-xs text-stone-500">{t.home.minutes(l.minutes)}</span> : null}
                        </Link>
                      </li>
                    ))}
                  </ol>
                </div>
              ))}
              {room.courses.length === 0 ? <p className="text-sm text-stone-500">{t.home.noCourses}</p> : null}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
