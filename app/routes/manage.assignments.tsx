import { useState } from "react";
import { data, Form, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/manage.assignments";
import { Button, Field, inputClass, Notice, Select, nameOptions } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { beijingDayStart, beijingDeadline, checkbox, int, optionalText, orDefault, text } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { treeOrder } from "#app/modules/identity/admin.server.ts";
import { forbidden, requirePermission } from "#app/modules/identity/auth.server.ts";
import { scopesFor } from "#app/modules/identity/permissions.server.ts";
import { assignmentPolicy } from "#app/modules/learning/policy.server.ts";
import { ASSIGNMENT_KINDS, assignmentInput, assignmentSummary, createAssignment, withdrawAssignment } from "#app/modules/learning/assignments.server.ts";
import { kindChoices } from "#app/modules/learning/assignment-kinds/index.server.ts";
import { refused } from "#app/lib/domain-error.ts";
import { formatDateMedium } from "#app/lib/time.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.assign.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "assignment.manage", "global");
  const scopes = scopesFor(user, "assignment.manage");
  const units = treeOrder(await db.orgUnit.findMany({ where: { OR: scopes.map((p) => ({ path: { startsWith: p } })) }, orderBy: { depth: "asc" } }));
  const unitIds = new Set(units.map((u) => u.id));
  const assignments = (await db.assignment.findMany({ where: { status: "active" }, orderBy: { dueAt: "asc" } })).filter((a) => unitIds.has(a.unitId));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  // Everyone an assignment reaches is in its unit's subtree, inside the manager's scope: their units'
  // paths are already here, as is the assignment's unit (no query per assignment for either).
  const unitPath = new Map(units.map((u) => [u.id, u.path]));
  const rows = [];
  for (const a of assignments) {
    // Aggregates per unit one level below the assignment's unit: never a ranking of people.
    const base = units.find((u) => u.id === a.unitId)!;
    const s = await assignmentSummary(a, new Date(), base.path);
    const children = units.filter((u) => u.parentId === a.unitId);
    const perUnit = new Map<string, { done: number; total: number; overdue: number }>();
    for (const p of s.people) {
      const path = unitPath.get(p.unitId) ?? "";
      const child = children.find((c) => path.startsWith(c.path));
      const key = child?.id ?? base.id;
      const bucket = perUnit.get(key) ?? { done: 0, total: 0, overdue: 0 };
      const st = s.statuses.get(p.id)!.state;
      bucket.total++;
      if (st === "done") bucket.done++;
      if (st === "overdue") bucket.overdue++;
      perUnit.set(key, bucket);
    }
    rows.push({
      id: a.id,
      title: a.title,
      unit: unitName.get(a.unitId) ?? "",
      dueAt: a.dueAt.toISOString(),
      total: s.total,
      counts: s.counts,
      perUnit: [...perUnit.entries()].map(([id, v]) => ({ unit: unitName.get(id) ?? "", ...v })),
    });
  }
  // The create form offers every registered kind with its target picker (app/modules/learning/assignment-kinds/).
  return { rows, units: units.map((u) => ({ id: u.id, name: u.name, depth: u.depth })), kinds: await kindChoices() };
}

// The screen's two forms, each one schema: withdrawing names an assignment; creating reads the target
// of the chosen kind (target_course, target_exam, …), Beijing days and bounded numbers, then meets
// the domain's assignmentInput for its own messages (due after start, …).
const withdrawForm = z.object({ intent: z.literal("withdraw"), id: text({ max: 64 }) });
const createForm = z
  .object({
    kind: z.enum(ASSIGNMENT_KINDS, { error: t.assign.errors.kind }),
    ...Object.fromEntries(ASSIGNMENT_KINDS.map((k) => [`target_${k}`, optionalText(64)])),
    title: optionalText(100),
    unitId: text({ max: 64, message: t.assign.errors.unit }),
    partyOnly: checkbox(),
    positions: optionalText(2000),
    startsAt: beijingDayStart(t.assign.errors.startsAt),
    dueAt: beijingDeadline(t.assign.errors.dueAt),
    requiredMinutes: orDefault(() => 0, int(0, 6000)),
  })
  .transform(
    (f): z.input<typeof assignmentInput> => ({
      kind: f.kind,
      targetId: String((f as Record<string, unknown>)[`target_${f.kind}`] ?? ""),
      title: f.title,
      unitId: f.unitId,
      partyOnly: f.partyOnly,
      positions: f.positions.split(/[,，、\s]+/).filter(Boolean),
      startsAt: f.startsAt,
      dueAt: f.dueAt,
      requiredMinutes: f.requiredMinutes,
    }),
  )
  .pipe(assignmentInput);

export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "assignment.manage", "global");
  const form = await readForm(request);
  if (form.get("intent") === "withdraw") {
    const w = parseForm(form, withdrawForm);
    if (!w.ok) return w.reply;
    const a = await db.assignment.findUnique({ where: { id: w.value.id } });
    const unit = a ? await db.orgUnit.findUnique({ where: { id: a.unitId } }) : null;
    if (!a || !unit || !assignmentPolicy(user, unit).withdraw) throw forbidden();
    await withdrawAssignment(a.id);
    return { ok: true, message: t.assign.withdrawn(a.title) };
  }
  const parsed = parseForm(form, createForm);
  if (!parsed.ok) return parsed.reply;
  const unit = await db.orgUnit.findUnique({ where: { id: parsed.value.unitId } });
  if (!unit || !assignmentPolicy(user, unit).create) return data({ ok: false, message: t.assign.errors.outOfScope }, { status: 403 });
  try {
    const a = await createAssignment(parsed.value, user.id);
    return { ok: true, message: t.assign.created(a.title, unit.name) };
  } catch (error) {
    return refused(error);
  }
}

export default function ManageAssignments({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [kind, setKind] = useState<string>(loaderData.kinds[0]?.kind ?? "");
  const only = (k: string) => (kind === k ? "" : "hidden");
  return (
    <div>
      <PageTitle >{t.assign.title}</PageTitle>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_22rem]">
        <section className="min-w-0 space-y-4">
          {loaderData.rows.map((a) => (
            <article key={a.id} className={`${CARD} p-5`} data-testid="assignment">
              <div className="flex flex-wrap items-start gap-3">
                <div className="flex-1">
                  <h2 className="font-semibold text-stone-900">{a.title}</h2>
                  <p className="text-sm text-stone-500">
                    {a.unit} · {t.assign.due(formatDateMedium(new Date(a.dueAt)))} · {t.assign.people(a.total)}
                  </p>
                </div>
                <Form method="post" onSubmit={(e) => !confirm(t.assign.confirmWithdraw) && e.preventDefault()}>
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="id" value={a.id} />
                  <button type="submit" className="text-sm text-red-700 hover:underline">
                    {t.assign.withdraw}
                  </button>
                </Form>
              </div>
              <p className="mt-2 flex flex-wrap gap-4 text-sm">
                <span className="text-green-700">{t.tasks.states.done} {a.counts.done}</span>
                <span className="text-amber-800">{t.tasks.states.inProgress} {a.counts.inProgress}</span>
                <span className="text-stone-600">{t.tasks.states.notStarted} {a.counts.notStarted}</span>
                <span className="text-red-700">{t.tasks.states.overdue} {a.counts.overdue}</span>
              </p>
              <div className="table-wrap mt-3">
                <table className="w-full text-sm">
                  <tbody>
                    {a.perUnit.map((u) => (
                      <tr key={u.unit} className="border-t border-stone-100">
                        <td className="py-1.5 pr-3">{u.unit}</td>
                        <td className="w-1/2 py-1.5 pr-3">
                          <div className="h-2 overflow-hidden rounded-full bg-stone-100">
                            <div className="h-full bg-green-600" style={{ width: `${u.total ? (u.done / u.total) * 100 : 0}%` }} />
                          </div>
                        </td>
                        <td className="py-1.5 pr-3 whitespace-nowrap">
                          {u.done}/{u.total}
                        </td>
                        <td className="py-1.5 whitespace-nowrap text-red-700">{u.overdue ? t.oversight.overdueCount(u.overdue) : ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </article>
          ))}
          {loaderData.rows.length === 0 ? <p className={`${CARD} p-5 text-stone-600`}>{t.assign.none}</p> : null}
        </section>
        <Card className="h-fit p-5">
          <h2 className="font-semibold text-stone-900">{t.assign.form.heading}</h2>
          <Form method="post" className="mt-4 space-y-4">
            <Field label={t.assign.form.kind} name="kind">
              <select id="kind" name="kind" className={inputClass} value={kind} onChange={(e) => setKind(e.target.value)}>
                {loaderData.kinds.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
            </Field>
            {loaderData.kinds.map(({ kind: k, target }) => (
              <div key={k} className={only(k)}>
                <Field label={target.label} name={`target_${k}`}>
                  {target.type === "select" ? (
                    <Select id={`target_${k}`} name={`target_${k}`} options={target.options} />
                  ) : (
                    <input id={`target_${k}`} name={`target_${k}`} defaultValue={target.defaultValue} className={inputClass} />
                  )}
                </Field>
              </div>
            ))}
            <Field label={t.assign.form.unit} name="unitId">
              <Select id="unitId" name="unitId" options={nameOptions(loaderData.units)} />
            </Field>
            <div className="grid grid-cols-2 gap-3">
              <Field label={t.assign.form.startsAt} name="startsAt">
                <input id="startsAt" name="startsAt" type="date" className={inputClass} required />
              </Field>
              <Field label={t.assign.form.dueAt} name="dueAt">
                <input id="dueAt" name="dueAt" type="date" className={inputClass} required />
              </Field>
            </div>
            <Field label={t.assign.form.requiredMinutes} name="requiredMinutes">
              <input id="requiredMinutes" name="requiredMinutes" type="number" min={0} defaultValue={0} className={inputClass} />
            </Field>
            <Field label={t.assign.form.positions} name="positions">
              <input id="positions" name="positions" className={inputClass} />
            </Field>
            <label className="flex items-center gap-2 text-sm text-stone-700">
              <input type="checkbox" name="partyOnly" /> {t.assign.form.partyOnly}
            </label>
            <Field label={t.assign.form.title} name="title">
              <input id="title" name="title" className={inputClass} />
            </Field>
            <Button type="submit" disabled={busy}>
              {t.assign.form.submit}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
