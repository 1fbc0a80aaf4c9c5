import { useCallback, useEffect, useRef, useState } from "react";
import { data, Form, Link, redirect, useActionData, useNavigate } from "react-router";
import type { Route } from "./+types/attempt";
import { z } from "zod";
import { orDefault } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { displayResponseSchema, saveAnswer, submitAttempt, takingView, type DisplayResponse, type TakerSlot } from "#app/modules/assessment/attempts.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data && "exam" in data ? data.exam.title : t.exam.listTitle} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const view = await takingView(params.attemptId, user.id).catch((e) => {
    if (e instanceof DomainError && e.status === 404) throw notFound(t.examErrors.attemptNotFound);
    throw e;
  });
  if (view.finished) throw redirect(`/attempts/${params.attemptId}/review`);
  return view;
}

// The fixed field: the page's two buttons; a form sent without either (Enter in a blank) saves.
const attemptForm = z.object({ intent: orDefault(() => "save" as const, z.enum(["save", "submit"], { error: t.examErrors.badRequest })) });

/** A slot's values (the names s<slot> are the attempt's own) as the answer the JSON save would send; not yet checked. */
function toResponse(type: TakerSlot["type"], values: string[]): unknown {
  const index = (v: string) => (/^\d{1,2}$/.test(v) ? Number(v) : v);
  if (type === "single") return { choice: index(values[0]!) };
  if (type === "multiple") return { choices: values.map(index) };
  if (type === "truefalse") return { value: values[0] === "true" ? true : values[0] === "false" ? false : values[0] };
  // A textarea sends line breaks as CR LF; the page counted them as one character, and so does the save.
  const lf = (v: string) => v.replace(/\r\n/g, "\n");
  if (type === "fill") return { blanks: values.map(lf) };
  return { text: lf(values[0]!) };
}

/** Without JavaScript the page is one form: this saves every answer given, and submits when asked. */
export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request);
  const view = await takingView(params.attemptId, user.id);
  if (view.finished) return redirect(`/attempts/${params.attemptId}/review`);
  const form = await readForm(request);
  const parsed = parseForm(form, attemptForm);
  if (!parsed.ok) return parsed.reply;
  // Every answer is checked before any is saved, with the JSON save's bounds (displayResponseSchema:
  // 20 values, an option's number, 200 characters a blank, 5000 an essay); one out of bounds refuses all.
  const responses: [number, DisplayResponse][] = [];
  for (const s of view.slots) {
    const values = form.getAll(`s${s.slot}`).map(String);
    if (values.length === 0 || values.every((v) => v === "")) continue;
    const response = values.length > 20 ? null : displayResponseSchema.safeParse(toResponse(s.type, values));
    if (!response?.success) {
      const message = t.examErrors.badAnswerAt(s.slot);
      return data({ ok: false, message, fieldErrors: { [`s${s.slot}`]: [message] } }, { status: 400 });
    }
    responses.push([s.slot, response.data]);
  }
  for (const [slot, response] of responses) await saveAnswer(params.attemptId, user.id, slot, response).catch(() => null);
  if (parsed.value.intent === "submit") {
    await submitAttempt(params.attemptId, { by: "manual", actorId: user.id });
    return redirect(`/attempts/${params.attemptId}/review`);
  }
  return redirect(`/attempts/${params.attemptId}`);
}

type SaveState = "saved" | "saving" | "error";

function answered(r: DisplayResponse | null | undefined): boolean {
  if (!r) return false;
  return (
    (r.choice !== undefined && r.choice !== null) ||
    (r.choices?.length ?? 0) > 0 ||
    (r.value !== undefined && r.value !== null) ||
    (r.blanks?.some((b) => b.trim()) ?? false) ||
    Boolean(r.text?.trim())
  );
}

function formatRemaining(ms: number) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h > 0 ? `${h}:` : ""}${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

export default function AttemptPage({ loaderData }: Route.ComponentProps) {
  const { attempt, exam, slots } = loaderData;
  const navigate = useNavigate();
  // Without JavaScript a refused form comes back here; with it, saves go through /save and set `error`.
  const refused = useActionData<typeof action>();
  const [answers, setAnswers] = useState<Record<number, DisplayResponse | null>>(() => Object.fromEntries(slots.map((s) => [s.slot, s.saved])));
  const [status, setStatus] = useState<Record<number, SaveState>>(() => Object.fromEntries(slots.filter((s) => s.saved).map((s) => [s.slot, "saved"])));
  const [error, setError] = useState<string | null>(null);
  const deadline = useRef<number | null>(null);
  const [remaining, setRemaining] = useState(attempt.remainingMs);
  const [submitting, setSubmitting] = useState(false);
  const seq = useRef<Record<number, number>>({});
  const pending = useRef(new Set<Promise<unknown>>());
  const timers = useRef<Record<number, ReturnType<typeof setTimeout>>>({});

  const post = useCallback(
    async (body: unknown) => {
      const res = await fetch(`/attempts/${attempt.id}/save`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      const json = (await res.json().catch(() => ({ ok: false, error: t.exam.saveFailed }))) as { ok: boolean; error?: string; remainingMs?: number };
      if (!res.ok || !json.ok) throw new Error(json.error ?? t.exam.saveFailed);
      if (typeof json.remainingMs === "number") deadline.current = Date.now() + json.remainingMs;
      return json;
    },
    [attempt.id],
  );

  const save = useCallback(
    (slot: number, response: DisplayResponse) => {
      const n = (seq.current[slot] = (seq.current[slot] ?? 0) + 1);
      setStatus((s) => ({ ...s, [slot]: "saving" }));
      const p = post({ intent: "save", slot, response })
        .then(() => seq.current[slot] === n && setStatus((s) => ({ ...s, [slot]: "saved" })))
        .catch((e: Error) => {
          if (seq.current[slot] === n) setStatus((s) => ({ ...s, [slot]: "error" }));
          setError(e.message);
        })
        .finally(() => pending.current.delete(p));
      pending.current.add(p);
    },
    [post],
  );

  const change = (slot: number, response: DisplayResponse, delay = 0) => {
    setAnswers((a) => ({ ...a, [slot]: response }));
    clearTimeout(timers.current[slot]);
    if (delay > 0) timers.current[slot] = setTimeout(() => save(slot, response), delay);
    else save(slot, response);
  };

  const submit = useCallback(
    async (auto: boolean) => {
      if (submitting) return;
      if (!auto) {
        const left = slots.filter((s) => !answered(answers[s.slot])).length;
        if (!window.confirm(`${left ? t.exam.unanswered(left) : ""}${t.exam.confirmSubmit}`)) return;
      }
      setSubmitting(true);
      for (const [slot, timer] of Object.entries(timers.current)) {
        clearTimeout(timer);
        const r = answers[Number(slot)];
        if (r) save(Number(slot), r);
      }
      await Promise.allSettled([...pending.current]);
      await post({ intent: "submit" }).catch(() => null);
      navigate(`/attempts/${attempt.id}/review`);
    },
    [answers, attempt.id, navigate, post, save, slots, submitting],
  );

  useEffect(() => {
    deadline.current ??= Date.now() + attempt.remainingMs;
    const tick = () => {
      const left = (deadline.current ?? Date.now()) - Date.now();
      setRemaining(left);
      if (left <= 0) void submit(true);
    };
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [attempt.remainingMs, submit]);

  const answeredCount = slots.filter((s) => answered(answers[s.slot])).length;
  const low = remaining < 5 * 60_000;
  return (
    <Form method="post" className="flex flex-col lg:grid lg:grid-cols-[1fr_16rem] lg:gap-8">
      <div className="order-2 min-w-0 lg:order-1">
        <div className="flex items-center justify-between gap-3">
          <h1 className="text-xl font-bold text-stone-900 md:text-2xl">{exam.title}</h1>
          <Link to={`/exams/${exam.id}`} className="shrink-0 text-sm text-stone-500 hover:text-brand-700">
            {t.exam.aboutExam}
          </Link>
        </div>
        {error || refused?.message ? (
          <p role="alert" className="mt-3 rounded-md bg-red-50 px-4 py-2 text-sm text-red-800">
            {error ?? refused?.message}
          </p>
        ) : null}
        <ol className="mt-4 space-y-4">
          {slots.map((s) => (
            <li key={s.slot} id={`q${s.slot}`} className="scroll-mt-24 rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200" data-testid="question">
              <Question slot={s} value={answers[s.slot] ?? null} onChange={change} />
              <p className="mt-3 text-right text-xs text-stone-500" aria-live="polite" data-testid={`save-${s.slot}`}>
                {status[s.slot] === "saving" ? t.exam.saving : status[s.slot] === "saved" ? t.exam.saved : status[s.slot] === "error" ? t.exam.saveFailed : ""}
              </p>
            </li>
          ))}
        </ol>
      </div>
      <aside className="no-print sticky top-[52px] z-10 order-1 -mx-4 mb-4 lg:static lg:order-2 lg:mx-0 lg:mb-0">
        <div className="flex items-center gap-3 bg-white px-4 py-2 shadow-sm ring-1 ring-stone-200 lg:sticky lg:top-20 lg:block lg:rounded-xl lg:p-4">
          <p className="hidden text-sm text-stone-500 lg:block">{t.exam.remaining}</p>
          <p className={`font-mono text-2xl font-bold lg:text-3xl ${low ? "text-red-700" : "text-stone-900"}`} data-testid="timer" role="timer" aria-label={t.exam.remaining}>
            {remaining <= 0 ? "00:00" : formatRemaining(remaining)}
          </p>
          {remaining <= 0 ? <p className="text-sm text-red-700 lg:mt-1">{t.exam.timeUp}</p> : null}
          <p className="flex-1 text-sm text-stone-600 lg:mt-3">
            {t.exam.answeredCount(answeredCount, slots.length)}
          </p>
          <nav className="mt-3 hidden grid-cols-6 gap-1.5 lg:grid" aria-label={t.exam.questionNav}>
            {slots.map((s) => (
              <a
                key={s.slot}
                href={`#q${s.slot}`}
                className={`flex h-8 items-center justify-center rounded text-sm ${answered(answers[s.slot]) ? "bg-brand-600 text-white" : "bg-stone-100 text-stone-700"}`}
              >
                {s.slot}
              </a>
            ))}
          </nav>
          <button
            type="submit"
            name="intent"
            value="submit"
            disabled={submitting}
            onClick={(e) => {
              e.preventDefault();
              void submit(false);
            }}
            className="shrink-0 rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60 lg:mt-4 lg:w-full lg:py-2.5"
          >
            {submitting ? t.exam.submitting : t.exam.submit}
          </button>
          <noscript>
            <button type="submit" name="intent" value="save" className="mt-2 w-full rounded-md border border-stone-300 px-4 py-2 text-sm">
              {t.exam.saveAnswers}
            </button>
          </noscript>
        </div>
      </aside>
    </Form>
  );
}

function Question({ slot: s, value, onChange }: { slot: TakerSlot; value: DisplayResponse | null; onChange: (slot: number, r: DisplayResponse, delay?: number) => void }) {
  const name = `s${s.slot}`;
  return (
    <fieldset>
      <legend className="text-[16px] leading-7 text-stone-900">
        <span className="mr-2 font-semibold">{s.slot}.</span>
        <span className="mr-2 rounded bg-stone-100 px-1.5 py-0.5 text-xs text-stone-600">
          {t.questionFormat.types[s.type]} · {t.exam.points(s.points)}
        </span>
        {s.stem}
      </legend>
      <div className="mt-3 space-y-1.5">
        {s.type === "single" || s.type === "multiple"
          ? s.options.map((opt, i) => {
              const checked = s.type === "single" ? value?.choice === i : (value?.choices ?? []).includes(i);
              return (
                <label key={i} className={`flex cursor-pointer items-start gap-3 rounded-md border px-3 py-2 ${checked ? "border-brand-600 bg-brand-50" : "border-stone-200 hover:bg-stone-50"}`}>
                  <input
                    type={s.type === "single" ? "radio" : "checkbox"}
                    name={name}
                    value={i}
                    checked={checked}
                    onChange={(e) => {
                      if (s.type === "single") onChange(s.slot, { choice: i });
                      else {
                        const set = new Set(value?.choices ?? []);
                        if (e.target.checked) set.add(i);
                        else set.delete(i);
                        onChange(s.slot, { choices: [...set].sort((a, b) => a - b) });
                      }
                    }}
                    className="mt-1.5"
                  />
                  <span>
                    {String.fromCharCode(65 + i)}. {opt}
                  </span>
                </label>
              );
            })
          : null}
        {s.type === "truefalse"
          ? ([true, false] as const).map((v) => (
              <label key={String(v)} className={`flex cursor-pointer items-center gap-3 rounded-md border px-3 py-2 ${value?.value === v ? "border-brand-600 bg-brand-50" : "border-stone-200 hover:bg-stone-50"}`}>
                <input type="radio" name={name} value={String(v)} checked={value?.value === v} onChange={() => onChange(s.slot, { value: v })} />
                <span>{v ? t.exam.answerTrue : t.exam.answerFalse}</span>
              </label>
            ))
          : null}
        {s.type === "fill"
          ? Array.from({ length: s.blanks }, (_, i) => (
              <label key={i} className="flex items-center gap-2">
                <span className="w-14 shrink-0 text-sm text-stone-500">{t.exam.blankNumber(i + 1)}</span>
                <input
                  name={name}
                  value={value?.blanks?.[i] ?? ""}
                  onChange={(e) => {
                    const blanks = Array.from({ length: s.blanks }, (_, j) => value?.blanks?.[j] ?? "");
                    blanks[i] = e.target.value;
                    onChange(s.slot, { blanks }, 600);
                  }}
                  className="w-full rounded-md border border-stone-300 px-3 py-1.5"
                  maxLength={200}
                />
              </label>
            ))
          : null}
        {s.type === "short" ? (
          <textarea
            name={name}
            rows={5}
            value={value?.text ?? ""}
            onChange={(e) => onChange(s.slot, { text: e.target.value }, 800)}
            className="w-full rounded-md border border-stone-300 px-3 py-2"
            maxLength={5000}
            aria-label={t.exam.answerFor(s.slot)}
          />
        ) : null}
      </div>
    </fieldset>
  );
}
