import { data, Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/author";
import { Button, Field, inputClass, Notice } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { orDefault, text } from "#app/lib/form-fields.ts";
import { parseForm, readForm, type FieldErrors } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { createCourse, importCourseZip, newCourseSchema } from "#app/modules/content/authoring.server.ts";
import { CLASSROOMS } from "#app/modules/content/classrooms.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.author.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "content.author", "global");
  const courses = await db.course.findMany({
    orderBy: [{ classroom: "asc" }, { sortOrder: "asc" }],
    include: { lessons: { select: { status: true } } },
  });
  return {
    classrooms: CLASSROOMS.map((c) => ({
      key: c,
      courses: courses
        .filter((x) => x.classroom === c)
        .map((x) => ({
          id: x.id,
          title: x.title,
          slug: x.slug,
          origin: x.origin,
          published: x.lessons.filter((l) => l.status === "published").length,
          drafts: x.lessons.filter((l) => l.status === "draft").length,
        })),
    })),
  };
}

// The screen's two forms, chosen by `intent`. A new course's fields are bounded here and then meet the
// domain's newCourseSchema, which words what a course must be; an import names a room (or none) and a file.
const authorActions = z.discriminatedUnion(
  "intent",
  [
    z
      .object({
        intent: z.literal("create"),
        classroom: z.string().max(64).prefault(""),
        slug: z.string().max(256, t.author.errors.slugFormat).prefault(""),
        title: text({ max: 60, message: t.author.errors.courseTitleRequired, tooLong: t.author.errors.courseTitleTooLong }),
        summary: text({ max: 300, min: 0, tooLong: t.author.errors.summaryTooLong }).default(""),
      })
      // The room is still text here; newCourseSchema says whether it is one.
      .transform(({ classroom, slug, title, summary }) => ({ classroom, slug, title, summary }) as z.input<typeof newCourseSchema>)
      .pipe(newCourseSchema)
      .transform((course) => ({ intent: "create" as const, course })),
    z.object({
      intent: z.literal("import"),
      classroom: orDefault(() => undefined, z.enum(CLASSROOMS, { error: t.formInput.choice })),
      file: z.instanceof(File, { error: t.author.zipRequired }).refine((f) => f.size > 0, t.author.zipRequired),
    }),
  ],
  { error: t.author.unknownIntent },
);

/** A refusal in the screen's own shape: the first message of each field, shown next to it. */
const firstErrors = (fieldErrors: FieldErrors): Record<string, string> => Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, v[0] ?? ""]));

export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "content.author", "global");
  const parsed = parseForm(await readForm(request), authorActions);
  if (!parsed.ok) return data({ errors: firstErrors(parsed.fieldErrors), message: null }, { status: 400 });
  const f = parsed.value;
  if (f.intent === "create") {
    try {
      const course = await createCourse(f.course);
      return redirect(`/author/courses/${course.id}`);
    } catch (error) {
      if (error instanceof DomainError) return data({ errors: { slug: error.message }, message: null }, { status: 400 });
      throw error;
    }
  }
  if (f.file.size > 10 * 1024 * 1024) return data({ errors: { file: t.author.zipTooLarge }, message: null }, { status: 413 });
  try {
    const r = await importCourseZip(new Uint8Array(await f.file.arrayBuffer()), user.id, f.classroom);
    return { errors: {}, message: t.author.imported(r.course, r.created, r.updated, r.unchanged) };
  } catch (error) {
    if (error instanceof DomainError) return data({ errors: { file: error.message }, message: null }, { status: 400 });
    throw error;
  }
}

export default function Author({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <PageTitle >{t.author.title}</PageTitle>
        <span className="flex gap-2 text-sm">
          <Link to="/author/media" className="rounded-md border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-50">
            {t.author.uploadVideo}
          </Link>
          <Link to="/author/pledges" className="rounded-md border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-50">
            {t.author.publishPledge}
          </Link>
        </span>
      </div>
      {result?.message ? <div className="mt-4"><Notice kind="ok">{result.message}</Notice></div> : null}
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="space-y-6">
          {loaderData.classrooms.map((room) => (
            <section key={room.key} className={`${CARD} p-5`}>
              <h2 className="font-semibold text-stone-900">{t.classrooms[room.key]}</h2>
              <ul className="mt-3 divide-y divide-stone-100">
                {room.courses.map((c) => (
                  <li key={c.id} className="flex items-center gap-3 py-2">
                    <Link to={`/author/courses/${c.id}`} className="flex-1 text-brand-700 hover:underline">
                      {c.title}
                    </Link>
                    <span className="text-xs text-stone-500">
                      {t.author.courseCounts(c.published, c.drafts)}
                    </span>
                    <span className="rounded bg-stone-100 px-2 py-0.5 text-xs text-stone-600">{c.origin === "file" ? t.author.fromFile : t.author.fromBrowser}</span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
        <div className="space-y-6">
          <Card className="p-5">
            <h2 className="font-semibold text-stone-900">{t.author.newCourse}</h2>
            <Form method="post" className="mt-4 space-y-4">
              <input type="hidden" name="intent" value="create" />
              <Field label={t.author.classroom} name="classroom" error={errors.classroom}>
                <select id="classroom" name="classroom" className={inputClass}>
                  {CLASSROOMS.map((c) => (
                    <option key={c} value={c}>
                      {t.classrooms[c]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t.author.courseTitle} name="title" error={errors.title}>
                <input id="title" name="title" className={inputClass} required />
              </Field>
              <Field label={t.author.courseSlug} name="slug" error={errors.slug} hint={t.author.courseSlugHint}>
                <input id="slug" name="slug" className={inputClass} required pattern="[a-z0-9][a-z0-9-]*" />
              </Field>
              <Field label={t.author.courseSummary} name="summary" error={errors.summary}>
                <textarea id="summary" name="summary" rows={2} className={inputClass} />
              </Field>
              <Button type="submit" disabled={busy}>
                {t.author.create}
              </Button>
            </Form>
          </Card>
          <Card className="p-5">
            <h2 className="font-semibold text-stone-900">{t.author.importTitle}</h2>
            <Form method="post" encType="multipart/form-data" className="mt-4 space-y-4">
              <input type="hidden" name="intent" value="import" />
              <Field label={t.author.importTo} name="importClassroom">
                <select id="importClassroom" name="classroom" className={inputClass}>
                  {CLASSROOMS.map((c) => (
                    <option key={c} value={c}>
                      {t.classrooms[c]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t.author.zipFile} name="file" error={errors.file}>
                <input id="file" name="file" type="file" accept=".zip" className="mt-1 block text-sm" />
              </Field>
              <Button type="submit" disabled={busy}>
                {t.author.importSubmit}
              </Button>
            </Form>
            {errors.file ? <pre className="mt-3 whitespace-pre-wrap text-xs text-red-700">{errors.file}</pre> : null}
          </Card>
        </div>
      </div>
    </div>
  );
}
