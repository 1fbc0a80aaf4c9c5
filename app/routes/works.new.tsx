import { data, Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/works.new";
import { Button, Field, inputClass, Notice } from "#app/components/form.tsx";
import { z } from "zod";
import { choiceParam, optionalText, text } from "#app/lib/form-fields.ts";
import { parseForm, parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { keepUploadIf, receiveUpload, UPLOAD_RULES } from "#app/lib/storage.server.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { WORK_KINDS_LABEL, WORK_ACCEPT } from "#app/modules/activities/labels.ts";
import { submitWork } from "#app/modules/activities/works.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { CARD, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.activityWorks.newTitle} · ${t.app.name}` }];

const newWorkQuery = z.object({ kind: choiceParam(Object.keys(WORK_KINDS_LABEL) as [string, ...string[]], "lecture") });

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request);
  const parsed = parseQuery(request, newWorkQuery);
  if (!parsed.ok) throw parsed.reply;
  return {
    kind: parsed.value.kind,
    limits: Object.fromEntries(Object.entries(UPLOAD_RULES).map(([k, r]) => [k, { mb: Math.round(r.maxBytes / 1024 / 1024), types: t.activityWorks.fileTypes([...new Set(Object.values(r.types))]) }])),
  };
}

const workFields = z.object({
  kind: z.string({ error: t.activityWorks.errors.kindRequired }).max(32, t.activityWorks.errors.kindRequired),
  title: text({ max: 100, message: t.activityWorks.errors.titleRequired, tooLong: t.activityWorks.errors.titleTooLong }),
  description: optionalText(2000),
});

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  try {
    const received = await receiveUpload(request, user.id, (f) => (Object.hasOwn(UPLOAD_RULES, f.kind ?? "") ? UPLOAD_RULES[f.kind!]! : null));
    const { fields, file } = received;
    if (!file) return data({ error: t.activities.fileRequired }, { status: 400 });
    // The small fields came with the file: parsed like any form, and a refusal discards the stored file.
    const work = await keepUploadIf(received, () => {
      const parsed = parseForm(new URLSearchParams(Object.entries(fields)), workFields);
      if (!parsed.ok) throw new DomainError(parsed.message);
      return submitWork(user, { ...parsed.value, fileId: file.id });
    });
    return redirect(`/works/${work.id}`);
  } catch (error) {
    if (error instanceof DomainError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function NewWork({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-2xl">
      <Link to="/activities" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.activities.title}
      </Link>
      <PageTitle className="mt-2">{t.activityWorks.newTitle}</PageTitle>
      {result?.error ? <div className="mt-4"><Notice kind="error">{result.error}</Notice></div> : null}
      <Form method="post" encType="multipart/form-data" className={`${CARD} mt-6 space-y-4 p-5`}>
        <Field label={t.activityWorks.kind} name="kind">
          <select id="kind" name="kind" defaultValue={loaderData.kind} className={inputClass}>
            {Object.entries(WORK_KINDS_LABEL).map(([k, v]) => (
              <option key={k} value={k}>
                {t.activityWorks.kindOption(v, loaderData.limits[k]?.types, loaderData.limits[k]?.mb)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t.activityWorks.title} name="title">
          <input id="title" name="title" className={inputClass} required maxLength={100} />
        </Field>
        <Field label={t.activityWorks.description} name="description">
          <textarea id="description" name="description" rows={3} className={inputClass} maxLength={2000} />
        </Field>
        <Field label={t.activityWorks.file} name="file" hint={t.activityWorks.fileHint}>
          <input id="file" name="file" type="file" accept={WORK_ACCEPT} required className="mt-1 block text-sm" />
        </Field>
        <Button type="submit" disabled={busy}>
          {busy ? t.activities.uploading : t.activityWorks.submitForReview}
        </Button>
      </Form>
    </div>
  );
}
