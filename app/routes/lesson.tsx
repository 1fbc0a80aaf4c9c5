import { useRef } from "react";
import { Link } from "react-router";
import { LessonTracker } from "#app/components/lesson-tracker.tsx";
import { PrintButton, ReadingProgress } from "#app/components/reading-progress.tsx";
import type { Route } from "./+types/lesson";
import { MdxBody } from "#app/components/mdx/lesson-body.tsx";
import { loadMdxScript, registerCompiledOnServer } from "#app/components/mdx/registry.ts";
import { t } from "#app/lib/strings.ts";
import { notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { getLessonPage } from "#app/modules/content/catalog.server.ts";
import { CARD, Card } from "#app/components/page.tsx";

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUser(request);
  const page = await getLessonPage(params.course, params.lesson);
  if (!page) throw notFound(t.lesson.missing);
  if (page.compiled) registerCompiledOnServer(page.compiled.hash, page.compiled.code);
  const { compiled, ...rest } = page;
  // Nothing here depends on the reader's progress (the tracker fetches it on its first beat), so the
  // rendered page stays valid until the lesson is republished or the reader's details change, and
  // server.mjs may serve it again from the page cache (ADR 010).
  return { ...rest, hash: compiled?.hash ?? null, toc: compiled?.toc ?? [] };
}

export async function clientLoader({ serverLoader }: Route.ClientLoaderArgs) {
  const data = await serverLoader();
  if (data.hash) await loadMdxScript(data.hash);
  return data;
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: data ? `${data.lesson.title} · ${t.app.name}` : t.app.name }];

export default function LessonPage({ loaderData }: Route.ComponentProps) {
  const { course, lesson, prev, next, refs, hash, toc } = loaderData;
  const article = useRef<HTMLElement>(null);
  return (
    <div className="lg:grid lg:grid-cols-[1fr_15rem] lg:gap-10">
      <ReadingProgress target={article} />
      <article ref={article} className={`${CARD} min-w-0 px-5 py-6 md:px-10 md:py-10`}>
        <nav className="no-print mb-4 text-sm text-stone-500" aria-label={t.lesson.breadcrumb}>
          <Link to="/" className="hover:text-brand-700">
            {t.classrooms[course.classroom]}
          </Link>
          <span className="mx-2">/</span>
          <span>{course.title}</span>
        </nav>
        <h1 className="text-2xl font-bold leading-snug text-stone-900 md:text-3xl">{lesson.title}</h1>
        <p className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-stone-500">
          {lesson.minutes ? <span>{t.lesson.minutes(lesson.minutes)}</span> : null}
          <PrintButton label={t.lesson.print} />
          {lesson.tags.map((tag) => (
            <span key={tag} className="rounded bg-stone-100 px-2 py-0.5 text-stone-600">
              {tag}
            </span>
          ))}
        </p>
        {lesson.summary ? <p className="mt-4 border-l-4 border-stone-200 pl-4 text-stone-600">{lesson.summary}</p> : null}
        <div className="mt-6">
          <LessonTracker key={lesson.id} lessonId={lesson.id}>
            <MdxBody hash={hash} data={{ lessonId: lesson.id, ...refs }} />
          </LessonTracker>
        </div>
        <nav className="no-print mt-12 flex flex-col gap-3 border-t border-stone-200 pt-6 sm:flex-row sm:justify-between" aria-label={t.lesson.pager}>
          {prev ? (
            <Link to={`/learn/${course.slug}/${prev.slug}`} className="rounded-md px-3 py-2 text-brand-700 hover:bg-brand-50">
              ← {t.lesson.prevLink(prev.title)}
            </Link>
          ) : (
            <span />
          )}
          {next ? (
            <Link to={`/learn/${course.slug}/${next.slug}`} className="rounded-md px-3 py-2 text-right text-brand-700 hover:bg-brand-50">
              {t.lesson.nextLink(next.title)} →
            </Link>
          ) : null}
        </nav>
      </article>
      {toc.length > 0 ? (
        <aside className="no-print hidden lg:block">
          <Card as="div" className="sticky top-20 p-4 text-sm">
            <p className="mb-2 font-semibold text-stone-900">{t.lesson.toc}</p>
            <ul className="space-y-1">
              {toc.map((e) => (
                <li key={e.id} className={e.depth === 3 ? "pl-3" : ""}>
                  <a href={`#${e.id}`} className="text-stone-600 hover:text-brand-700">
                    {e.text}
                  </a>
                </li>
              ))}
            </ul>
          </Card>
        </aside>
      ) : null}
    </div>
  );
}
