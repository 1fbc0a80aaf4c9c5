import { Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/screening.checklist";
import { Button, inputClass, Notice } from "#app/components/form.tsx";
import { z } from "zod";
import { text } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";

import { currentChecklist, editChecklist } from "#app/modules/screening/self-inspection.server.ts";
import { refused } from "#app/lib/domain-error.ts";
import { PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.screeningChecklist.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "content.author", "global");
  const c = await currentChecklist();
  return { json: JSON.stringify(c ? { title: c.title, sections: c.sections } : { title: "", sections: [] }, null, 2), version: c?.version ?? 0 };
}

// The whole checklist as JSON text, bounded (the shipped one is a few thousand characters); editChecklist
// words what is wrong with its content, a blank one included.
const checklistForm = z.object({ json: text({ max: 50_000, min: 0 }).default("") });

export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "content.author", "global");
  const parsed = parseForm(await readForm(request), checklistForm);
  if (!parsed.ok) return parsed.reply;
  try {
    const c = await editChecklist(user.id, parsed.value.json);
    return { ok: true, message: t.screeningChecklist.saved(c.version) };
  } catch (error) {
    return refused(error);
  }
}

export default function EditChecklist({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-4xl">
      <Link to="/screening" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.screening.title}
      </Link>
      <PageTitle className="mt-2">{t.screeningChecklist.heading(loaderData.version)}</PageTitle>
      <p className="mt-1 text-sm text-stone-600">{t.screeningChecklist.format}</p>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      <Form method="post" className="mt-4 space-y-3">
        <textarea name="json" defaultValue={loaderData.json} rows={28} aria-label={t.screeningChecklist.checklist} className={`${inputClass} font-mono text-sm`} />
        <Button type="submit" disabled={busy}>
          {t.common.save}
        </Button>
      </Form>
    </div>
  );
}
