import { data, Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/author.course";
import { Button, Field, inputClass } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { text } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { notFound, requirePermission } from "#app/modules/identity/auth.server.ts";
import { createLesson, newLessonSchema } from "#app/modules/content/authoring.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.course.title ?? t.author.title} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  await requirePermission(request, "content.author", "global");
  const course = await db.course.findUnique({
    where: { id: params.courseId },
    include: { lessons: { orderBy: { sortOrder: "asc" }, include: { publishedVersion: { select: { number: true } }, versions: { where: { status: "draft" }, select: { origin: true } } } } },
  });
  if (!course) throw notFound(t.author.errors.courseMissing);
  return {
    course: { id: course.id, title: course.title, slug: course.slug, classroom: course.classroom, summary: course.summary },
    lessons: course.lessons.map((l) => ({
      id: l.id,
      slug: l.slug,
      title: l.title,
      status: l.status,
      version: l.publishedVersion?.number ?? null,
      hasDraft: l.versions.some((v) => v.origin === "browser"),
      hasFileDraft: l.versions.some((v) => v.origin === "file"),
    })),
  };
}

// A new lesson: bounded here, then the domain's newLessonSchema words what a lesson must be.
const lessonForm = z
  .object({
    slug: z.string().max(256, t.author.errors.slugFormat).prefault(""),
    title: text({ max: 100, message: t.author.errors.lessonTitleRequired, tooLong: t.author.errors.lessonTitleTooLong }),
  })
  .pipe(newLessonSchema);

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requirePermission(request, "content.author", "global");
  const parsed = parseForm(await readForm(request), lessonForm);
  // The screen shows each field's first message next to it.
  if (!parsed.ok) return data({ errors: Object.fromEntries(Object.entries(parsed.fieldErrors).map(([k, v]) => [k, v[0] ?? ""])) }, { status: 400 });
  try {
    const lesson = await createLesson(params.courseId, parsed.value, user.id);
    return redirect(`/author/lessons/${lesson.id}`);
  } catch (error) {
    if (error instanceof DomainError) return data({ errors: { slug: error.message } }, { status: 400 });
    throw error;
  }
}

export default function AuthorCourse({ loaderData }: Route.ComponentProps) {
  const { course, lessons } = loaderData;
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <Link to="/author" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.author.title}
      </Link>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
        <PageTitle >
          {course.title} <span className="text-base font-normal text-stone-500">{t.classrooms[course.classroom]}</span>
        </PageTitle>
        <a href={`/author/courses/${course.id}/export.zip`} className="rounded-md border border-stone-300 bg-white px-4 py-2 text-sm hover:bg-stone-50" download>
          {t.author.exportZip}
        </a>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card >
          <ul className="divide-y divide-stone-100">
            {lessons.map((l, i) => (
              <li key={l.id} className="flex flex-wrap items-center gap-3 px-5 py-3">
                <span className="w-5 text-sm text-stone-500">{i + 1}</span>
                <Link to={`/author/lessons/${l.id}`} className="flex-1 text-brand-700 hover:underline">
                  {l.title}
                </Link>
                {l.version ? <span className="text-xs text-stone-500">{t.author.version(l.version)}</span> : null}
                {l.status !== "published" ? <span className="rounded bg-stone-100 px-2 py-0.5 text-xs text-stone-600">{l.status === "archived" ? t.author.archived : t.author.unpublished}</span> : null}
                {l.hasDraft ? <span className="rounded bg-amber-50 px-2 py-0.5 text-xs text-amber-800">{t.author.hasDraft}</span> : null}
                {l.hasFileDraft ? <span className="rounded bg-sky-50 px-2 py-0.5 text-xs text-sky-800">{t.author.hasFileDraft}</span> : null}
              </li>
            ))}
            {lessons.length === 0 ? <li className="px-5 py-4 text-sm text-stone-500">{t.author.noLessons}</li> : null}
          </ul>
        </Card>
        <Card className="h-fit p-5">
          <h2 className="font-semibold text-stone-900">{t.author.newLesson}</h2>
          <Form method="post" className="mt-4 space-y-4">
            <Field label={t.author.lessonTitle} name="title" error={errors.title}>
              <input id="title" name="title" className={inputClass} required />
            </Field>
            <Field label={t.author.lessonSlug} name="slug" error={errors.slug} hint={t.author.lessonSlugHint}>
              <input id="slug" name="slug" className={inputClass} required />
            </Field>
            <Button type="submit" disabled={busy}>
              {t.author.createAndEdit}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
