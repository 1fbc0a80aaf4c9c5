import { data, Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/manage.sessions";
import { Button, Field, inputClass, Notice, Select, nameOptions } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { beijingDateTime } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { treeOrder } from "#app/modules/identity/admin.server.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { scopesFor } from "#app/modules/identity/permissions.server.ts";
import { sessionPolicy } from "#app/modules/learning/policy.server.ts";
import { OFFLINE_KINDS } from "#app/modules/learning/kinds.ts";
import { createSession, sessionInput } from "#app/modules/learning/offline.server.ts";
import { formatDateTime } from "#app/lib/time.ts";
import { inSubtrees } from "#app/modules/identity/org.server.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.sessions.manage} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "assignment.manage", "global");
  const scopes = scopesFor(user, "assignment.manage");
  const units = treeOrder(await db.orgUnit.findMany({ where: inSubtrees(scopes) }));
  const ids = units.map((u) => u.id);
  const sessions = await db.offlineSession.findMany({ where: { unitId: { in: ids } }, orderBy: { startsAt: "desc" }, include: { _count: { select: { attendance: true } } }, take: 100 });
  const name = new Map(units.map((u) => [u.id, u.name]));
  return {
    units: units.map((u) => ({ id: u.id, name: u.name })),
    sessions: sessions.map((s) => ({ id: s.id, title: s.title, kind: OFFLINE_KINDS[s.kind] ?? s.kind, unit: name.get(s.unitId) ?? "", startsAt: s.startsAt.toISOString(), attended: s._count.attendance })),
  };
}

// The create form as one schema: datetime-local values are Beijing time; the domain's sessionInput words the rest.
const sessionForm = z
  .object({
    kind: z.string().max(64).prefault(""),
    title: z.string().max(1000).prefault(""),
    unitId: z.string().max(64).prefault(""),
    place: z.string().max(1000).prefault(""),
    startsAt: beijingDateTime(t.sessions.errors.startsAt),
    endsAt: beijingDateTime(t.sessions.errors.endsAt),
  })
  .transform((f): z.input<typeof sessionInput> => f)
  .pipe(sessionInput);

export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "assignment.manage", "global");
  const parsed = parseForm(await readForm(request), sessionForm);
  if (!parsed.ok) return parsed.reply;
  const unit = await db.orgUnit.findUnique({ where: { id: parsed.value.unitId } });
  if (!unit || !sessionPolicy(user, unit).manage) return data({ message: t.sessions.errors.outOfScope }, { status: 403 });
  const session = await createSession(parsed.value, user.id);
  return redirect(`/manage/sessions/${session.id}`);
}

export default function ManageSessions({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <PageTitle >{t.sessions.manage}</PageTitle>
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Card as="ul" className="h-fit divide-y divide-stone-100">
          {loaderData.sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-3 px-5 py-3">
              <span className="rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{s.kind}</span>
              <Link to={`/manage/sessions/${s.id}`} className="flex-1 text-brand-700 hover:underline">
                {s.title}
              </Link>
              <span className="text-sm text-stone-500">
                {s.unit} · {formatDateTime(new Date(s.startsAt))} · {t.sessions.present(s.attended)}
              </span>
            </li>
          ))}
          {loaderData.sessions.length === 0 ? <li className="px-5 py-4 text-sm text-stone-500">{t.sessions.none}</li> : null}
        </Card>
        <Card className="h-fit p-5">
          <h2 className="font-semibold text-stone-900">{t.sessions.form.heading}</h2>
          {result?.message ? <div className="mt-3"><Notice kind="error">{result.message}</Notice></div> : null}
          <Form method="post" className="mt-4 space-y-4">
            <Field label={t.sessions.form.kind} name="kind">
              <Select id="kind" name="kind" options={OFFLINE_KINDS} />
            </Field>
            <Field label={t.sessions.form.title} name="title">
              <input id="title" name="title" className={inputClass} required />
            </Field>
            <Field label={t.sessions.form.unit} name="unitId">
              <Select id="unitId" name="unitId" options={nameOptions(loaderData.units)} />
            </Field>
            <Field label={t.sessions.form.place} name="place">
              <input id="place" name="place" className={inputClass} required />
            </Field>
            <Field label={t.sessions.form.startsAt} name="startsAt">
              <input id="startsAt" name="startsAt" type="datetime-local" className={inputClass} required />
            </Field>
            <Field label={t.sessions.form.endsAt} name="endsAt">
              <input id="endsAt" name="endsAt" type="datetime-local" className={inputClass} required />
            </Field>
            <Button type="submit" disabled={busy}>
              {t.sessions.form.submit}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
