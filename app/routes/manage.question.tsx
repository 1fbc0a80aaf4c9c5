import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/manage.question";
import { Button, Field, inputClass, Notice } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { optionalText } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { notFound, requirePermission } from "#app/modules/identity/auth.server.ts";
import { regradeCandidates } from "#app/modules/assessment/exams.server.ts";
import { questionInput, saveQuestions } from "#app/modules/assessment/question-bank.server.ts";
import { QUESTION_TYPE_LABEL, QUESTION_TYPES } from "#app/modules/assessment/question-format.ts";
import { cellsOf, questionFromCells } from "#app/modules/assessment/question-xlsx.server.ts";
import { formatTimestamp } from "#app/lib/time.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ params }) => [{ title: `${t.questionBank.questionTitle(params.questionId)} · ${t.app.name}` }];

const C = t.questionFormat.xlsx.columns;

// The edit form has one field per spreadsheet column (the id is the question's own, never the
// form's): each a bounded text without control characters, missing or blank being "". The cells
// then go through questionFromCells and the question schema, as an xlsx row does.
const CELL_BOUNDS: [string, number][] = [
  [C.type, 20],
  [C.stem, 5000],
  ...C.options.map((o): [string, number] => [o, 1000]),
  [C.answer, 2000],
  [C.explanation, 10_000],
  [C.difficulty, 10],
  [C.tags, 1000],
  [C.article, 200],
  [C.case, 200],
];
const cellFields: Record<string, ReturnType<typeof optionalText>> = Object.fromEntries(CELL_BOUNDS.map(([c, max]) => [c, optionalText(max)]));
const questionForm = z.object({ ...cellFields, note: optionalText(500) });

export async function loader({ request, params }: Route.LoaderArgs) {
  await requirePermission(request, "exam.manage", "global");
  const input = await questionInput(params.questionId);
  const q = await db.question.findUnique({ where: { id: params.questionId }, include: { versions: { orderBy: { number: "desc" } } } });
  if (!input || !q) throw notFound(t.examErrors.questionNotFound);
  return {
    id: q.id,
    bank: q.bankSlug,
    cells: cellsOf(input),
    versions: q.versions.map((v) => ({ number: v.number, origin: v.origin, note: v.note, at: v.createdAt.toISOString(), current: v.id === q.currentVersionId })),
    regrade: await regradeCandidates(q.id),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requirePermission(request, "exam.manage", "global");
  const q = await db.question.findUnique({ where: { id: params.questionId }, include: { bank: true } });
  if (!q) throw notFound(t.examErrors.questionNotFound);
  const parsed = parseForm(await readForm(request), questionForm);
  if (!parsed.ok) {
    // Worded against the column, as a spreadsheet row's problems are.
    const [name, [message] = []] = Object.entries(parsed.fieldErrors)[0] ?? [];
    const column = name === "note" ? t.questionBank.fields.note : name;
    return data({ ok: false, message: column && message ? t.questionBank.columnProblem(column, message) : parsed.message }, { status: 400 });
  }
  const typed: Record<string, string | undefined> = parsed.value;
  const cells = questionFromCells((c) => (c === C.id ? q.id : (typed[c] ?? "")));
  if (!("input" in cells)) return data({ ok: false, message: t.questionBank.columnProblem(cells.column, cells.message) }, { status: 400 });
  const result = await saveQuestions(q.bankSlug, q.bank.title, [{ line: 1, input: cells.input }], { origin: "browser", createdById: user.id, note: parsed.value.note });
  if (!result.ok) return data({ ok: false, message: result.problems.map((p) => t.questionBank.columnProblem(p.column, p.message)).join(" ") }, { status: 400 });
  return { ok: true, message: result.updated ? t.questionBank.savedVersion : t.questionBank.unchanged };
}

export default function ManageQuestion({ loaderData }: Route.ComponentProps) {
  const { cells, versions, regrade } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const text = (name: string, label: string, rows = 0) => (
    <Field label={label} name={name}>
      {rows ? (
        <textarea id={name} name={name} rows={rows} defaultValue={cells[name]} className={inputClass} />
      ) : (
        <input id={name} name={name} defaultValue={cells[name]} className={inputClass} />
      )}
    </Field>
  );
  return (
    <div className="max-w-3xl">
      <Link to={`/manage/questions?bank=${loaderData.bank}`} className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.nav.questions}
      </Link>
      <PageTitle className="mt-2">{t.questionBank.questionTitle(loaderData.id)}</PageTitle>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      {regrade ? <p className="mt-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">{t.questionBank.regradeHint(regrade)}</p> : null}
      <Form method="post" className={`${CARD} mt-6 space-y-4 p-5`}>
        <Field label={C.type} name={C.type}>
          <select id={C.type} name={C.type} defaultValue={cells[C.type]} className={inputClass}>
            {QUESTION_TYPES.map((q) => (
              <option key={q} value={QUESTION_TYPE_LABEL[q]}>
                {QUESTION_TYPE_LABEL[q]}
              </option>
            ))}
          </select>
        </Field>
        {text(C.stem, t.questionBank.fields.stem, 3)}
        <div className="grid gap-3 sm:grid-cols-2">
          {C.options.map((c) => (
            <div key={c}>{text(c, c)}</div>
          ))}
        </div>
        {text(C.answer, t.questionBank.fields.answer)}
        {text(C.explanation, C.explanation, 3)}
        <div className="grid gap-3 sm:grid-cols-3">
          {text(C.difficulty, t.questionBank.fields.difficulty)}
          {text(C.article, t.questionBank.fields.article)}
          {text(C.case, t.questionBank.fields.case)}
        </div>
        {text(C.tags, t.questionBank.fields.tags)}
        <Field label={t.questionBank.fields.note} name="note">
          <input id="note" name="note" className={inputClass} />
        </Field>
        <Button type="submit" disabled={busy}>
          {t.questionBank.saveVersion}
        </Button>
      </Form>
      <Card className="mt-6 p-5">
        <h2 className="font-semibold text-stone-900">{t.questionBank.versions}</h2>
        <ul className="mt-2 space-y-1 text-sm text-stone-700">
          {versions.map((v) => (
            <li key={v.number}>
              {t.questionBank.versionNumber(v.number)} {v.current ? t.questionBank.current : ""} · {t.author.origins[v.origin] ?? v.origin} · {formatTimestamp(v.at)} {v.note}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
