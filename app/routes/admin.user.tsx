import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/admin.user";
import { Button, Field, inputClass, Notice, Select, nameOptions } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { checkbox, text } from "#app/lib/form-fields.ts";
import { parseForm, readForm, type FieldErrors } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { treeOrder, unitsInScope } from "#app/modules/identity/admin.server.ts";
import { forbidden, notFound, requirePermission } from "#app/modules/identity/auth.server.ts";
import { unitAdminPolicy, userAdminPolicy } from "#app/modules/identity/policy.server.ts";
import { ROLES } from "#app/modules/identity/roles.ts";
import { PASSWORD_MAX } from "#app/modules/identity/password.server.ts";
import { invalidateUserSessions } from "#app/modules/identity/session.server.ts";
import { grantRole, grantRoleSchema, revokeGrant, setPassword, updateUser, userFields } from "#app/modules/identity/users.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.person.name ?? t.admin.users} · ${t.app.name}` }];

async function loadPerson(request: Request, id: string) {
  const actor = await requirePermission(request, "user.manage", "global");
  const person = await db.user.findUnique({
    where: { id },
    include: { unit: true, grants: { include: { unit: { select: { name: true, path: true } } } }, _count: { select: { sessions: true } } },
  });
  if (!person) throw notFound(t.errors.personNotFound);
  const policy = userAdminPolicy(actor, { id: person.id, unitPath: person.unit.path });
  if (!policy.manage) throw forbidden();
  return { actor, person, policy };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor, person, policy } = await loadPerson(request, params.id);
  const units = treeOrder(await unitsInScope(actor, "user.manage"));
  return {
    person: {
      id: person.id,
      username: person.username,
      name: person.name,
      staffNo: person.staffNo ?? "",
      unitId: person.unitId,
      position: person.position,
      isPartyMember: person.isPartyMember,
      active: person.active,
      hasPassword: Boolean(person.passwordHash),
      sessions: person._count.sessions,
      grants: person.grants.map((g) => ({ id: g.id, role: g.role, unit: g.unit.name, revocable: policy.revoke({ userId: person.id, role: g.role, unitPath: g.unit.path }) === "allowed" })),
    },
    units: units.map((u) => ({ id: u.id, name: u.name })),
    canGrant: policy.grant,
    canDisable: policy.disable,
  };
}

// The person screen's forms as one schema, chosen by `intent`. Texts are bounded and free of control
// characters, then meet the domain's own rules (userFields, grantRoleSchema, the password rules),
// which word what is wrong; ids are bounded and then looked up, as before.
const S = userFields.shape;
const field = (max: number, tooLong: string) => text({ max, min: 0, tooLong }).prefault("");
const id = z.string({ error: t.formInput.invalid }).max(64, t.formInput.tooLong(64)).prefault("");
const personForm = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("update"),
      name: field(40, t.people.errors.nameTooLong).pipe(S.name),
      staffNo: field(40, t.people.errors.staffNoTooLong).pipe(S.staffNo),
      unitId: field(64, t.formInput.tooLong(64)).pipe(S.unitId),
      position: field(60, t.people.errors.positionTooLong).pipe(S.position.unwrap()),
      isPartyMember: checkbox(),
      active: checkbox(),
    }),
    // Checked by the password rules; bounded here so a huge value is refused before any hashing.
    z.object({ intent: z.literal("password"), password: z.string({ error: t.formInput.invalid }).max(PASSWORD_MAX * 4, t.passwordRules.tooLong(PASSWORD_MAX)).prefault("") }),
    z.object({ intent: z.literal("end-sessions") }),
    z.object({ intent: z.literal("grant"), role: grantRoleSchema, grantUnitId: id }),
    z.object({ intent: z.literal("revoke"), grantId: id }),
  ],
  { error: t.adminUser.unknownIntent },
);

// Where a refusal shows on this screen: the fields it has keep their message; the grant's unit
// speaks through the role, as the grant's other refusals do; anything else (intent, ids) is the form's.
const SHOWN = new Set(["name", "staffNo", "unitId", "position", "active", "password", "role"]);
function screenErrors(fieldErrors: FieldErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, [message]] of Object.entries(fieldErrors)) {
    const key = SHOWN.has(name) ? name : name === "grantUnitId" ? "role" : "_form";
    out[key] ??= message ?? t.formInput.invalid;
  }
  return out;
}

export async function action({ request, params }: Route.ActionArgs) {
  const { actor, person, policy } = await loadPerson(request, params.id);
  const fail = (errors: Record<string, string>) => data({ ok: false as const, errors, message: null }, { status: 400 });
  const done = (message: string) => ({ ok: true as const, errors: {} as Record<string, string>, message });
  const parsed = parseForm(await readForm(request), personForm);
  if (!parsed.ok) return fail(screenErrors(parsed.fieldErrors));
  const f = parsed.value;
  try {
    switch (f.intent) {
      case "update": {
        const { intent: _intent, ...fields } = f;
        const unit = await db.orgUnit.findUnique({ where: { id: fields.unitId } });
        if (!unit || !unitAdminPolicy(actor, unit).placePeople) return fail({ unitId: t.adminUser.outOfScopeUnit });
        if (!policy.disable && !fields.active) return fail({ active: t.adminUser.cannotDisableSelf });
        await updateUser(person.id, fields);
        return done(t.adminUser.saved);
      }
      case "password": {
        await setPassword(person.id, f.password, { keepSessionId: person.id === actor.id ? actor.session.id : undefined });
        return done(t.adminUser.passwordReset);
      }
      case "end-sessions": {
        const n = await invalidateUserSessions(person.id, person.id === actor.id ? actor.session.id : undefined);
        return done(t.adminUser.sessionsEnded(n));
      }
      case "grant": {
        const unit = await db.orgUnit.findUnique({ where: { id: f.grantUnitId } });
        if (!unit || !unitAdminPolicy(actor, unit).grant) return fail({ role: t.adminUser.grantOutOfScope });
        await grantRole(person.id, f.role, unit.id, actor.id);
        return done(t.adminUser.granted(t.roles[f.role] ?? f.role, unit.name));
      }
      case "revoke": {
        const grant = await db.roleGrant.findUnique({ where: { id: f.grantId }, include: { unit: true } });
        const verdict = grant ? policy.revoke({ userId: grant.userId, role: grant.role, unitPath: grant.unit.path }) : "outOfScope";
        if (!grant || verdict === "outOfScope") throw forbidden();
        if (verdict === "ownAdmin") return fail({ role: t.adminUser.cannotRevokeOwnAdmin });
        await revokeGrant(grant.id);
        return done(t.adminUser.revoked);
      }
    }
  } catch (error) {
    if (error instanceof DomainError) return fail({ [error.field ?? "_form"]: error.message });
    throw error;
  }
}

export default function EditUser({ loaderData }: Route.ComponentProps) {
  const { person, units, canGrant, canDisable } = loaderData;
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <Link to="/admin/users" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.admin.users}
      </Link>
      <PageTitle className="mt-2">
        {person.name} <span className="text-base font-normal text-stone-500">{person.username}</span>
      </PageTitle>
      {result?.message ? <div className="mt-4"><Notice kind="ok">{result.message}</Notice></div> : null}
      {errors._form ? <div className="mt-4"><Notice kind="error">{errors._form}</Notice></div> : null}
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card className="p-5">
          <h2 className="font-semibold text-stone-900">{t.adminUser.basics}</h2>
          <Form method="post" className="mt-4 space-y-4">
            <input type="hidden" name="intent" value="update" />
            <Field label={t.people.name} name="name" error={errors.name}>
              <input id="name" name="name" defaultValue={person.name} className={inputClass} required />
            </Field>
            <Field label={t.people.staffNo} name="staffNo" error={errors.staffNo}>
              <input id="staffNo" name="staffNo" defaultValue={person.staffNo} className={inputClass} />
            </Field>
            <Field label={t.people.unit} name="unitId" error={errors.unitId}>
              <Select id="unitId" name="unitId" defaultValue={person.unitId} options={nameOptions(units)} />
            </Field>
            <Field label={t.people.position} name="position" error={errors.position}>
              <input id="position" name="position" defaultValue={person.position} className={inputClass} />
            </Field>
            <label className="flex items-center gap-2 text-sm text-stone-700">
              <input type="checkbox" name="isPartyMember" defaultChecked={person.isPartyMember} /> {t.people.partyMember}
            </label>
            <label className="flex items-center gap-2 text-sm text-stone-700">
              {/* One's own account cannot be disabled (the action refuses it), so the box is not offered. */}
              {canDisable ? <input type="checkbox" name="active" defaultChecked={person.active} /> : <><input type="hidden" name="active" value="on" /><input type="checkbox" checked disabled readOnly /></>} {t.adminUser.active}
            </label>
            {errors.active ? <p className="text-sm text-red-700">{errors.active}</p> : null}
            <Button type="submit" disabled={busy}>
              {t.common.save}
            </Button>
          </Form>
        </Card>
        <div className="space-y-6">
          <Card className="p-5">
            <h2 className="font-semibold text-stone-900">{t.adminUser.passwordTitle}</h2>
            <p className="mt-1 text-sm text-stone-600">
              {person.hasPassword ? t.adminUser.hasPassword : t.adminUser.noPassword} · {t.adminUser.sessionCount(person.sessions)}
            </p>
            <Form method="post" className="mt-4 space-y-3">
              <input type="hidden" name="intent" value="password" />
              <Field label={t.adminUser.newPassword} name="password" error={errors.password} hint={t.adminUser.passwordHint}>
                <input id="password" name="password" type="password" className={inputClass} autoComplete="new-password" required />
              </Field>
              <Button type="submit" disabled={busy}>
                {t.adminUser.resetPassword}
              </Button>
            </Form>
            <Form method="post" className="mt-4">
              <input type="hidden" name="intent" value="end-sessions" />
              <Button type="submit" variant="danger" disabled={busy}>
                {t.adminUser.endSessions}
              </Button>
            </Form>
          </Card>
          <Card className="p-5">
            <h2 className="font-semibold text-stone-900">{t.admin.grants}</h2>
            <ul className="mt-3 space-y-2 text-sm">
              <li className="text-stone-600">{t.roles.staff}{t.adminUser.everyone}</li>
              {person.grants.map((g) => (
                <li key={g.id} className="flex items-center justify-between gap-2">
                  <span>
                    {t.roles[g.role]} · <span className="text-stone-600">{t.adminUser.unitAndBelow(g.unit)}</span>
                  </span>
                  {canGrant && g.revocable ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="grantId" value={g.id} />
                      <button type="submit" className="text-red-700 hover:underline">
                        {t.adminUser.revoke}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
            {canGrant ? (
              <Form method="post" className="mt-4 grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
                <input type="hidden" name="intent" value="grant" />
                <Field label={t.people.role} name="role" error={errors.role}>
                  <select id="role" name="role" className={inputClass}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t.roles[r]}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t.adminUser.scope} name="grantUnitId">
                  <Select id="grantUnitId" name="grantUnitId" options={nameOptions(units)} />
                </Field>
                <Button type="submit" disabled={busy}>
                  {t.adminUser.grant}
                </Button>
              </Form>
            ) : null}
          </Card>
        </div>
      </div>
    </div>
  );
}
