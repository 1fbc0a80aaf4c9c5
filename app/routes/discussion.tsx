import { Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/discussion";
import { Button, inputClass, Notice } from "#app/components/form.tsx";
import { z } from "zod";
import { optionalText } from "#app/lib/form-fields.ts";
import { parseForm, parsePrefixed, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { discussionPolicy } from "#app/modules/activities/policy.server.ts";
import { roundView, saveAnswer } from "#app/modules/activities/discussions.server.ts";
import { DomainError, refused } from "#app/lib/domain-error.ts";
import { CARD, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.round.title ?? t.activities.discussions} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  try {
    const view = await roundView(user, params.roundId);
    if (!discussionPolicy(user, { unitPath: view.round.unitPath, member: view.member }).view) throw forbidden();
    return view;
  } catch (error) {
    if (error instanceof DomainError) throw notFound(error.message);
    throw error;
  }
}

// The fixed field: "submit" submits, anything else (the page sends "save") keeps a draft, as before.
const discussionForm = z.object({ intent: optionalText(16) });
// a:<prompt key> answers, read into a Map (the names are the browser's): at most 50 keys of at most 64
// characters, one text each of at most 5000 characters (what saveAnswer keeps), kept as typed.
const ANSWERS = { maxKeys: 50, maxValues: 1, maxLength: 5000, noControlChars: true };

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const parsed = parseForm(form, discussionForm);
  if (!parsed.ok) return parsed.reply;
  const fields = parsePrefixed(form, "a:", ANSWERS);
  if (!fields.ok) return fields.reply;
  const answers = new Map([...fields.value].map(([k, v]) => [k, v[0] ?? ""]));
  const submit = parsed.value.intent === "submit";
  try {
    await saveAnswer(user, params.roundId, answers, submit);
    return { ok: true, message: submit ? t.activityDiscussion.submittedMessage : t.activityDiscussion.draftSaved };
  } catch (error) {
    return refused(error);
  }
}

export default function Discussion({ loaderData }: Route.ComponentProps) {
  const { round, template, member, mine, submitted } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const open = new Date(round.closesAt) > new Date();
  return (
    <div className="max-w-4xl">
      <Link to="/discussions" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.activities.discussions}
      </Link>
      <PageTitle className="mt-2">{round.title}</PageTitle>
      <p className="mt-1 text-stone-600">
        {round.unit} · {template.summary}
      </p>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      {member && open && mine?.status !== "submitted" ? (
        <Form method="post" className={`${CARD} mt-6 space-y-4 p-5`}>
          {template.prompts.map((p) => (
            <label key={p.key} className="block">
              <span className="font-semibold text-stone-900">{p.title}</span>
              {p.hint ? <span className="mt-1 block text-sm text-stone-500">{p.hint}</span> : null}
              <textarea name={`a:${p.key}`} rows={4} defaultValue={mine?.answers[p.key] ?? ""} className={inputClass} />
            </label>
          ))}
          <div className="flex gap-3">
            <Button type="submit" name="intent" value="save" variant="secondary" disabled={busy}>
              {t.activities.saveDraft}
            </Button>
            <Button type="submit" name="intent" value="submit" disabled={busy}>
              {t.activities.submit}
            </Button>
          </div>
        </Form>
      ) : null}
      <section className="mt-6">
        <h2 className="font-semibold text-stone-900">{t.activityDiscussion.answers(submitted.length)}</h2>
        <div className="mt-3 space-y-4">
          {submitted.map((s, i) => (
            <article key={i} className={`${CARD} p-5`}>
              <p className="font-semibold text-stone-900">{s.name}</p>
              {template.prompts.map((p) => (
                <div key={p.key} className="mt-3">
                  <p className="text-sm font-medium text-stone-600">{p.title}</p>
                  <p className="mt-1 whitespace-pre-line text-stone-800">{s.answers[p.key]}</p>
                </div>
              ))}
            </article>
          ))}
        </div>
      </section>
    </div>
  );
}
