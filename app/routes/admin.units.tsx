import { data, Form, useActionData, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/admin.units";
import { Button, Field, inputClass, Notice } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { text } from "#app/lib/form-fields.ts";
import { firstErrors, parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { treeOrder, unitsInScope } from "#app/modules/identity/admin.server.ts";
import { forbidden, requirePermission } from "#app/modules/identity/auth.server.ts";
import { createUnit, moveUnit } from "#app/modules/identity/org.server.ts";
import { UNIT_KINDS } from "#app/modules/identity/org.ts";
import { unitAdminPolicy } from "#app/modules/identity/policy.server.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.admin.units} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "unit.manage", "global");
  const units = treeOrder(await unitsInScope(user));
  const minDepth = Math.min(...units.map((u) => u.depth));
  return { units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind, level: u.depth - minDepth, users: u._count.users })) };
}

const createSchema = z.object({
  intent: z.literal("create"),
  code: z.string({ error: t.adminUnits.codeRule }).max(160, t.adminUnits.codeRule).trim().regex(/^[A-Za-z0-9_-]{1,40}$/, t.adminUnits.codeRule),
  name: text({ max: 60, message: t.adminUnits.nameMissing, tooLong: t.adminUnits.nameTooLong }),
  kind: z.enum(UNIT_KINDS, { error: t.adminUnits.kindMissing }),
  parentId: text({ max: 64, message: t.adminUnits.parentMissing }),
});
const moveSchema = z.object({ intent: z.literal("move"), unitId: text({ max: 64 }), parentId: text({ max: 64, message: t.adminUnits.newParentMissing }) });
const unitForm = z.discriminatedUnion("intent", [createSchema, moveSchema]);

export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "unit.manage", "global");
  const parsed = parseForm(await readForm(request), unitForm);
  if (!parsed.ok) return data({ ok: false as const, errors: firstErrors(parsed.fieldErrors), message: null }, { status: 400 });
  const input = parsed.value;
  const parent = await db.orgUnit.findUnique({ where: { id: input.parentId } });
  if (!parent || !unitAdminPolicy(user, parent).manage) throw forbidden();
  if (input.intent === "create") {
    if (await db.orgUnit.findUnique({ where: { code: input.code }, select: { id: true } })) {
      return data({ ok: false as const, errors: { code: t.adminUnits.codeTaken }, message: null }, { status: 400 });
    }
    await createUnit({ code: input.code, name: input.name, kind: input.kind, parentId: parent.id });
    return { ok: true as const, errors: {}, message: t.adminUnits.created(input.name) };
  }
  const unit = await db.orgUnit.findUnique({ where: { id: input.unitId } });
  if (!unit || !unitAdminPolicy(user, unit).manage) throw forbidden();
  try {
    await moveUnit(unit.id, parent.id);
  } catch (error) {
    return data({ ok: false as const, errors: { parentId: (error as Error).message }, message: null }, { status: 400 });
  }
  return { ok: true as const, errors: {}, message: t.adminUnits.moved(unit.name, parent.name) };
}

export default function Units({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div>
      <PageTitle >{t.admin.units}</PageTitle>
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card className="p-4">
          <ul className="divide-y divide-stone-100" data-testid="unit-tree">
            {loaderData.units.map((u) => (
              <li key={u.id} className="flex items-center gap-3 py-2 text-[15px]" style={{ paddingLeft: `${u.level * 1.25}rem` }}>
                <span className="flex-1 text-stone-900">{u.name}</span>
                <span className="hidden text-xs text-stone-500 sm:inline">{u.code}</span>
                <span className="rounded bg-stone-100 px-2 py-0.5 text-xs text-stone-600">{t.unitKinds[u.kind]}</span>
                <span className="w-12 text-right text-xs text-stone-500">{t.adminUnits.people(u.users)}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card className="h-fit p-5">
          <h2 className="font-semibold text-stone-900">{t.adminUnits.add}</h2>
          {result?.message ? <div className="mt-3"><Notice kind="ok">{result.message}</Notice></div> : null}
          <Form method="post" className="mt-4 space-y-4">
            <input type="hidden" name="intent" value="create" />
            <Field label={t.adminUnits.parent} name="parentId" error={errors.parentId}>
              <select id="parentId" name="parentId" className={inputClass} required>
                {loaderData.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {t.adminUnits.indent.repeat(u.level)}
                    {u.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t.adminUnits.code} name="code" error={errors.code} hint={t.adminUnits.codeHint}>
              <input id="code" name="code" className={inputClass} required />
            </Field>
            <Field label={t.adminUnits.name} name="name" error={errors.name}>
              <input id="name" name="name" className={inputClass} required />
            </Field>
            <Field label={t.adminUnits.kind} name="kind" error={errors.kind}>
              <select id="kind" name="kind" className={inputClass} defaultValue="branch">
                {UNIT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t.unitKinds[k]}
                  </option>
                ))}
              </select>
            </Field>
            <Button type="submit" disabled={busy}>
              {t.adminUnits.submit}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
