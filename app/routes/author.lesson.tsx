import { diffLines } from "diff";
import { useEffect, useState } from "react";
import { data, Form, Link, useActionData, useFetcher, useNavigation } from "react-router";
import type { Route } from "./+types/author.lesson";
import { CodeEditor, type EditorProblem } from "#app/components/code-editor.tsx";
import { Button, Notice } from "#app/components/form.tsx";
import { MdxBody } from "#app/components/mdx/lesson-body.tsx";
import type { LessonData } from "#app/components/mdx/lesson-data.ts";
import { loadMdxScript } from "#app/components/mdx/registry.ts";
import { z } from "zod";
import { orDefault, text } from "#app/lib/form-fields.ts";
import { parseForm, parseQuery, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { notFound, requirePermission } from "#app/modules/identity/auth.server.ts";
import { adoptFileDraft, editorState, publishDraft, rollbackTo, saveDraft, versionSource } from "#app/modules/content/authoring.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { formatDateTimeShort } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.lesson.title ?? t.author.editor} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  await requirePermission(request, "content.author", "global");
  const state = await editorState(params.lessonId);
  if (!state) throw notFound(t.author.errors.lessonMissing);
  const { lesson } = state;
  const q = parseQuery(request, z.object({ diff: orDefault(() => null, text({ max: 64 })) }));
  if (!q.ok) throw q.reply;
  const diffId = q.value.diff;
  let diff: { title: string; parts: { added: boolean; removed: boolean; value: string }[] } | null = null;
  if (diffId) {
    const v = await versionSource(diffId);
    if (v && v.lessonId === lesson.id) {
      const before = await lessonVersionBefore(lesson.id, v.number, state.lesson.versions);
      diff = {
        title: t.author.diffTitle(v.number, before ? before.number : null),
        parts: diffLines(before?.source ?? "", v.source).map((p) => ({ added: Boolean(p.added), removed: Boolean(p.removed), value: p.value })),
      };
    }
  }
  return {
    lesson: { id: lesson.id, title: lesson.title, slug: lesson.slug, status: lesson.status, publishedNumber: lesson.publishedVersion?.number ?? null },
    course: { id: lesson.course.id, title: lesson.course.title, slug: lesson.course.slug },
    source: state.source,
    hasDraft: Boolean(state.draft),
    fileDraft: state.fileDraft ? { id: state.fileDraft.id, number: state.fileDraft.number, note: state.fileDraft.note } : null,
    history: lesson.versions.map((v) => ({ id: v.id, number: v.number, status: v.status, origin: v.origin, title: v.title, note: v.note, at: v.createdAt.toISOString() })),
    diff,
  };
}

async function lessonVersionBefore(lessonId: string, number: number, versions: { id: string; number: number }[]) {
  const prev = versions.filter((v) => v.number < number).sort((a, b) => b.number - a.number)[0];
  return prev ? versionSource(prev.id) : null;
}

// The editor's forms, chosen by `intent`. The source is kept as typed (an MDX file, never trimmed) within
// saveDraft's own limit and wording; version ids are bounded, and the domain says when one is not this lesson's.
const SOURCE_MAX = 200_000;
const source = z
  .string()
  .max(SOURCE_MAX, t.author.errors.sourceTooLong)
  .refine((s) => !s.includes("\u0000"), t.formInput.controlChars)
  .prefault("");
const lessonActions = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.enum(["save", "publish"]), source }),
    z.object({ intent: z.literal("rollback"), versionId: text({ max: 64, message: t.author.errors.versionMissing }) }),
    z.object({ intent: z.literal("adopt"), versionId: text({ max: 64, message: t.author.errors.fileVersionMissing }) }),
  ],
  { error: t.author.unknownIntent },
);

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requirePermission(request, "content.author", "global");
  const parsed = parseForm(await readForm(request), lessonActions);
  if (!parsed.ok) return data({ ok: false, message: parsed.message, problems: [] as EditorProblem[] }, { status: 400 });
  const f = parsed.value;
  try {
    if (f.intent === "rollback") {
      const v = await rollbackTo(params.lessonId, f.versionId, user.id);
      return { ok: true, message: t.author.publishedWithNote(v.number, v.note), problems: [] as EditorProblem[] };
    }
    if (f.intent === "adopt") {
      await adoptFileDraft(params.lessonId, f.versionId, user.id);
      return { ok: true, message: t.author.adopted, problems: [] as EditorProblem[] };
    }
    await saveDraft(params.lessonId, f.source, user.id);
    if (f.intent === "save") return { ok: true, message: t.author.saved, problems: [] as EditorProblem[] };
    const v = await publishDraft(params.lessonId, user.id);
    return { ok: true, message: t.author.published(v.number), problems: [] as EditorProblem[] };
  } catch (error) {
    if (error instanceof DomainError) return data({ ok: false, message: error.message, problems: error.problems as EditorProblem[] }, { status: 400 });
    throw error;
  }
}

type Preview = { problems: EditorProblem[]; hash: string | null; refs: Omit<LessonData, "lessonId"> | null };

export default function AuthorLesson({ loaderData }: Route.ComponentProps) {
  const { lesson, course, history, diff, fileDraft } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [source, setSource] = useState(loaderData.source);
  // When the server's source changes (rollback, adopting a file version), start the editor afresh.
  const [base, setBase] = useState(loaderData.source);
  const [editorKey, setEditorKey] = useState(0);
  if (base !== loaderData.source) {
    setBase(loaderData.source);
    if (loaderData.source !== source) {
      setSource(loaderData.source);
      setEditorKey((k) => k + 1);
    }
  }
  const preview = useFetcher<Preview>({ key: `preview-${lesson.id}` });
  const [shown, setShown] = useState<{ hash: string; refs: Omit<LessonData, "lessonId"> } | null>(null);

  const { submit } = preview;
  useEffect(() => {
    const timer = setTimeout(() => submit({ source }, { method: "post", action: "/author/preview" }), 400);
    return () => clearTimeout(timer);
  }, [source, submit]);

  useEffect(() => {
    const p = preview.data;
    if (!p?.hash || !p.refs) return;
    let live = true;
    const hash = p.hash;
    const refs = p.refs;
    void loadMdxScript(hash).then(() => live && setShown({ hash, refs }));
    return () => {
      live = false;
    };
  }, [preview.data]);

  const problems = preview.data?.problems ?? result?.problems ?? [];
  return (
    <div>
      <nav className="text-sm text-stone-500" aria-label={t.lesson.breadcrumb}>
        <Link to="/author" className="hover:text-brand-700">
          {t.author.title}
        </Link>
        <span className="mx-2">/</span>
        <Link to={`/author/courses/${course.id}`} className="hover:text-brand-700">
          {course.title}
        </Link>
      </nav>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <PageTitle className="flex-1">{lesson.title}</PageTitle>
        {lesson.publishedNumber ? (
          <Link to={`/learn/${course.slug}/${lesson.slug}`} className="text-sm text-brand-700 hover:underline">
            {t.author.viewPublished(lesson.publishedNumber)}
          </Link>
        ) : (
          <span className="text-sm text-stone-500">{t.author.notPublished}</span>
        )}
      </div>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      {fileDraft ? (
        <div className="mt-4 flex flex-wrap items-center gap-3 rounded-md bg-sky-50 px-4 py-3 text-sm text-sky-900">
          <span className="flex-1">{t.author.fileDraftNotice(fileDraft.number)}</span>
          <Link to={`?diff=${fileDraft.id}`} className="underline">
            {t.author.viewDiff}
          </Link>
          <Form method="post">
            <input type="hidden" name="intent" value="adopt" />
            <input type="hidden" name="versionId" value={fileDraft.id} />
            <button type="submit" className="rounded border border-sky-300 bg-white px-3 py-1">
              {t.author.adopt}
            </button>
          </Form>
        </div>
      ) : null}
      <Form method="post" className="mt-4">
        <div className="grid gap-4 xl:grid-cols-2">
          <div className="min-w-0">
            <CodeEditor key={editorKey} name="source" value={source} onChange={setSource} problems={problems} label={t.author.sourceLabel} />
          </div>
          <div className="min-w-0 space-y-4">
            <Card className="p-4" aria-live="polite">
              <h2 className="text-sm font-semibold text-stone-900">{t.author.problems}</h2>
              {problems.length === 0 ? (
                <p className="mt-1 text-sm text-green-700" data-testid="no-problems">
                  {preview.data ? t.author.noProblems : t.author.checking}
                </p>
              ) : (
                <ul className="mt-2 space-y-1 text-sm text-red-700" data-testid="problems">
                  {problems.map((p, i) => (
                    <li key={i}>
                      {t.author.problemAt(p.line, p.column, p.message)}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card className="max-h-[60vh] overflow-y-auto p-5">
              <h2 className="mb-3 text-sm font-semibold text-stone-500">{t.author.preview}</h2>
              <div data-testid="preview" className={problems.length > 0 ? "opacity-50" : ""}>
                {shown ? <MdxBody hash={shown.hash} data={{ lessonId: null, ...shown.refs }} /> : <p className="text-sm text-stone-500">{t.author.previewLoading}</p>}
              </div>
            </Card>
          </div>
        </div>
        <div className="sticky bottom-0 mt-4 flex gap-3 border-t border-stone-200 bg-stone-50/95 py-3">
          <Button type="submit" name="intent" value="save" variant="secondary" disabled={busy}>
            {t.author.saveDraft}
          </Button>
          <Button type="submit" name="intent" value="publish" disabled={busy || problems.length > 0}>
            {t.author.publish}
          </Button>
        </div>
      </Form>
      {diff ? (
        <Card className="mt-6 p-5">
          <h2 className="font-semibold text-stone-900">{diff.title}</h2>
          <pre className="mt-3 overflow-x-auto text-sm leading-6" data-testid="diff">
            {diff.parts.map((p, i) => (
              <span key={i} className={p.added ? "block bg-green-50 text-green-800" : p.removed ? "block bg-red-50 text-red-800 line-through" : "block text-stone-500"}>
                {p.value}
              </span>
            ))}
          </pre>
        </Card>
      ) : null}
      <Card className="mt-6 p-5">
        <h2 className="font-semibold text-stone-900">{t.author.history}</h2>
        <div className="table-wrap mt-3">
          <table className="w-full text-sm" data-testid="history">
            <tbody>
              {history.map((v) => (
                <tr key={v.id} className="border-t border-stone-100">
                  <td className="py-2 pr-3 whitespace-nowrap">{t.author.version(v.number)}</td>
                  <td className="py-2 pr-3">{t.author.statuses[v.status] ?? v.status}</td>
                  <td className="py-2 pr-3 text-stone-600">{t.author.origins[v.origin] ?? v.origin}</td>
                  <td className="py-2 pr-3 text-stone-600 whitespace-nowrap">{formatDateTimeShort(new Date(v.at))}</td>
                  <td className="py-2 pr-3 text-stone-500">{v.note}</td>
                  <td className="py-2 pr-3 whitespace-nowrap">
                    <Link to={`?diff=${v.id}`} className="text-brand-700 hover:underline">
                      {t.author.viewDiff}
                    </Link>
                  </td>
                  <td className="py-2 whitespace-nowrap">
                    {v.status === "superseded" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="rollback" />
                        <input type="hidden" name="versionId" value={v.id} />
                        <button type="submit" className="text-brand-700 hover:underline">
                          {t.author.rollback}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
