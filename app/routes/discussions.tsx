import { data, Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/discussions";
import { Button, Field, inputClass, Notice, Select, nameOptions } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { beijingDayStart, beijingDeadline } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { scopesFor } from "#app/modules/identity/permissions.server.ts";
import { discussionPolicy } from "#app/modules/activities/policy.server.ts";
import { templates } from "#app/modules/content/templates.server.ts";
import { openRound, roundsFor } from "#app/modules/activities/discussions.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { inSubtrees } from "#app/modules/identity/org.server.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.activities.discussions} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const rounds = await roundsFor(user);
  const names = new Map((await db.orgUnit.findMany({ where: { id: { in: rounds.map((r) => r.unitId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const canOpen = discussionPolicy(user, "global").open;
  const units = canOpen ? await db.orgUnit.findMany({ where: inSubtrees(scopesFor(user, "assignment.manage")), orderBy: [{ depth: "asc" }, { sortOrder: "asc" }], select: { id: true, name: true } }) : [];
  return {
    rounds: rounds.map((r) => ({ id: r.id, title: r.title, unit: names.get(r.unitId) ?? "", closesAt: r.closesAt.toISOString(), open: r.closesAt > new Date() })),
    templates: templates().discussions.map((d) => ({ key: d.key, title: d.title, summary: d.summary })),
    canOpen,
    units,
  };
}

// Opening a round: from the start of its first Beijing day to the end of its last; the domain words the rest.
const roundForm = z.object({
  unitId: z.string().max(64).prefault(""),
  template: z.string().max(64).prefault(""),
  title: z.string().max(1000).prefault(""),
  opensAt: beijingDayStart(),
  closesAt: beijingDeadline(),
});

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(await readForm(request), roundForm);
  if (!parsed.ok) return parsed.reply;
  try {
    const round = await openRound(user, parsed.value);
    return redirect(`/discussions/${round.id}`);
  } catch (error) {
    if (error instanceof DomainError) return data({ message: error.message }, { status: error.status });
    throw error;
  }
}

export default function Discussions({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <PageTitle >{t.activities.discussions}</PageTitle>
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card as="ul" className="h-fit divide-y divide-stone-100">
          {loaderData.rounds.map((r) => (
            <li key={r.id} className="flex items-center gap-3 px-5 py-3">
              <Link to={`/discussions/${r.id}`} className="flex-1 text-brand-700 hover:underline">
                {r.title}
              </Link>
              <span className="text-sm text-stone-500">{r.unit}</span>
              <span className={`text-sm ${r.open ? "text-green-700" : "text-stone-500"}`}>{r.open ? t.activityDiscussion.open : t.activityDiscussion.closed}</span>
            </li>
          ))}
          {loaderData.rounds.length === 0 ? <li className="px-5 py-4 text-sm text-stone-500">{t.activityDiscussion.none}</li> : null}
        </Card>
        {loaderData.canOpen ? (
          <Card className="h-fit p-5">
            <h2 className="font-semibold text-stone-900">{t.activityDiscussion.openTitle}</h2>
            {result?.message ? <div className="mt-3"><Notice kind="error">{result.message}</Notice></div> : null}
            <Form method="post" className="mt-4 space-y-3">
              <Field label={t.activityDiscussion.template} name="template">
                <Select id="template" name="template" options={loaderData.templates.map((x) => ({ value: x.key, label: x.title }))} />
              </Field>
              <Field label={t.activityDiscussion.branch} name="unitId">
                <Select id="unitId" name="unitId" options={nameOptions(loaderData.units)} />
              </Field>
              <Field label={t.activityDiscussion.name} name="title">
                <input id="title" name="title" className={inputClass} />
              </Field>
              <div className="grid grid-cols-2 gap-2">
                <Field label={t.activityDiscussion.opensAt} name="opensAt">
                  <input id="opensAt" name="opensAt" type="date" className={inputClass} required />
                </Field>
                <Field label={t.activityDiscussion.closesAt} name="closesAt">
                  <input id="closesAt" name="closesAt" type="date" className={inputClass} required />
                </Field>
              </div>
              <Button type="submit" disabled={busy}>
                {t.activityDiscussion.openSubmit}
              </Button>
            </Form>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
