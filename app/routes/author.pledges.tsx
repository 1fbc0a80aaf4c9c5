import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/author.pledges";
import { Button, inputClass, Notice } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { AUDIENCE_LABEL } from "#app/modules/activities/labels.ts";
import { publishPledge } from "#app/modules/activities/pledges.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.activityPledge.author.title} · ${t.app.name}` }];

const TEMPLATE = t.activityPledge.author.template;

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "content.author", "global");
  const texts = await db.pledgeText.findMany({ orderBy: [{ year: "desc" }, { createdAt: "desc" }], include: { _count: { select: { signatures: true } } } });
  return { texts: texts.map((x) => ({ id: x.id, title: x.title, year: x.year, audience: AUDIENCE_LABEL[x.audience] ?? x.audience, status: x.status, signatures: x._count.signatures })), template: TEMPLATE };
}

// The pledge's MDX as typed (never trimmed), bounded like a lesson's source; publishPledge words the rest.
const SOURCE_MAX = 200_000;
const pledgeForm = z.object({
  source: z
    .string()
    .max(SOURCE_MAX, t.formInput.tooLong(SOURCE_MAX))
    .refine((s) => !s.includes("\u0000"), t.formInput.controlChars)
    .prefault(""),
});

export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "content.author", "global");
  const parsed = parseForm(await readForm(request), pledgeForm);
  if (!parsed.ok) return parsed.reply;
  try {
    const text = await publishPledge(parsed.value.source, user.id);
    return { ok: true, message: t.activityPledge.author.published(text.title) };
  } catch (error) {
    if (error instanceof DomainError) return data({ ok: false, message: t.activityPledge.author.hasErrors(error.message) }, { status: 400 });
    throw error;
  }
}

export default function Pledges({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-4xl">
      <Link to="/author" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.author.title}
      </Link>
      <PageTitle className="mt-2">{t.activityPledge.author.heading}</PageTitle>
      <Card as="ul" className="mt-4 divide-y divide-stone-100">
        {loaderData.texts.map((x) => (
          <li key={x.id} className="flex gap-3 px-5 py-2 text-sm">
            <span className="flex-1">{x.title}</span>
            <span className="text-stone-500">
              {x.year} · {x.audience} · {x.status === "published" ? t.activityPledge.author.current : t.activityPledge.author.replaced} · {t.activityPledge.author.signedCount(x.signatures)}
            </span>
          </li>
        ))}
      </Card>
      {result?.message ? <div className="mt-4 whitespace-pre-line"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      <Form method="post" className="mt-4 space-y-3">
        <p className="text-sm text-stone-600">{t.activityPledge.author.formatHint}</p>
        <textarea name="source" rows={16} defaultValue={loaderData.template} aria-label={t.activityPledge.author.sourceLabel} className={`${inputClass} font-mono text-sm`} />
        <Button type="submit" disabled={busy}>
          {t.activityPledge.author.publish}
        </Button>
      </Form>
    </div>
  );
}
