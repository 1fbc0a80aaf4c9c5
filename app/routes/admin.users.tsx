import { data, Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/admin.users";
import { Button, Field, inputClass, Select, nameOptions } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { checkbox, orDefault, pageParam, text } from "#app/lib/form-fields.ts";
import { firstErrors, parseForm, parseQuery, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { treeOrder, unitsInScope, usersInScope } from "#app/modules/identity/admin.server.ts";
import { forbidden, requirePermission } from "#app/modules/identity/auth.server.ts";
import { unitAdminPolicy } from "#app/modules/identity/policy.server.ts";
import { PASSWORD_MAX } from "#app/modules/identity/password.server.ts";
import { createUser, userFields, usernameSchema } from "#app/modules/identity/users.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.admin.users} · ${t.app.name}` }];

const PAGE = 50;

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "user.manage", "global");
  const parsed = parseQuery(request, z.object({ q: orDefault(() => "", text({ max: 100 })), page: pageParam() }));
  if (!parsed.ok) throw parsed.reply;
  const { q, page } = parsed.value;
  const [{ users, total }, units] = await Promise.all([usersInScope(user, { q, skip: (page - 1) * PAGE, take: PAGE }), unitsInScope(user, "user.manage")]);
  return {
    q,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    total,
    users: users.map((u) => ({
      id: u.id,
      username: u.username,
      name: u.name,
      staffNo: u.staffNo,
      unit: u.unit.name,
      position: u.position,
      active: u.active,
      roles: [...new Set(u.grants.map((g) => g.role))],
    })),
    units: treeOrder(units).map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
  };
}

// The new-person form: each text is bounded and free of control characters, then meets the domain's
// own rule for that field (userFields, usernameSchema), which words what is wrong with it.
const S = userFields.shape;
const field = (max: number, tooLong: string) => text({ max, min: 0, tooLong }).prefault("");
const newUserForm = z.object({
  username: field(40, t.people.errors.usernameTooLong).pipe(usernameSchema),
  name: field(40, t.people.errors.nameTooLong).pipe(S.name),
  staffNo: field(40, t.people.errors.staffNoTooLong).pipe(S.staffNo),
  unitId: field(64, t.formInput.tooLong(64)).pipe(S.unitId),
  position: field(60, t.people.errors.positionTooLong).pipe(S.position.unwrap()),
  isPartyMember: checkbox(),
  // Checked by the password rules; bounded here so a huge value is refused before any hashing.
  password: z.string({ error: t.formInput.invalid }).max(PASSWORD_MAX * 4, t.passwordRules.tooLong(PASSWORD_MAX)).prefault(""),
});

export async function action({ request }: Route.ActionArgs) {
  const actor = await requirePermission(request, "user.manage", "global");
  const parsed = parseForm(await readForm(request), newUserForm);
  if (!parsed.ok) return data({ errors: firstErrors(parsed.fieldErrors) }, { status: 400 });
  const { username, password, ...fields } = parsed.value;
  const unit = await db.orgUnit.findUnique({ where: { id: fields.unitId } });
  if (!unit || !unitAdminPolicy(actor, unit).placePeople) throw forbidden();
  try {
    const created = await createUser({ ...fields, active: true, username, password: password || undefined });
    return redirect(`/admin/users/${created.id}`);
  } catch (error) {
    if (error instanceof DomainError) return data({ errors: { [error.field ?? "_form"]: error.message } }, { status: 400 });
    throw error;
  }
}

export default function Users({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <PageTitle >{t.admin.users}</PageTitle>
        <Form method="get" className="flex gap-2" role="search">
          <input name="q" maxLength={100} defaultValue={loaderData.q} placeholder={t.adminUsers.searchPlaceholder} aria-label={t.adminUsers.searchLabel} className={`${inputClass} !mt-0 w-56`} />
          <Button type="submit" variant="secondary">
            {t.common.search}
          </Button>
        </Form>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card className="min-w-0">
          <div className="table-wrap">
            <table className="w-full text-sm">
              <thead className="bg-stone-50 text-left text-stone-600">
                <tr>
                  <th className="px-4 py-2 font-medium">{t.adminUsers.columns.name}</th>
                  <th className="px-4 py-2 font-medium">{t.adminUsers.columns.username}</th>
                  <th className="px-4 py-2 font-medium">{t.adminUsers.columns.unit}</th>
                  <th className="px-4 py-2 font-medium">{t.adminUsers.columns.roles}</th>
                  <th className="px-4 py-2 font-medium">{t.adminUsers.columns.status}</th>
                </tr>
              </thead>
              <tbody>
                {loaderData.users.map((u) => (
                  <tr key={u.id} className="border-t border-stone-100">
                    <td className="px-4 py-2">
                      <Link to={`/admin/users/${u.id}`} className="font-medium text-brand-700 hover:underline">
                        {u.name}
                      </Link>
                    </td>
                    <td className="px-4 py-2 text-stone-600">{u.username}</td>
                    <td className="px-4 py-2 text-stone-600">{u.unit}</td>
                    <td className="px-4 py-2 text-stone-600">{u.roles.map((r) => t.roles[r]).join(t.common.listSeparator) || t.roles.staff}</td>
                    <td className="px-4 py-2">{u.active ? <span className="text-green-700">{t.common.active}</span> : <span className="text-stone-500">{t.common.disabled}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="flex items-center justify-between border-t border-stone-100 px-4 py-3 text-sm text-stone-500">
            <span>{t.adminUsers.total(loaderData.total)}</span>
            <span className="flex gap-3">
              {loaderData.page > 1 ? <Link to={`?q=${encodeURIComponent(loaderData.q)}&page=${loaderData.page - 1}`}>{t.adminUsers.prev}</Link> : null}
              <span>
                {loaderData.page} / {loaderData.pages}
              </span>
              {loaderData.page < loaderData.pages ? <Link to={`?q=${encodeURIComponent(loaderData.q)}&page=${loaderData.page + 1}`}>{t.adminUsers.next}</Link> : null}
            </span>
          </p>
        </Card>
        <Card className="h-fit p-5">
          <h2 className="font-semibold text-stone-900">{t.adminUsers.add}</h2>
          <Form method="post" className="mt-4 space-y-4">
            <Field label={t.people.username} name="username" error={errors.username}>
              <input id="username" name="username" className={inputClass} required autoComplete="off" />
            </Field>
            <Field label={t.people.name} name="name" error={errors.name}>
              <input id="name" name="name" className={inputClass} required />
            </Field>
            <Field label={t.people.staffNo} name="staffNo" error={errors.staffNo}>
              <input id="staffNo" name="staffNo" className={inputClass} />
            </Field>
            <Field label={t.people.unit} name="unitId" error={errors.unitId}>
              <Select id="unitId" name="unitId" options={nameOptions(loaderData.units)} />
            </Field>
            <Field label={t.people.position} name="position" error={errors.position}>
              <input id="position" name="position" className={inputClass} />
            </Field>
            <label className="flex items-center gap-2 text-sm text-stone-700">
              <input type="checkbox" name="isPartyMember" defaultChecked /> {t.people.partyMember}
            </label>
            <Field label={t.people.initialPassword} name="password" error={errors.password} hint={t.adminUsers.passwordHint}>
              <input id="password" name="password" type="password" className={inputClass} autoComplete="new-password" />
            </Field>
            {errors._form ? <p className="text-sm text-red-700">{errors._form}</p> : null}
            <Button type="submit" disabled={busy}>
              {t.adminUsers.submit}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
