import { Link } from "react-router";
import type { Route } from "./+types/attempt.review";
import { clientIp } from "#app/lib/context.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, personTarget, requireUser } from "#app/modules/identity/auth.server.ts";
import { attemptPolicy } from "#app/modules/assessment/policy.server.ts";
import { db } from "#app/lib/db.server.ts";

import { reviewOf } from "#app/modules/assessment/exams.server.ts";
import { logFileRead } from "#app/modules/records/file.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { formatDateTime } from "#app/lib/time.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.exam.review} · ${t.app.name}` }];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const attempt = await db.attempt.findUnique({ where: { id: params.attemptId }, select: { userId: true, state: true } });
  if (!attempt) throw notFound(t.examErrors.attemptNotFound);
  const policy = attemptPolicy(user, { taker: await personTarget(attempt.userId) });
  if (!policy.review) throw forbidden();
  try {
    const review = await reviewOf(params.attemptId, { asTaker: policy.asTaker });
    await logFileRead(user.id, attempt.userId, "exam-review", clientIp(context, request), params.attemptId);
    // The certificate button follows the same policy as the certificate download.
    return { ...review, offers: { certificate: policy.certificate } };
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}
const stateStyle: Record<string, string> = {
  correct: "bg-green-50 text-green-800",
  partial: "bg-amber-50 text-amber-800",
  wrong: "bg-red-50 text-red-800",
  unanswered: "bg-stone-100 text-stone-600",
  needsGrading: "bg-sky-50 text-sky-800",
};

export default function Review({ loaderData }: Route.ComponentProps) {
  const { summary, slots, offers } = loaderData;
  return (
    <div className="max-w-3xl">
      <Link to={`/exams/${summary.examId}`} className="text-sm text-stone-500 hover:text-brand-700">
        ← {summary.examTitle}
      </Link>
      <PageTitle className="mt-2">
        {t.exam.review} · {t.exam.attemptNumber(summary.number)}
      </PageTitle>
      <Card className="mt-4 flex flex-wrap items-center gap-6 p-5" data-testid="summary">
        <div>
          <p className="text-sm text-stone-500">{t.exam.score}</p>
          <p className="text-3xl font-bold text-stone-900">
            {summary.score ?? "—"} <span className="text-base font-normal text-stone-500">/ {summary.maxScore}</span>
          </p>
        </div>
        <div>
          {summary.needsGrading ? (
            <span className="rounded bg-sky-50 px-3 py-1 text-sky-800">{t.exam.pending}</span>
          ) : summary.passed ? (
            <span className="rounded bg-green-50 px-3 py-1 font-semibold text-green-800">{t.exam.passed}</span>
          ) : (
            <span className="rounded bg-red-50 px-3 py-1 font-semibold text-red-800">{t.exam.failed}</span>
          )}
          <p className="mt-2 text-sm text-stone-500">{t.exam.passLine(summary.passPercent)}</p>
        </div>
        <div className="text-sm text-stone-600">
          {summary.submittedAt ? <p>{formatDateTime(new Date(summary.submittedAt))}</p> : null}
          {summary.submittedBy ? <p>{t.exam.submittedBy[summary.submittedBy]}</p> : null}
        </div>
        {summary.passed && offers.certificate ? (
          <a href={`/attempts/${summary.attemptId}/certificate.pdf`} className="ml-auto rounded-md bg-brand-600 px-4 py-2 text-sm text-white hover:bg-brand-700">
            {t.exam.certificate}
          </a>
        ) : null}
      </Card>
      {summary.reviewOpensAt ? <p className="mt-4 text-sm text-stone-600">{t.exam.reviewOpensAt(formatDateTime(new Date(summary.reviewOpensAt)))}</p> : null}
      <ol className="mt-6 space-y-4">
        {slots.map((s) => (
          <li key={s.slot} className={`${CARD} p-5`} data-testid="review-question">
            <div className="flex items-start gap-3">
              <p className="flex-1 text-stone-900">
                <span className="mr-2 font-semibold">{s.slot}.</span>
                {s.stem}
              </p>
              <span className={`shrink-0 rounded px-2 py-0.5 text-xs ${stateStyle[s.state ?? "unanswered"]}`}>
                {t.exam.gradeStates[s.state ?? "unanswered"]} · {Math.round((s.fraction ?? 0) * s.points * 100) / 100}/{s.points}
              </span>
            </div>
            {s.options.length ? (
              <ul className="mt-2 space-y-0.5 text-sm text-stone-700">
                {s.options.map((o, i) => (
                  <li key={i}>
                    {String.fromCharCode(65 + i)}. {o}
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="mt-3 text-sm">
              <span className="text-stone-500">{t.exam.label(t.exam.yourAnswer)}</span>
              {s.response}
            </p>
            {s.answer ? (
              <p className="mt-1 text-sm">
                <span className="text-stone-500">{t.exam.label(t.exam.correctAnswer)}</span>
                <span className="font-medium text-green-800">{s.answer}</span>
              </p>
            ) : null}
            {s.explanation ? (
              <p className="mt-2 rounded-md bg-stone-50 px-3 py-2 text-sm text-stone-700">
                <span className="font-medium">{t.exam.label(t.exam.explanation)}</span>
                {s.explanation}
              </p>
            ) : null}
            {s.comment ? <p className="mt-2 text-sm text-sky-800">{t.exam.label(t.exam.graderComment)}{s.comment}</p> : null}
            {s.source ? (
              <p className="mt-2 text-sm">
                <span className="text-stone-500">{t.exam.label(t.exam.source)}</span>
                <Link
                  to={s.source.kind === "article" ? `/rules/${s.source.id.split(":")[0]}#a${s.source.id.split(":")[1]}` : `/cases/${s.source.id}`}
                  className="text-brand-700 hover:underline"
                >
                  {s.source.label}
                </Link>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
