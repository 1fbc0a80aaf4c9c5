import { Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/practice";
import { Button } from "#app/components/form.tsx";
import { parsePrefixed, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { practise, wrongBook } from "#app/modules/assessment/wrongbook.server.ts";

export const meta: Route.MetaFunction = () => [{ title: `${t.exam.wrongBook} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  return wrongBook(user.id);
}

// q:<questionId> answers: at most 200 question ids (all practise grades), 20 values each (options or
// blanks) of at most 1000 characters.
const ANSWERS = { maxKeys: 200, maxValues: 20, maxLength: 1000 };

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const answers = parsePrefixed(form, "q:", ANSWERS);
  if (!answers.ok) return answers.reply;
  const results = await practise(user.id, answers.value);
  const right = Object.values(results).filter((r) => r.correct).length;
  return { results, right, total: Object.keys(results).length };
}

export default function Practice({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { items, resolved } = loaderData;
  return (
    <div className="max-w-3xl">
      <Link to="/exams" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.exam.listTitle}
      </Link>
      <h1 className="mt-2 text-2xl font-bold text-stone-900">{t.exam.wrongBook}</h1>
      <p className="mt-1 text-stone-600">{t.examPractice.intro(resolved)}</p>
      {result && "message" in result ? (
        <p className="mt-4 rounded-md bg-red-50 px-4 py-3 text-red-800" role="alert">
          {result.message}
        </p>
      ) : null}
      {result && "results" in result ? (
        <p className="mt-4 rounded-md bg-green-50 px-4 py-3 text-green-800" role="status">
          {t.examPractice.roundScore(result.right, result.total)}
        </p>
      ) : null}
      {result && "results" in result
        ? Object.entries(result.results)
            .filter(([, r]) => !r.correct)
            .map(([id, r]) => (
              <div key={id} className="mt-3 rounded-md bg-red-50 px-4 py-3 text-sm text-red-900">
                {t.exam.label(t.exam.correctAnswer)}
                {r.answer}
                {r.explanation ? <p className="mt-1 text-stone-700">{r.explanation}</p> : null}
              </div>
            ))
        : null}
      {items.length === 0 ? (
        <p className="mt-6 rounded-xl bg-white p-6 text-stone-600 shadow-sm ring-1 ring-stone-200">{t.examPractice.empty}</p>
      ) : (
        <Form method="post" className="mt-6 space-y-4">
          {items.map((q, n) => (
            <fieldset key={q.id} className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
              <legend className="text-stone-900">
                {n + 1}. {q.stem} <span className="text-xs text-stone-500">{t.examPractice.timesWrong(q.timesWrong)}</span>
              </legend>
              <div className="mt-2 space-y-1">
                {q.type === "truefalse"
                  ? ["true", "false"].map((v) => (
                      <label key={v} className="flex items-center gap-2">
                        <input type="radio" name={`q:${q.id}`} value={v} /> {v === "true" ? t.exam.answerTrue : t.exam.answerFalse}
                      </label>
                    ))
                  : q.type === "fill"
                    ? Array.from({ length: q.blanks }, (_, i) => <input key={i} name={`q:${q.id}`} aria-label={t.exam.blankNumber(i + 1)} className="mr-2 rounded border border-stone-300 px-2 py-1" />)
                    : q.type === "short"
                      ? <p className="text-sm text-stone-500">{t.examPractice.shortHint}</p>
                      : q.options.map((o, i) => (
                          <label key={i} className="flex items-start gap-2">
                            <input type={q.type === "multiple" ? "checkbox" : "radio"} name={`q:${q.id}`} value={i} className="mt-1.5" />
                            <span>
                              {String.fromCharCode(65 + i)}. {o}
                            </span>
                          </label>
                        ))}
              </div>
            </fieldset>
          ))}
          <Button type="submit" disabled={busy}>
            {t.examPractice.submit}
          </Button>
        </Form>
      )}
    </div>
  );
}
