import { Link } from "react-router";
import type { Route } from "./+types/home";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { listCourses } from "#app/modules/content/catalog.server.ts";
import { CLASSROOMS } from "#app/modules/content/classrooms.ts";

export const meta: Route.MetaFunction = () => [{ title: `${t.nav.home} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const courses = await listCourses();
  return {
    name: user.name,
    classrooms: CLASSROOMS.map((c) => ({
      key: c,
      courses: courses
        .filter((x) => x.classroom === c)
        .map((x) => ({ slug: x.slug, title: x.title, summary: x.summary, lessons: x.lessons.map((l) => ({ slug: l.slug, title: l.title, minutes: l.publishedVersion?.minutes ?? null })) })),
    })),
  };
}

const accent: Record<string, string> = { theory: "bg-sky-700", red: "bg-brand-600", practice: "bg-emerald-700" };

export default function Home({ loaderData }: Route.ComponentProps) {
  return (
    <div>
      <h1 className="text-2xl font-bold text-stone-900">您好，{loaderData.name}</h1>
      <p className="mt-1 text-stone-600">选择课堂开始学习。学习记录和练习成绩会自动存入您的廉政档案。</p>
      <div className="mt-6 space-y-8">
        {loaderData.classrooms.map((room) => (
          <section key={room.key} aria-labelledby={`room-${room.key}`}>
            <div className="flex items-center gap-3">
              <span className={`h-6 w-1.5 rounded ${accent[room.key]}`} />
              <h2 id={`room-${room.key}`} className="text-xl font-bold text-stone-900">
                {t.classrooms[room.key]}
              </h2>
              <span className="hidden text-sm text-stone-500 sm:inline">{t.classroomBlurb[room.key]}</span>
            </div>
            <div className="mt-3 grid gap-4 md:grid-cols-2">
              {room.courses.map((course) => (
                <div key={course.slug} className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
                  <h3 className="font-semibold text-stone-900">{course.title}</h3>
                  {course.summary ? <p className="mt-1 text-sm text-stone-600">{course.summary}</p> : null}
                  <ol className="mt-3 divide-y divide-stone-100">
                    {course.lessons.map((l, i) => (
                      <li key={l.slug}>
                        <Link to={`/learn/${course.slug}/${l.slug}`} className="flex items-baseline gap-3 py-2 text-[15px] text-stone-800 hover:text-brand-700">
                          <span className="w-5 shrink-0 text-right text-sm text-stone-400">{i + 1}</span>
                          <span className="flex-1">{l.title}</span>
                          {l.minutes ? <span className="shrink-0 text-xs text-stone-400">{l.minutes} 分钟</span> : null}
                        </Link>
                      </li>
                    ))}
                  </ol>
                </div>
              ))}
              {room.courses.length === 0 ? <p className="text-sm text-stone-500">暂无课程。</p> : null}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
