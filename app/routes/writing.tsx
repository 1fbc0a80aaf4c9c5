import { useState } from "react";
import { Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/writing";
import { Button, inputClass, Notice } from "#app/components/form.tsx";
import { SafeMarkdown } from "#app/components/safe-markdown.tsx";
import { clientIp } from "#app/lib/context.ts";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { choiceParam, optionalText, orDefault, text } from "#app/lib/form-fields.ts";
import { MARKDOWN_LIMITS } from "#app/lib/markdown-limits.ts";
import { parseForm, parseQuery, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { logFileRead } from "#app/modules/records/file.server.ts";
import { commentOn, readWriting, saveWriting, WRITING_RULES, type WritingKind } from "#app/modules/activities/writing.server.ts";
import { DomainError, refused } from "#app/lib/domain-error.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.rule.label ?? t.activityWriting.fallbackTitle} · ${t.app.name}` }];

const KINDS = Object.keys(WRITING_RULES) as [WritingKind, ...WritingKind[]];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = await requireUser(request);
  if (!params.id) {
    // An unknown kind names no page: a 404 (as tests/unit/routes/scope.test.ts has it), worded by the parse.
    const q = parseQuery(request, z.object({ kind: choiceParam(KINDS, "reflection") }));
    if (!q.ok) throw notFound(q.message);
    const { kind } = q.value;
    return { doc: null, kind, rule: WRITING_RULES[kind], own: true, canComment: false, comments: [] as { author: string; body: string; at: string }[] };
  }
  const { doc, policy } = await readWriting(user, params.id).catch((error: unknown) => {
    if (error instanceof DomainError) throw error.status === 403 ? forbidden(error.message) : notFound(error.message);
    throw error;
  });
  const authors = new Map((await db.user.findMany({ where: { id: { in: [doc.userId, ...doc.comments.map((c) => c.authorId)] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  await logFileRead(user.id, doc.userId, "reflection", clientIp(context, request), doc.id);
  return {
    doc: { id: doc.id, title: doc.title, body: doc.body, status: doc.status, author: authors.get(doc.userId) ?? "", submittedAt: doc.submittedAt?.toISOString() ?? null },
    kind: doc.kind as WritingKind,
    rule: WRITING_RULES[doc.kind as WritingKind],
    own: policy.own,
    canComment: policy.comment,
    comments: doc.comments.map((c) => ({ author: authors.get(c.authorId) ?? "", body: c.body, at: c.at.toISOString() })),
  };
}

// The page's forms in one schema: a comment, or a text saved or submitted. A draft saved with Enter sends
// no intent, which has always meant "save". The body stays as typed (Markdown, never trimmed) within the
// Markdown limit; saveWriting words the kind, the title and each kind's own length.
const writingForm = z.object({
  intent: orDefault(() => "save" as const, z.enum(["save", "submit", "comment"], { error: t.activities.unknownIntent })),
  comment: optionalText(2000),
  kind: z.string().max(64).prefault(""),
  title: text({ max: 100, min: 0, tooLong: t.activityWriting.errors.titleTooLong }).default(""),
  body: z
    .string()
    .max(MARKDOWN_LIMITS.length, t.markdownLimits.tooLong(MARKDOWN_LIMITS.length))
    .refine((s) => !s.includes("\u0000"), t.formInput.controlChars)
    .prefault(""),
});

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(await readForm(request), writingForm);
  if (!parsed.ok) return parsed.reply;
  const f = parsed.value;
  try {
    if (f.intent === "comment") {
      await commentOn(user, params.id ?? "", f.comment);
      return { ok: true, message: t.activityWriting.commentPosted };
    }
    const doc = await saveWriting(user, {
      id: params.id,
      kind: f.kind as WritingKind,
      title: f.title,
      body: f.body,
      submit: f.intent === "submit",
    });
    if (!params.id) return redirect(`/writing/${doc.id}`);
    return { ok: true, message: f.intent === "submit" ? t.activityWriting.submittedToFile : t.activityWriting.saved };
  } catch (error) {
    return refused(error);
  }
}

export default function Writing({ loaderData }: Route.ComponentProps) {
  const { doc, kind, rule, own, canComment, comments } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [body, setBody] = useState(doc?.body ?? "");
  const editable = own && doc?.status !== "submitted";
  const count = [...body.replace(/\s/g, "")].length;
  return (
    <div className="max-w-5xl">
      <Link to="/activities" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.activities.title}
      </Link>
      <PageTitle className="mt-2">
        {rule.label}
        {doc ? ` · ${doc.title}` : ""}
      </PageTitle>
      {doc?.status === "submitted" ? <p className="text-sm text-stone-500">{doc.author} · {t.activities.submitted}</p> : null}
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      {editable ? (
        <Form method="post" className="mt-6 space-y-3">
          <input type="hidden" name="kind" value={kind} />
          <input name="title" defaultValue={doc?.title ?? ""} placeholder={t.activityWriting.title} aria-label={t.activityWriting.title} className={inputClass} maxLength={100} />
          <div className="grid gap-4 lg:grid-cols-2">
            <textarea
              name="body"
              value={body}
              onChange={(e) => setBody(e.target.value)}
              rows={kind === "message" ? 5 : 18}
              aria-label={t.activityWriting.body}
              placeholder={kind === "message" ? t.activityWriting.messagePlaceholder : t.activityWriting.reflectionPlaceholder}
              className={`${inputClass} font-mono`}
            />
            <div className="min-h-32 rounded-md border border-stone-200 bg-white p-4" aria-label={t.activityWriting.preview}>
              <p className="mb-2 text-xs text-stone-500">{t.activityWriting.preview}</p>
              <div className="prose-lesson">
                <SafeMarkdown>{body || t.activityWriting.previewEmpty}</SafeMarkdown>
              </div>
            </div>
          </div>
          <p className={`text-sm ${count < rule.min || count > rule.max ? "text-amber-800" : "text-stone-500"}`}>
            {t.activityWriting.count(count, rule.min, rule.max)}
          </p>
          <div className="flex gap-3">
            <Button type="submit" name="intent" value="save" variant="secondary" disabled={busy}>
              {t.activities.saveDraft}
            </Button>
            <Button type="submit" name="intent" value="submit" disabled={busy}>
              {t.activities.submit}
            </Button>
          </div>
        </Form>
      ) : doc ? (
        <Card as="article" className="prose-lesson mt-6 p-6">
          <SafeMarkdown>{doc.body}</SafeMarkdown>
        </Card>
      ) : null}
      {doc?.status === "submitted" ? (
        <Card className="mt-6 p-5">
          <h2 className="font-semibold text-stone-900">{t.activityWriting.comments}</h2>
          <ul className="mt-2 space-y-2 text-sm">
            {comments.map((c, i) => (
              <li key={i}>
                <strong>{c.author}</strong>{t.activityWriting.commentSeparator}{c.body}
              </li>
            ))}
            {comments.length === 0 ? <li className="text-stone-500">{t.activityWriting.noComments}</li> : null}
          </ul>
          {canComment ? (
            <Form method="post" className="mt-3 flex gap-2">
              <input type="hidden" name="intent" value="comment" />
              <input name="comment" aria-label={t.activityWriting.comment} className={`${inputClass} !mt-0`} required />
              <Button type="submit" disabled={busy} className="shrink-0">
                {t.activityWriting.postComment}
              </Button>
            </Form>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
