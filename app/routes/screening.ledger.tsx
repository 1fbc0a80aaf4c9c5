import { Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/screening.ledger";
import { Button, Field, inputClass, Notice, Select, nameOptions } from "#app/components/form.tsx";
import { z } from "zod";
import { beijingDeadline } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { AREA_LABELS, LEDGER_SOURCES } from "#app/modules/screening/areas.ts";
import { createItem, ledgerCreateOptions, ledgerFilter, ledgerFor, ledgerInput } from "#app/modules/screening/ledger.server.ts";

import { TableHead } from "#app/components/table.tsx";
import { refused } from "#app/lib/domain-error.ts";
import { formatDate } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.screeningLedger.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filter = ledgerFilter(url);
  const items = await ledgerFor(user, filter);
  // The form is offered only to those createItem would allow, with choices from their scope only.
  const create = await ledgerCreateOptions(user);
  return {
    items,
    filter,
    query: url.search,
    manages: Boolean(create),
    units: create?.units ?? [],
    leaders: create?.leaders ?? [],
    risks: create?.risks ?? [],
    problems: (create?.problems ?? []).map((p) => ({ id: p.id, label: t.screeningLedger.problemOption(p.subject, AREA_LABELS[p.area] ?? p.area, p.description.slice(0, 30)) })),
  };
}

// The create form: the domain's ledgerInput, with what a browser sends (blank selects, a missing text
// field, a `YYYY-MM-DD` deadline) read into what it expects. A missing field gets its own message.
const idOrNull = z.preprocess((v) => (v === "" ? null : v), z.string().max(64).nullable().default(null));
const createForm = ledgerInput.extend({
  unitId: ledgerInput.shape.unitId.prefault(""),
  source: ledgerInput.shape.source,
  problemId: idOrNull,
  riskPointId: idOrNull,
  title: ledgerInput.shape.title.prefault(""),
  leaderId: ledgerInput.shape.leaderId.prefault(""),
  department: ledgerInput.shape.department.prefault(""),
  responsible: ledgerInput.shape.responsible.prefault(""),
  deadline: beijingDeadline(t.screeningLedger.errors.deadlineRequired),
  standard: ledgerInput.shape.standard.prefault(""),
  effect: ledgerInput.shape.effect.prefault(""),
});

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(await readForm(request), createForm);
  if (!parsed.ok) return parsed.reply;
  try {
    const item = await createItem(user, parsed.value);
    return redirect(`/screening/ledger/${item.id}`);
  } catch (error) {
    return refused(error);
  }
}

const day = (iso: string) => formatDate(iso);

export default function Ledger({ loaderData }: Route.ComponentProps) {
  const { items, filter, manages, units, leaders, problems, query, risks } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <Link to="/screening" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.screening.title}
      </Link>
      <div className="mt-2 flex flex-wrap items-end gap-3">
        <PageTitle className="flex-1">{t.screeningLedger.title}</PageTitle>
        <Form method="get" className="flex flex-wrap gap-2">
          <select name="status" defaultValue={filter.status ?? ""} aria-label={t.screeningLedger.filterStatus} className={`${inputClass} !mt-0 w-auto`}>
            <option value="">{t.screeningLedger.allStatuses}</option>
            <option value="open">{t.screeningLedger.status.open}</option>
            <option value="overdue">{t.screeningLedger.status.overdue}</option>
            <option value="closed">{t.screeningLedger.status.closed}</option>
          </select>
          <Select name="source" defaultValue={filter.source ?? ""} aria-label={t.screeningLedger.filterSource} className={`${inputClass} !mt-0 w-auto`} options={LEDGER_SOURCES} empty={t.screeningLedger.allSources} />
          <Button type="submit" variant="secondary">
            {t.screeningLedger.filter}
          </Button>
          <a href={`/screening/ledger/export${query}`} className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm" data-testid="ledger-export">
            {t.screeningLedger.exportXlsx}
          </a>
        </Form>
      </div>
      <Card as="div" className="table-wrap mt-4">
        <table className="w-full text-sm" data-testid="ledger">
          <TableHead headers={t.screeningLedger.headers} nowrap />
          <tbody>
            {items.map((i) => (
              <tr key={i.id} className="border-t border-stone-100">
                <td className="min-w-[10rem] px-3 py-2">
                  <Link to={`/screening/ledger/${i.id}`} className="text-brand-700 hover:underline">
                    {i.title}
                  </Link>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{i.unit}</td>
                <td className="px-3 py-2 whitespace-nowrap">{LEDGER_SOURCES[i.source]}</td>
                <td className="px-3 py-2 whitespace-nowrap">{i.leader}</td>
                <td className="px-3 py-2 whitespace-nowrap">{i.department}</td>
                <td className="px-3 py-2 whitespace-nowrap">{i.responsible}</td>
                <td className="px-3 py-2 whitespace-nowrap">{day(i.deadline)}</td>
                <td className={`px-3 py-2 whitespace-nowrap ${i.status === "closed" ? "text-green-700" : i.overdue ? "text-red-700" : "text-amber-800"}`}>
                  {i.status === "closed" ? t.screeningLedger.status.closed : i.closeRequested ? t.screeningLedger.status.awaiting : i.overdue ? t.screeningLedger.status.overdue : t.screeningLedger.status.open}
                  {i.openOrders ? t.screeningLedger.supervising : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 ? <p className="px-5 py-4 text-sm text-stone-500">{t.screeningLedger.empty}</p> : null}
      </Card>
      {manages ? (
        <Card className="mt-6 p-5">
          <h2 className="font-semibold text-stone-900">{t.screeningLedger.newItem}</h2>
          {result?.message ? <div className="mt-3"><Notice kind="error">{result.message}</Notice></div> : null}
          <Form method="post" className="mt-4 grid gap-3 md:grid-cols-2">
            <Field label={t.screeningLedger.unit} name="unitId">
              <Select id="unitId" name="unitId" options={nameOptions(units)} />
            </Field>
            <Field label={t.screeningLedger.source} name="source">
              <Select id="source" name="source" options={LEDGER_SOURCES} />
            </Field>
            <div className="md:col-span-2">
              <Field label={t.screeningLedger.problem} name="problemId">
                <Select id="problemId" name="problemId" options={problems.map((p) => ({ value: p.id, label: p.label }))} empty={t.common.none} />
              </Field>
            </div>
            <div className="md:col-span-2">
              <Field label={t.screeningLedger.riskPoint} name="riskPointId">
                <Select id="riskPointId" name="riskPointId" options={nameOptions(risks)} empty={t.common.none} />
              </Field>
            </div>
            <div className="md:col-span-2">
              <Field label={t.screeningLedger.itemTitle} name="title">
                <input id="title" name="title" className={inputClass} />
              </Field>
            </div>
            <Field label={t.screeningLedger.clarities.leader} name="leaderId">
              <Select id="leaderId" name="leaderId" options={nameOptions(leaders)} empty={t.screeningLedger.choose} />
            </Field>
            <Field label={t.screeningLedger.clarities.department} name="department">
              <input id="department" name="department" className={inputClass} />
            </Field>
            <Field label={t.screeningLedger.responsibleUsername} name="responsible">
              <input id="responsible" name="responsible" autoComplete="off" className={inputClass} />
            </Field>
            <Field label={t.screeningLedger.clarities.deadline} name="deadline">
              <input id="deadline" name="deadline" type="date" className={inputClass} />
            </Field>
            <Field label={t.screeningLedger.clarities.standard} name="standard">
              <textarea id="standard" name="standard" rows={2} className={inputClass} />
            </Field>
            <Field label={t.screeningLedger.clarities.effect} name="effect">
              <textarea id="effect" name="effect" rows={2} className={inputClass} />
            </Field>
            <div>
              <Button type="submit" disabled={busy}>
                {t.screeningLedger.create}
              </Button>
            </div>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}
