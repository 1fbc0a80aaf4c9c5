import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/manage.exam";
import { Button, Field, fieldErrors, inputClass, Notice, Select, nameOptions } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { beijingDateTime, decimal, int, optionalText, orDefault, text } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { notFound, requirePermission } from "#app/modules/identity/auth.server.ts";
import { gradeManually } from "#app/modules/assessment/attempts.server.ts";
import { describeRule, blueprintSchema } from "#app/modules/assessment/blueprint.ts";
import { addOverride, examStatistics, gradingQueue, overrideInput, regradeCandidates, regradeQuestion } from "#app/modules/assessment/exams.server.ts";
import { REVIEW_LABEL } from "#app/modules/assessment/labels.ts";
import { refused } from "#app/lib/domain-error.ts";
import { formatTimestamp } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.exam.title ?? t.exam.manage} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  await requirePermission(request, "exam.manage", "global");
  const exam = await db.exam.findUnique({ where: { id: params.examId }, include: { overrides: { orderBy: { createdAt: "desc" } } } });
  if (!exam) throw notFound(t.examErrors.examNotFound);
  const [stats, queue, attempts] = await Promise.all([
    examStatistics(exam.id),
    gradingQueue(exam.id),
    db.attempt.findMany({ where: { examId: exam.id }, orderBy: { startedAt: "desc" }, take: 100 }),
  ]);
  const people = new Map(
    (await db.user.findMany({ where: { id: { in: [...attempts.map((a) => a.userId), ...exam.overrides.flatMap((o) => (o.userId ? [o.userId] : [])), ...queue.map((q) => q.userId)] } }, include: { unit: { select: { name: true } } } })).map((u) => [
      u.id,
      t.examManage.personWithUnit(u.name, u.unit.name),
    ]),
  );
  const units = new Map((await db.orgUnit.findMany({ select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const usedQuestions = [...new Set((await db.attemptSlot.findMany({ where: { attempt: { examId: exam.id } }, select: { questionId: true } })).map((s) => s.questionId))];
  const regrade: { questionId: string; candidates: number }[] = [];
  for (const q of usedQuestions) {
    const n = await regradeCandidates(q);
    if (n > 0) regrade.push({ questionId: q, candidates: n });
  }
  return {
    exam: {
      id: exam.id,
      title: exam.title,
      rules: blueprintSchema.parse(JSON.parse(exam.blueprintJson)).map((r) => t.examManage.ruleSummary(describeRule(r), r.count, r.points)),
      timeLimitMinutes: exam.timeLimitMinutes,
      passPercent: exam.passPercent,
      reviewMode: REVIEW_LABEL[exam.reviewMode],
    },
    stats,
    queue: queue.map((q) => ({ ...q, person: people.get(q.userId) ?? "" })),
    attempts: attempts.map((a) => ({ id: a.id, person: people.get(a.userId) ?? a.userId, number: a.number, state: a.state, percent: a.percent, passed: a.passed, needsGrading: a.needsGrading })),
    overrides: exam.overrides.map((o) => ({
      id: o.id,
      who: o.userId ? (people.get(o.userId) ?? o.userId) : t.examManage.wholeUnit(units.get(o.unitId ?? "") ?? ""),
      extraMinutes: o.extraMinutes,
      extraAttempts: o.extraAttempts,
      closesAt: o.closesAt?.toISOString() ?? null,
      reason: o.reason,
    })),
    regrade,
    unitOptions: [...units.entries()].map(([id, name]) => ({ id, name })),
  };
}

// One schema for the exam screen's forms, chosen by `intent`. Numbers and times are parsed here (a
// slot of "abc" or a closing time of 9999-99-99 is a 400); the override then meets the domain's own
// overrideInput, which words what an override must contain.
const examActions = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("override"),
      target: z.enum(["user", "unit"], { error: t.examSettings.overrideTargetRequired }),
      username: optionalText(64),
      unitId: optionalText(64),
      extraMinutes: orDefault(() => 0, int(0, 600)),
      extraAttempts: orDefault(() => 0, int(0, 10)),
      closesAt: orDefault(() => null, beijingDateTime()),
      reason: z.string().max(2000).prefault(""),
    }),
    z
      .object({ intent: z.literal("grade"), attemptId: text({ max: 64 }), slot: int(1, 500), max: decimal(0, 10_000), points: z.string().prefault(""), comment: optionalText(2000) })
      .transform((g, ctx) => {
        // Worded against the question's points, as the grading form always did.
        const points = /^\d{1,9}(\.\d{1,2})?$/.test(g.points.trim()) ? Number(g.points) : NaN;
        if (!(points >= 0 && points <= g.max)) {
          ctx.addIssue({ code: "custom", message: t.examManage.gradeRange(g.max), path: ["points"] });
          return z.NEVER;
        }
        return { ...g, points };
      }),
    z.object({ intent: z.literal("regrade"), questionId: text({ max: 64 }), reason: z.string().max(2000).prefault("") }),
  ],
  { error: t.examManage.unknownIntent },
);

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requirePermission(request, "exam.manage", "global");
  const parsed = parseForm(await readForm(request), examActions);
  if (!parsed.ok) return parsed.reply;
  const f = parsed.value;
  try {
    if (f.intent === "override") {
      let targetId = f.target === "user" ? f.username : f.unitId;
      if (f.target === "user") {
        const person = await db.user.findUnique({ where: { username: targetId.toLowerCase() }, select: { id: true } });
        if (!person) return data({ ok: false, message: t.examManage.userNotFound(targetId) }, { status: 400 });
        targetId = person.id;
      }
      const input = overrideInput.safeParse({ target: f.target, targetId, extraMinutes: f.extraMinutes, extraAttempts: f.extraAttempts, closesAt: f.closesAt, reason: f.reason });
      if (!input.success) return data({ ok: false, message: Object.values(fieldErrors(input.error.issues)).join(" ") }, { status: 400 });
      const r = await addOverride(params.examId, input.data, user.id);
      return { ok: true, message: t.examManage.overrideAdded(r.moved) };
    }
    if (f.intent === "grade") {
      await gradeManually(f.attemptId, f.slot, { fraction: f.max ? f.points / f.max : 0, comment: f.comment }, user.id);
      return { ok: true, message: t.examManage.graded };
    }
    const r = await regradeQuestion(f.questionId, f.reason, user.id);
    return { ok: true, message: t.examManage.regraded(r.attempts, r.changed) };
  } catch (error) {
    return refused(error);
  }
}

const pct = (n: number | null) => (n === null || Number.isNaN(n) ? "—" : `${Math.round(n)}%`);
const idx = (n: number) => (Number.isNaN(n) ? "—" : n.toFixed(1));

export default function ManageExam({ loaderData }: Route.ComponentProps) {
  const { exam, stats, queue, attempts, overrides, regrade, unitOptions } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const maxBand = Math.max(1, ...stats.distribution.map((b) => b.count));
  return (
    <div className="space-y-6">
      <div>
        <Link to="/manage/exams" className="text-sm text-stone-500 hover:text-brand-700">
          ← {t.exam.manage}
        </Link>
        <PageTitle className="mt-2">{exam.title}</PageTitle>
        <p className="mt-1 text-sm text-stone-600">
          {t.exam.timeLimit(exam.timeLimitMinutes)} · {t.exam.passLine(exam.passPercent)} · {exam.reviewMode}
        </p>
        <ul className="mt-2 list-disc pl-5 text-sm text-stone-600">
          {exam.rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </div>
      {result?.message ? <Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice> : null}

      <Card className="p-5" data-testid="statistics">
        <h2 className="font-semibold text-stone-900">{t.examManage.statistics}</h2>
        <p className="mt-1 text-sm text-stone-600">
          {t.examManage.statsSummary(stats.attempts, pct(stats.meanPercent), pct(stats.passRate))}
        </p>
        <div className="mt-4 flex h-32 items-end gap-1" role="img" aria-label={t.examManage.distribution}>
          {stats.distribution.map((b) => (
            <div key={b.from} className="flex flex-1 flex-col items-center gap-1">
              <span className="text-xs text-stone-500">{b.count || ""}</span>
              <div className="w-full rounded-t bg-brand-600/80" style={{ height: `${(b.count / maxBand) * 90}px` }} />
              <span className="text-[10px] text-stone-500">{b.from}</span>
            </div>
          ))}
        </div>
        {stats.questions.length ? (
          <div className="table-wrap mt-5">
            <table className="w-full text-sm">
              <thead className="text-left text-stone-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">{t.examManage.questionColumn}</th>
                  <th className="py-1 pr-3 font-medium">{t.examManage.responsesColumn}</th>
                  <th className="py-1 pr-3 font-medium" title={t.examManage.facilityHint}>{t.examManage.facilityColumn}</th>
                  <th className="py-1 font-medium" title={t.examManage.discriminationHint}>{t.examManage.discriminationColumn}</th>
                </tr>
              </thead>
              <tbody>
                {stats.questions.map((q) => (
                  <tr key={q.id} className="border-t border-stone-100">
                    <td className="max-w-md truncate py-1.5 pr-3">
                      <Link to={`/manage/questions/${q.id}`} className="text-brand-700 hover:underline">
                        {q.stem}
                      </Link>
                    </td>
                    <td className="py-1.5 pr-3">{q.n}</td>
                    <td className="py-1.5 pr-3">{idx(q.facility)}%</td>
                    <td className={`py-1.5 ${q.discrimination < 20 ? "text-red-700" : ""}`}>{idx(q.discrimination)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>

      {queue.length ? (
        <Card className="p-5">
          <h2 className="font-semibold text-stone-900">{t.examManage.queueTitle(queue.length)}</h2>
          {queue.map((q) => (
            <Form key={`${q.attemptId}-${q.slot}`} method="post" className="mt-4 space-y-2 border-t border-stone-100 pt-4">
              <input type="hidden" name="intent" value="grade" />
              <input type="hidden" name="attemptId" value={q.attemptId} />
              <input type="hidden" name="slot" value={q.slot} />
              <input type="hidden" name="max" value={q.points} />
              <p className="text-sm text-stone-500">{q.person}</p>
              <p className="font-medium text-stone-900">{q.stem}</p>
              <p className="rounded bg-stone-50 px-3 py-2 text-sm whitespace-pre-line">{q.response || t.examManage.noResponse}</p>
              <p className="text-sm text-stone-600">{t.exam.label(t.examManage.reference)}{q.reference}</p>
              <div className="flex flex-wrap items-end gap-3">
                <label className="text-sm">
                  {t.examManage.gradeLabel(q.points)}
                  <input name="points" type="number" min={0} max={q.points} step={0.5} required className={`${inputClass} w-24`} />
                </label>
                <label className="flex-1 text-sm">
                  {t.exam.graderComment}
                  <input name="comment" className={inputClass} />
                </label>
                <Button type="submit" disabled={busy}>
                  {t.examManage.submitGrade}
                </Button>
              </div>
            </Form>
          ))}
        </Card>
      ) : null}

      {regrade.length ? (
        <section className="rounded-xl bg-amber-50 p-5 ring-1 ring-amber-200">
          <h2 className="font-semibold text-stone-900">{t.examManage.regradeTitle}</h2>
          {regrade.map((r) => (
            <Form key={r.questionId} method="post" className="mt-3 flex flex-wrap items-end gap-3">
              <input type="hidden" name="intent" value="regrade" />
              <input type="hidden" name="questionId" value={r.questionId} />
              <span className="text-sm">
                {t.examManage.regradeCandidates(r.questionId, r.candidates)}
              </span>
              <input name="reason" placeholder={t.examManage.regradeReason} required className={`${inputClass} !mt-0 flex-1`} />
              <Button type="submit" disabled={busy}>
                {t.examManage.regrade}
              </Button>
            </Form>
          ))}
        </section>
      ) : null}

      <Card className="p-5">
        <h2 className="font-semibold text-stone-900">{t.examManage.overridesTitle}</h2>
        <ul className="mt-2 space-y-1 text-sm text-stone-700">
          {overrides.map((o) => (
            <li key={o.id}>
              {t.exam.label(o.who)}
              {o.extraMinutes ? t.examManage.extraMinutesValue(o.extraMinutes) : ""}
              {o.extraAttempts ? t.examManage.extraAttemptsValue(o.extraAttempts) : ""}
              {o.closesAt ? t.examManage.closesAtValue(formatTimestamp(o.closesAt)) : ""}— {o.reason}
            </li>
          ))}
        </ul>
        <Form method="post" className="mt-4 grid gap-3 md:grid-cols-3">
          <input type="hidden" name="intent" value="override" />
          <Field label={t.examManage.target} name="target">
            <select id="target" name="target" className={inputClass}>
              <option value="user">{t.examManage.targetUser}</option>
              <option value="unit">{t.examManage.targetUnit}</option>
            </select>
          </Field>
          <Field label={t.examManage.username} name="username">
            <input id="username" name="username" className={inputClass} />
          </Field>
          <Field label={t.examManage.unit} name="unitId">
            <Select id="unitId" name="unitId" options={nameOptions(unitOptions)} />
          </Field>
          <Field label={t.examManage.extraMinutes} name="extraMinutes">
            <input id="extraMinutes" name="extraMinutes" type="number" min={0} defaultValue={0} className={inputClass} />
          </Field>
          <Field label={t.examManage.extraAttempts} name="extraAttempts">
            <input id="extraAttempts" name="extraAttempts" type="number" min={0} defaultValue={0} className={inputClass} />
          </Field>
          <Field label={t.examManage.closesAtOverride} name="closesAt">
            <input id="closesAt" name="closesAt" type="datetime-local" className={inputClass} />
          </Field>
          <div className="md:col-span-3">
            <Field label={t.examManage.reason} name="reason">
              <input id="reason" name="reason" className={inputClass} required />
            </Field>
          </div>
          <div>
            <Button type="submit" disabled={busy}>
              {t.examManage.add}
            </Button>
          </div>
        </Form>
      </Card>

      <Card className="p-5">
        <h2 className="font-semibold text-stone-900">{t.examManage.attemptsTitle}</h2>
        <div className="table-wrap mt-3">
          <table className="w-full text-sm">
            <tbody>
              {attempts.map((a) => (
                <tr key={a.id} className="border-t border-stone-100">
                  <td className="py-1.5 pr-3">{a.person}</td>
                  <td className="py-1.5 pr-3">{t.exam.attemptNumber(a.number)}</td>
                  <td className="py-1.5 pr-3">{a.state === "inProgress" ? t.exam.inProgress : a.needsGrading ? t.exam.pending : `${pct(a.percent)} ${a.passed ? t.exam.passed : t.exam.failed}`}</td>
                  <td className="py-1.5">{a.state === "finished" ? <Link to={`/attempts/${a.id}/review`} className="text-brand-700 hover:underline">{t.exam.review}</Link> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
