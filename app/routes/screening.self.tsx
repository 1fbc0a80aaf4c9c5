import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/screening.self";
import { Button, inputClass, Notice } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { optionalText } from "#app/lib/form-fields.ts";
import { firstWithPrefix } from "#app/lib/form.server.ts";
import { parseForm, readForm, type FieldErrors, type FormRefusal } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";

import { currentChecklist, saveSelfInspection, type StoredSelfAnswers } from "#app/modules/screening/self-inspection.server.ts";
import { refused } from "#app/lib/domain-error.ts";
import { beijingYear } from "#app/lib/time.ts";
import { CARD, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.screeningSelf.title} · ${t.app.name}` }];

const thisYear = () => beijingYear();

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const year = thisYear();
  const row = await db.selfInspection.findUnique({ where: { userId_year: { userId: user.id, year } } });
  return { year, checklist: await currentChecklist(), answers: (row ? JSON.parse(row.answersJson) : {}) as StoredSelfAnswers, status: row?.status ?? null };
}

// The fixed field: which button was pressed ("draft" is the older name of saving).
const selfForm = z.object({ intent: z.enum(["save", "draft", "submit"], { error: t.screeningTerms.unknownAction }) });
// The answers' field names are `found:<section>:<index>` and `note:<section>:<index>`, chosen by the
// browser: read into Maps (never onto an object) and bounded before the domain sees them. The shipped
// checklist has a few dozen items; the domain keeps only the checklist's own keys and stores 1000
// characters of a note.
const MAX_ANSWERS = 1000;
const MAX_KEY = 200;
const note = optionalText(1000);

function refuse(message: string, field?: string) {
  const fieldErrors = Object.create(null) as FieldErrors;
  if (field) fieldErrors[field] = [message];
  return data<FormRefusal>({ ok: false, message, fieldErrors }, { status: 400 });
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const parsed = parseForm(form, selfForm);
  if (!parsed.ok) return parsed.reply;
  const found = firstWithPrefix(form, "found:", MAX_ANSWERS + 1);
  const notes = firstWithPrefix(form, "note:", MAX_ANSWERS + 1);
  const keys = new Set([...found.keys(), ...notes.keys()]);
  if (keys.size > MAX_ANSWERS) return refuse(t.screeningSelf.errors.tooManyAnswers(MAX_ANSWERS));
  const answers = new Map<string, { found: boolean; note: string }>();
  for (const key of keys) {
    if (key.length > MAX_KEY) return refuse(t.screeningSelf.errors.badAnswer);
    const said = found.get(key);
    if (said !== undefined && said !== "yes" && said !== "no") return refuse(t.screeningSelf.errors.badAnswer, `found:${key}`);
    const n = note.safeParse(notes.get(key));
    if (!n.success) return refuse(n.error.issues[0]?.message ?? t.formInput.invalid, `note:${key}`);
    answers.set(key, { found: said === "yes", note: n.data });
  }
  const submit = parsed.value.intent === "submit";
  try {
    await saveSelfInspection(user, thisYear(), answers, submit);
    return { ok: true, message: submit ? t.screeningSelf.submitted : t.screeningSelf.draftSaved };
  } catch (error) {
    return refused(error);
  }
}

export default function SelfInspection({ loaderData }: Route.ComponentProps) {
  const { checklist, answers, status, year } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const locked = status === "submitted";
  return (
    <div className="max-w-4xl">
      <Link to="/screening" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.screening.title}
      </Link>
      <PageTitle className="mt-2">{checklist?.title ?? t.screeningSelf.yearTitle(year)}</PageTitle>
      <p className="mt-1 text-stone-600">{t.screeningSelf.intro}</p>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      {!checklist ? <p className="mt-6 text-stone-500">{t.screeningSelf.notPublished}</p> : null}
      {checklist ? (
        <Form method="post" className="mt-6 space-y-5">
          {checklist.sections.map((s) => (
            <fieldset key={s.key} className={`${CARD} p-5`} disabled={locked}>
              <legend className="px-1 font-semibold text-stone-900">{s.title}</legend>
              {s.items.map((item, i) => {
                const key = `${s.key}:${i}`;
                const a = answers[key];
                return (
                  <div key={key} className="border-t border-stone-100 py-3 first:border-0">
                    <p className="text-stone-800">{item}</p>
                    <div className="mt-2 flex flex-wrap items-center gap-4 text-sm">
                      <label className="flex items-center gap-1.5">
                        <input type="radio" name={`found:${key}`} value="no" defaultChecked={!a?.found} /> {t.screeningSelf.notFound}
                      </label>
                      <label className="flex items-center gap-1.5">
                        <input type="radio" name={`found:${key}`} value="yes" defaultChecked={a?.found} /> {t.screeningSelf.found}
                      </label>
                      <input name={`note:${key}`} defaultValue={a?.note ?? ""} placeholder={t.screeningSelf.notePlaceholder} aria-label={t.screeningSelf.note(item)} className={`${inputClass} !mt-0 flex-1`} />
                    </div>
                  </div>
                );
              })}
            </fieldset>
          ))}
          {locked ? (
            <p className="text-green-700">{t.screeningSelf.locked}</p>
          ) : (
            <div className="flex gap-3">
              <Button type="submit" name="intent" value="save" variant="secondary" disabled={busy}>
                {t.screeningSelf.saveDraft}
              </Button>
              <Button type="submit" name="intent" value="submit" disabled={busy}>
                {t.screeningSelf.submit}
              </Button>
            </div>
          )}
        </Form>
      ) : null}
    </div>
  );
}
