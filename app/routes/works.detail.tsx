import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/works.detail";
import { Button, inputClass, Notice } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { optionalText } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { discardStoredFile, keepUploadIf, receiveUpload, UPLOAD_RULES } from "#app/lib/storage.server.ts";
import { forbidden, notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { workPolicy } from "#app/modules/activities/policy.server.ts";
import { WORK_ACCEPT, WORK_KINDS_LABEL, WORK_STATUS_LABEL } from "#app/modules/activities/labels.ts";
import { canSeeWork, nominateWork, resubmitWork, reviewWork, workDetail } from "#app/modules/activities/works.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { formatDateTime } from "#app/lib/time.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.work.title ?? t.activityWorks.fallbackTitle} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const work = await workDetail(params.workId);
  if (!work) throw notFound(t.activityWorks.errors.missing);
  if (!(await canSeeWork(user, work))) throw forbidden();
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: work.unitId } });
  const files = new Map((await db.storedFile.findMany({ where: { id: { in: work.versions.map((v) => v.fileId) } } })).map((f) => [f.id, f]));
  const people = new Map((await db.user.findMany({ where: { id: { in: [work.userId, ...work.reviews.map((r) => r.reviewerId)] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return {
    work: { id: work.id, title: work.title, kind: work.kind, description: work.description, status: work.status, nominated: work.nominated, author: people.get(work.userId) ?? "", unit: unit.name },
    versions: work.versions.map((v) => ({ number: v.number, note: v.note, at: v.createdAt.toISOString(), file: { id: v.fileId, mime: files.get(v.fileId)?.mime ?? "", size: files.get(v.fileId)?.size ?? 0 } })),
    reviews: work.reviews.map((r) => ({ id: r.id, version: r.version, decision: r.decision, comment: r.comment, reviewer: people.get(r.reviewerId) ?? "", at: r.at.toISOString() })),
    own: work.userId === user.id,
    canReview: workPolicy(user, unit).review,
  };
}

// A resubmission's note (the upload itself is read and limited by receiveUpload), bounded as stored.
const resubmitForm = z.object({ note: optionalText(500) });
// The review and nomination buttons, chosen by `intent`; reviewWork words a return without a comment.
const workActions = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.enum(["approve", "return"]), comment: optionalText(2000) }), z.object({ intent: z.enum(["nominate", "unnominate"]) })],
  { error: t.activities.unknownIntent },
);

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request);
  try {
    if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
      const work = await db.work.findUnique({ where: { id: params.workId } });
      if (!work) throw notFound(t.activityWorks.errors.missing);
      // Only the author resubmits: refuse before a byte is stored.
      if (work.userId !== user.id) throw notFound(t.activityWorks.errors.missing);
      const received = await receiveUpload(request, user.id, () => (Object.hasOwn(UPLOAD_RULES, work.kind) ? UPLOAD_RULES[work.kind]! : null));
      const { fields, file } = received;
      const parsed = parseForm(new URLSearchParams(Object.entries(fields)), resubmitForm);
      if (!parsed.ok) {
        if (file) await discardStoredFile(file.id);
        return parsed.reply;
      }
      if (!file) return data({ ok: false, message: t.activities.fileRequired }, { status: 400 });
      await keepUploadIf(received, () => resubmitWork(user, work.id, file.id, parsed.value.note));
      return { ok: true, message: t.activityWorks.resubmitted };
    }
    const parsed = parseForm(await readForm(request), workActions);
    if (!parsed.ok) return parsed.reply;
    const f = parsed.value;
    if (f.intent === "approve" || f.intent === "return") {
      await reviewWork(user, params.workId, f.intent, f.comment);
      return { ok: true, message: f.intent === "approve" ? t.activityWorks.approved : t.activityWorks.returned };
    }
    await nominateWork(user, params.workId, f.intent === "nominate");
    return { ok: true, message: f.intent === "nominate" ? t.activityWorks.nominated : t.activityWorks.unnominated };
  } catch (error) {
    if (error instanceof DomainError) return data({ ok: false, message: error.message }, { status: error.status });
    throw error;
  }
}

function Media({ file }: { file: { id: string; mime: string } }) {
  const src = `/files/${file.id}`;
  if (file.mime.startsWith("video/")) return <video controls preload="metadata" src={src} className="w-full rounded-lg bg-black" data-testid="work-video" />;
  if (file.mime.startsWith("audio/")) return <audio controls preload="metadata" src={src} className="w-full" />;
  if (file.mime.startsWith("image/")) return <img src={src} alt={t.activityWorks.mediaAlt} className="max-h-[70vh] rounded-lg" />;
  return (
    <a href={src} className="text-brand-700 underline">
      {t.activityWorks.openFile}
    </a>
  );
}

export default function WorkPage({ loaderData }: Route.ComponentProps) {
  const { work, versions, reviews, own, canReview } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const latest = versions[0];
  return (
    <div className="max-w-3xl">
      <Link to="/activities" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.activities.title}
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <PageTitle className="flex-1">{work.title}</PageTitle>
        <span className="rounded bg-stone-100 px-2 py-0.5 text-sm" data-testid="work-status">
          {WORK_STATUS_LABEL[work.status]}
        </span>
        {work.nominated ? <span className="rounded bg-amber-100 px-2 py-0.5 text-sm text-amber-900">{t.activityWorks.nominatedBadge}</span> : null}
      </div>
      <p className="mt-1 text-sm text-stone-600">
        {WORK_KINDS_LABEL[work.kind]} · {work.author} · {work.unit}
      </p>
      {work.description ? <p className="mt-3 whitespace-pre-line text-stone-700">{work.description}</p> : null}
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      {latest ? (
        <Card className="mt-6 p-5">
          <p className="mb-3 text-sm text-stone-500">{t.activityWorks.version(latest.number)}</p>
          <Media file={latest.file} />
        </Card>
      ) : null}
      {own && work.status === "returned" ? (
        <Form method="post" encType="multipart/form-data" className="mt-6 space-y-3 rounded-xl bg-amber-50 p-5 ring-1 ring-amber-200">
          <h2 className="font-semibold text-stone-900">{t.activityWorks.resubmitTitle}</h2>
          <input name="note" placeholder={t.activityWorks.note} aria-label={t.activityWorks.note} className={inputClass} />
          <input name="file" type="file" accept={WORK_ACCEPT} required aria-label={t.activityWorks.newFile} className="block text-sm" />
          <Button type="submit" disabled={busy}>
            {t.activityWorks.resubmit}
          </Button>
        </Form>
      ) : null}
      {canReview && work.status === "submitted" ? (
        <Form method="post" className={`${CARD} mt-6 space-y-3 p-5`}>
          <h2 className="font-semibold text-stone-900">{t.activityWorks.reviewTitle}</h2>
          <textarea name="comment" rows={2} placeholder={t.activityWorks.commentPlaceholder} aria-label={t.activityWorks.comment} className={inputClass} />
          <div className="flex gap-3">
            <Button type="submit" name="intent" value="approve" disabled={busy}>
              {t.activityWorks.approve}
            </Button>
            <Button type="submit" name="intent" value="return" variant="danger" disabled={busy}>
              {t.activityWorks.return}
            </Button>
          </div>
        </Form>
      ) : null}
      {canReview && work.status === "approved" ? (
        <Form method="post" className="mt-6">
          <Button type="submit" name="intent" value={work.nominated ? "unnominate" : "nominate"} variant="secondary" disabled={busy}>
            {work.nominated ? t.activityWorks.unnominate : t.activityWorks.nominate}
          </Button>
        </Form>
      ) : null}
      <Card className="mt-6 p-5">
        <h2 className="font-semibold text-stone-900">{t.activityWorks.history}</h2>
        <ul className="mt-3 space-y-2 text-sm" data-testid="work-history">
          {[...versions.map((v) => ({ at: v.at, text: t.activityWorks.historySubmitted(v.number, v.note) })), ...reviews.map((r) => ({ at: r.at, text: t.activityWorks.historyReviewed(r.reviewer, r.decision === "approve", r.version, r.comment) }))]
            .sort((a, b) => b.at.localeCompare(a.at))
            .map((e, i) => (
              <li key={i} className="flex gap-3">
                <time className="w-40 shrink-0 text-stone-500">{formatDateTime(new Date(e.at))}</time>
                <span>{e.text}</span>
              </li>
            ))}
        </ul>
      </Card>
    </div>
  );
}
