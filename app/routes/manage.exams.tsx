import { Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/manage.exams";
import { Button, Field, inputClass, Notice, Select, nameOptions } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { beijingDateTime, checkbox, decimal, int, list, optionalText, orDefault, text } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";

import { createExam, examInput, type ExamInput } from "#app/modules/assessment/exams.server.ts";
import { REVIEW_LABEL, REVIEW_MODES } from "#app/modules/assessment/labels.ts";
import { QUESTION_TYPE_LABEL, QUESTION_TYPES } from "#app/modules/assessment/question-format.ts";
import { refused } from "#app/lib/domain-error.ts";
import { beijingYear, formatDateTimeShort } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.exam.manage} · ${t.app.name}` }];

const ROWS = 5;

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "exam.manage", "global");
  const exams = await db.exam.findMany({ orderBy: { createdAt: "desc" }, include: { _count: { select: { attempts: true } } } });
  const tags = new Set<string>();
  for (const v of await db.questionVersion.findMany({ where: { currentOf: { isNot: null } }, select: { tagsJson: true } })) {
    for (const tag of JSON.parse(v.tagsJson) as string[]) tags.add(tag);
  }
  const units = await db.orgUnit.findMany({ where: { depth: { lte: 1 } }, orderBy: [{ depth: "asc" }, { sortOrder: "asc" }], select: { id: true, name: true } });
  const courses = await db.course.findMany({ where: { status: "published" }, orderBy: [{ classroom: "asc" }, { sortOrder: "asc" }], select: { id: true, title: true } });
  return {
    courses,
    exams: exams.map((e) => ({ id: e.id, title: e.title, status: e.status, attempts: e._count.attempts, opensAt: e.opensAt.toISOString(), closesAt: e.closesAt.toISOString() })),
    tags: [...tags].sort(),
    units,
  };
}

// One schema for the create form: row fields (count0, points0, …) become the blueprint, datetime-local
// values are Beijing time, and the result goes through the domain's examInput for its own messages.
const rowFields: Record<string, z.ZodType> = {};
for (let i = 0; i < ROWS; i++) {
  rowFields[`type${i}`] = optionalText(40);
  rowFields[`count${i}`] = orDefault(() => 0, int(0, 200));
  rowFields[`points${i}`] = orDefault(() => 0, decimal(0, 100));
  rowFields[`tags${i}`] = optionalText(500);
  rowFields[`difficulty${i}`] = orDefault(() => null, int(1, 3));
}
const examForm = z
  .object({
    ...rowFields,
    title: text({ max: 100, message: t.examSettings.titleRequired, tooLong: t.examSettings.titleTooLong }),
    description: optionalText(2000),
    opensAt: beijingDateTime(t.examSettings.opensRequired),
    closesAt: beijingDateTime(t.examSettings.closesRequired),
    timeLimitMinutes: int(1, 600),
    maxAttempts: orDefault(() => 0, int(0, 20)),
    passPercent: orDefault(() => 0, int(0, 100)),
    reviewMode: z.string().prefault(""),
    reviewWhen: z.string().prefault(""),
    shuffleOptions: checkbox(),
    audienceUnitId: orDefault(() => null, text({ max: 64 })),
    partyOnly: checkbox(),
    requireAssignment: checkbox(),
    prereqCourse: list(100),
    prereqPledge: checkbox(),
  })
  // The row values are typed loosely above (a loop builds them); examInput checks each one next.
  .transform((f): ExamInput => {
    const row = f as Record<string, unknown>;
    const blueprint = [];
    for (let i = 0; i < ROWS; i++) {
      const count = row[`count${i}`] as number;
      if (!count) continue;
      const tags = row[`tags${i}`] as string;
      blueprint.push({ type: row[`type${i}`], count, points: row[`points${i}`], tags: tags.split(/[,，、\s]+/).filter(Boolean), difficulty: row[`difficulty${i}`], bank: null });
    }
    return {
      title: f.title,
      description: f.description,
      blueprint,
      opensAt: f.opensAt,
      closesAt: f.closesAt,
      timeLimitMinutes: f.timeLimitMinutes,
      maxAttempts: f.maxAttempts,
      passPercent: f.passPercent,
      reviewMode: f.reviewMode,
      reviewWhen: f.reviewWhen,
      shuffleOptions: f.shuffleOptions,
      audienceUnitId: f.audienceUnitId,
      partyOnly: f.partyOnly,
      requireAssignment: f.requireAssignment,
      prerequisites: { courses: f.prereqCourse, pledgeYear: f.prereqPledge ? beijingYear() : null },
    } as ExamInput;
  })
  .pipe(examInput);

export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "exam.manage", "global");
  const parsed = parseForm(await readForm(request), examForm);
  if (!parsed.ok) return parsed.reply;
  try {
    const exam = await createExam(parsed.value, user.id);
    return redirect(`/manage/exams/${exam.id}`);
  } catch (error) {
    return refused(error);
  }
}

export default function ManageExams({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <PageTitle >{t.exam.manage}</PageTitle>
        <Link to="/manage/questions" className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm hover:bg-stone-50">
          {t.nav.questions}
        </Link>
      </div>
      <Card as="ul" className="mt-6 divide-y divide-stone-100">
        {loaderData.exams.map((e) => (
          <li key={e.id} className="flex flex-wrap items-center gap-3 px-5 py-3">
            <Link to={`/manage/exams/${e.id}`} className="flex-1 text-brand-700 hover:underline">
              {e.title}
            </Link>
            <span className="text-sm text-stone-500">
              {formatDateTimeShort(new Date(e.opensAt))} — {formatDateTimeShort(new Date(e.closesAt))}
            </span>
            <span className="text-sm text-stone-500">{t.examManage.attemptCount(e.attempts)}</span>
          </li>
        ))}
        {loaderData.exams.length === 0 ? <li className="px-5 py-4 text-sm text-stone-500">{t.examManage.none}</li> : null}
      </Card>
      <Card className="mt-8 p-5">
        <h2 className="font-semibold text-stone-900">{t.examManage.create}</h2>
        {result?.message ? <div className="mt-3 whitespace-pre-line"><Notice kind="error">{result.message}</Notice></div> : null}
        <Form method="post" className="mt-4 space-y-5">
          <div className="grid gap-4 md:grid-cols-2">
            <Field label={t.examManage.title} name="title">
              <input id="title" name="title" className={inputClass} required />
            </Field>
            <Field label={t.examManage.audience} name="audienceUnitId">
              <Select id="audienceUnitId" name="audienceUnitId" options={nameOptions(loaderData.units)} empty={t.examManage.everyone} />
            </Field>
            <Field label={t.examManage.opensAt} name="opensAt">
              <input id="opensAt" name="opensAt" type="datetime-local" className={inputClass} required />
            </Field>
            <Field label={t.examManage.closesAt} name="closesAt">
              <input id="closesAt" name="closesAt" type="datetime-local" className={inputClass} required />
            </Field>
            <Field label={t.examManage.timeLimit} name="timeLimitMinutes">
              <input id="timeLimitMinutes" name="timeLimitMinutes" type="number" min={1} defaultValue={30} className={inputClass} />
            </Field>
            <Field label={t.examManage.maxAttempts} name="maxAttempts">
              <input id="maxAttempts" name="maxAttempts" type="number" min={0} defaultValue={1} className={inputClass} />
            </Field>
            <Field label={t.examManage.passPercent} name="passPercent">
              <input id="passPercent" name="passPercent" type="number" min={0} max={100} defaultValue={60} className={inputClass} />
            </Field>
            <Field label={t.examManage.reviewMode} name="reviewMode">
              <select id="reviewMode" name="reviewMode" className={inputClass} defaultValue="full">
                {REVIEW_MODES.map((m) => (
                  <option key={m} value={m}>
                    {REVIEW_LABEL[m]}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t.examManage.reviewWhen} name="reviewWhen">
              <select id="reviewWhen" name="reviewWhen" className={inputClass}>
                <option value="immediately">{t.examSettings.reviewWhen.immediately}</option>
                <option value="afterClose">{t.examSettings.reviewWhen.afterClose}</option>
              </select>
            </Field>
            <div className="flex flex-col justify-end gap-2 text-sm text-stone-700">
              <label className="flex items-center gap-2">
                <input type="checkbox" name="shuffleOptions" defaultChecked /> {t.examManage.shuffleOptions}
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="partyOnly" /> {t.examManage.partyOnly}
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="requireAssignment" /> {t.examManage.requireAssignment}
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" name="prereqPledge" /> {t.examManage.prereqPledge}
              </label>
            </div>
          </div>
          <Field label={t.examManage.prereqCourses} name="prereqCourse">
            <Select id="prereqCourse" name="prereqCourse" multiple className={`${inputClass} h-24`} options={loaderData.courses.map((c) => ({ value: c.id, label: c.title }))} />
          </Field>
          <Field label={t.examManage.description} name="description">
            <textarea id="description" name="description" rows={2} className={inputClass} />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-stone-700">{t.examManage.blueprint}</legend>
            <div className="table-wrap mt-2">
              <table className="w-full text-sm">
                <thead className="text-left text-stone-500">
                  <tr>
                    <th className="py-1 pr-2 font-medium">{t.examManage.ruleColumns.type}</th>
                    <th className="py-1 pr-2 font-medium">{t.examManage.ruleColumns.count}</th>
                    <th className="py-1 pr-2 font-medium">{t.examManage.ruleColumns.points}</th>
                    <th className="py-1 pr-2 font-medium">{t.examManage.ruleColumns.tags}</th>
                    <th className="py-1 font-medium">{t.examManage.ruleColumns.difficulty}</th>
                  </tr>
                </thead>
                <tbody>
                  {Array.from({ length: ROWS }, (_, i) => (
                    <tr key={i}>
                      <td className="py-1 pr-2">
                        <select name={`type${i}`} aria-label={t.examManage.ruleField(i + 1, t.examManage.ruleFields.type)} className={`${inputClass} !mt-0`} defaultValue={QUESTION_TYPES[i] ?? "single"}>
                          {QUESTION_TYPES.map((q) => (
                            <option key={q} value={q}>
                              {QUESTION_TYPE_LABEL[q]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="py-1 pr-2">
                        <input name={`count${i}`} aria-label={t.examManage.ruleField(i + 1, t.examManage.ruleFields.count)} type="number" min={0} defaultValue={0} className={`${inputClass} !mt-0 w-20`} />
                      </td>
                      <td className="py-1 pr-2">
                        <input name={`points${i}`} aria-label={t.examManage.ruleField(i + 1, t.examManage.ruleFields.points)} type="number" min={0.5} step={0.5} defaultValue={2} className={`${inputClass} !mt-0 w-20`} />
                      </td>
                      <td className="py-1 pr-2">
                        <input name={`tags${i}`} aria-label={t.examManage.ruleField(i + 1, t.examManage.ruleFields.tags)} list="tags" className={`${inputClass} !mt-0`} />
                      </td>
                      <td className="py-1">
                        <select name={`difficulty${i}`} aria-label={t.examManage.ruleField(i + 1, t.examManage.ruleFields.difficulty)} className={`${inputClass} !mt-0`}>
                          <option value="">{t.examManage.difficulties.any}</option>
                          <option value="1">{t.examManage.difficulties.easy}</option>
                          <option value="2">{t.examManage.difficulties.medium}</option>
                          <option value="3">{t.examManage.difficulties.hard}</option>
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <datalist id="tags">
                {loaderData.tags.map((tag) => (
                  <option key={tag} value={tag} />
                ))}
              </datalist>
            </div>
          </fieldset>
          <Button type="submit" disabled={busy}>
            {t.examManage.checkAndCreate}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
