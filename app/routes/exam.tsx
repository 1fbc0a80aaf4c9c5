import { Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/exam";
import { Button, Notice } from "#app/components/form.tsx";
import { t } from "#app/lib/strings.ts";
import { notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { accessFacts, startAttempt } from "#app/modules/assessment/attempts.server.ts";
import { REVIEW_LABEL } from "#app/modules/assessment/labels.ts";
import { DomainError, refused } from "#app/lib/domain-error.ts";
import { formatDateTime } from "#app/lib/time.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.exam.title ?? t.exam.listTitle} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const access = await accessFacts(params.examId, user).catch((e) => {
    if (e instanceof DomainError && e.status === 404) throw notFound(t.examErrors.examNotFound);
    throw e;
  });
  if (!access.facts.inAudience || access.exam.status !== "published") throw notFound(t.exam.notFound);
  const { exam, effective, attempts } = access;
  return {
    exam: {
      id: exam.id,
      title: exam.title,
      description: exam.description,
      opensAt: exam.opensAt.toISOString(),
      closesAt: effective.closesAt.toISOString(),
      timeLimitMinutes: exam.timeLimitMinutes + effective.extraMinutes,
      maxAttempts: effective.maxAttempts,
      passPercent: exam.passPercent,
      reviewMode: exam.reviewMode,
    },
    attempts: attempts.map((a) => ({ id: a.id, number: a.number, state: a.state, percent: a.percent, passed: a.passed, needsGrading: a.needsGrading, submittedAt: a.submittedAt?.toISOString() ?? null })),
    refusals: access.refusals,
    inProgress: attempts.find((a) => a.state === "inProgress")?.id ?? null,
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request);
  try {
    const attempt = await startAttempt(params.examId, user);
    return redirect(`/attempts/${attempt.id}`);
  } catch (error) {
    return refused(error, (e) => ({ error: e.message }));
  }
}

export default function ExamPage({ loaderData }: Route.ComponentProps) {
  const { exam, attempts, refusals, inProgress } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const facts = [
    [t.exam.facts.opens, t.exam.facts.period(formatDateTime(new Date(exam.opensAt)), formatDateTime(new Date(exam.closesAt)))],
    [t.exam.facts.timeLimit, t.exam.facts.timeLimitValue(exam.timeLimitMinutes)],
    [t.exam.facts.attempts, exam.maxAttempts === 0 ? t.exam.facts.unlimited : t.exam.facts.attemptsValue(exam.maxAttempts, attempts.length)],
    [t.exam.facts.passMark, t.exam.facts.passMarkValue(exam.passPercent)],
    [t.exam.facts.review, REVIEW_LABEL[exam.reviewMode] ?? exam.reviewMode],
  ];
  return (
    <div className="max-w-3xl">
      <Link to="/exams" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.exam.listTitle}
      </Link>
      <PageTitle className="mt-2">{exam.title}</PageTitle>
      {exam.description ? <p className="mt-3 whitespace-pre-line text-stone-700">{exam.description}</p> : null}
      <dl className={`${CARD} mt-6 divide-y divide-stone-100`}>
        {facts.map(([k, v]) => (
          <div key={k} className="flex flex-col gap-1 px-5 py-3 sm:flex-row sm:gap-6">
            <dt className="w-24 shrink-0 text-sm text-stone-500">{k}</dt>
            <dd className="text-stone-900">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-6">
        {result?.error ? <div className="mb-4"><Notice kind="error">{result.error}</Notice></div> : null}
        {inProgress ? (
          <Link to={`/attempts/${inProgress}`} className="inline-block rounded-md bg-brand-600 px-6 py-2.5 text-white hover:bg-brand-700">
            {t.exam.continue}
          </Link>
        ) : refusals.length === 0 ? (
          <Form method="post">
            <Button type="submit" disabled={busy} className="!px-6 !py-2.5 !text-base">
              {t.exam.start}
            </Button>
          </Form>
        ) : (
          <ul className="space-y-1 rounded-md bg-stone-100 px-4 py-3 text-sm text-stone-700" data-testid="refusals">
            {refusals.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
      </div>
      {attempts.length > 0 ? (
        <section className="mt-8">
          <h2 className="font-semibold text-stone-900">{t.exam.attemptsTitle}</h2>
          <Card as="ul" className="mt-3 divide-y divide-stone-100">
            {attempts.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
                <span className="w-16">{t.exam.attemptNumber(a.number)}</span>
                <span className="flex-1 text-stone-600">
                  {a.state === "inProgress"
                    ? t.exam.inProgress
                    : a.needsGrading
                      ? t.exam.pending
                      : `${Math.round(a.percent ?? 0)}% · ${a.passed ? t.exam.passed : t.exam.failed}`}
                </span>
                {a.state === "finished" ? (
                  <Link to={`/attempts/${a.id}/review`} className="text-brand-700 hover:underline">
                    {t.exam.review}
                  </Link>
                ) : null}
                {a.passed ? (
                  <a href={`/attempts/${a.id}/certificate.pdf`} className="text-brand-700 hover:underline">
                    {t.exam.certificate}
                  </a>
                ) : null}
              </li>
            ))}
          </Card>
        </section>
      ) : null}
    </div>
  );
}
