import { Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/screening.year-end";
import { Button, Field, inputClass, Notice, Select } from "#app/components/form.tsx";
import { PrintButton } from "#app/components/reading-progress.tsx";
import { z } from "zod";
import { text } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUnitInScope, requireUser } from "#app/modules/identity/auth.server.ts";
import { WORK_KINDS_LABEL } from "#app/modules/activities/labels.ts";
import { HONOURS } from "#app/modules/screening/honours.ts";
import { nominatePerson, nominationInput, nominationPolicy, withdrawNomination } from "#app/modules/screening/nominations.server.ts";
import { requestedYear, yearEnd } from "#app/modules/screening/year-end.server.ts";
import { refused } from "#app/lib/domain-error.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.screeningYearEnd.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const { user, unit } = await requireUnitInScope(request, "oversight.read", { defaultToScope: true });
  const summary = (await yearEnd(unit.id, requestedYear(request)))!;
  return { ...summary, canNominate: nominationPolicy(user, unit.path).nominate };
}

const E = t.screeningYearEnd.errors;
// Withdrawing one nomination, or a new one (that form sends no intent): its texts are bounded and
// checked for control characters here, then meet the domain's nominationInput, which words the rest.
const yearEndForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("withdraw"), id: z.string().max(64).prefault("") }),
    z
      .object({
        intent: z.literal("nominate").optional(),
        username: text({ max: 64, min: 0, tooLong: E.usernameLong }).default(""),
        honour: nominationInput.shape.honour,
        reason: text({ max: 500, min: 0, tooLong: E.reasonLong }).default(""),
        evidence: text({ max: 2000, min: 0, tooLong: E.evidenceLong }).default(""),
      })
      .transform(({ intent: _intent, ...nomination }): z.input<typeof nominationInput> => nomination)
      .pipe(nominationInput)
      .transform((nomination) => ({ intent: "nominate" as const, nomination })),
  ],
  { error: t.screeningTerms.unknownAction },
);

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(await readForm(request), yearEndForm);
  const year = requestedYear(request);
  if (!parsed.ok) return parsed.reply;
  const f = parsed.value;
  try {
    if (f.intent === "withdraw") {
      await withdrawNomination(user, f.id);
      return { ok: true, message: t.screeningYearEnd.withdrawn };
    }
    await nominatePerson(user, f.nomination, year);
    return { ok: true, message: t.screeningYearEnd.nominated };
  } catch (error) {
    return refused(error);
  }
}

export default function YearEnd({ loaderData }: Route.ComponentProps) {
  const { unit, year, rows, nominations, people, canNominate } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <Card as="article" className="mx-auto max-w-4xl px-6 py-8 md:px-10">
      <div className="no-print flex justify-between">
        <Link to="/screening" className="text-sm text-stone-500 hover:text-brand-700">
          ← {t.screening.title}
        </Link>
        <span className="flex items-center gap-3">
          <a href={`/screening/year-end/export?unit=${unit.id}&year=${year}`} className="text-sm text-brand-700 hover:underline">
            {t.screeningYearEnd.exportXlsx}
          </a>
          <PrintButton label={t.screeningYearEnd.print} />
        </span>
      </div>
      <PageTitle className="mt-4 text-center">
        {t.screeningYearEnd.heading(unit.name, year)}
      </PageTitle>
      <h2 className="mt-8 border-l-4 border-brand-600 pl-3 font-bold">{t.screeningYearEnd.unitsSection}</h2>
      <table className="mt-3 w-full border-collapse text-sm">
        <thead>
          <tr className="bg-stone-50 text-left">
            {t.screeningYearEnd.headers.map((h) => (
              <th key={h} className="border border-stone-200 px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.unitId}>
              <td className="border border-stone-200 px-3 py-2">
                {r.unit}
                {r.clean ? <span className="ml-2 rounded bg-green-100 px-1.5 text-xs text-green-800">{t.screeningYearEnd.clean}</span> : null}
              </td>
              <td className="border border-stone-200 px-3 py-2">{r.cases}</td>
              <td className="border border-stone-200 px-3 py-2">{r.closed}</td>
              <td className="border border-stone-200 px-3 py-2">{r.open}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-stone-700">{t.screeningYearEnd.cleanUnits(rows.filter((r) => r.clean).map((r) => r.unit))}</p>
      <h2 className="mt-8 border-l-4 border-brand-600 pl-3 font-bold">{t.screeningYearEnd.nominationsSection}</h2>
      <ul className="mt-3 list-disc space-y-1 pl-6 text-stone-700">
        {nominations.map((n) => (
          <li key={n.workId}>
            {t.screeningYearEnd.work(n.person, n.unit, WORK_KINDS_LABEL[n.kind], n.title)}
            <Link to={`/works/${n.workId}`} className="no-print ml-2 text-sm text-brand-700">
              {t.screeningYearEnd.viewWork}
            </Link>
          </li>
        ))}
        {nominations.length === 0 ? <li>{t.screeningYearEnd.noWorks}</li> : null}
      </ul>
      <ul className="mt-3 space-y-3" data-testid="nominated-people">
        {people.map((p) => (
          <li key={p.id} className="rounded-lg border border-stone-200 px-4 py-3">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <strong className="text-stone-900">
                {t.screeningYearEnd.nominee(p.person, p.unit, p.honour)}
              </strong>
              {canNominate ? (
                <Form method="post" className="no-print">
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="id" value={p.id} />
                  <button type="submit" className="text-sm text-red-700 hover:underline" disabled={busy}>
                    {t.screeningYearEnd.withdraw}
                  </button>
                </Form>
              ) : null}
            </div>
            <p className="mt-1 text-sm text-stone-700">{t.screeningYearEnd.reason(p.reason)}</p>
            <p className="mt-1 whitespace-pre-line text-sm text-stone-700">{t.screeningYearEnd.evidence(p.evidence)}</p>
            <p className="mt-1 text-xs text-stone-500">{t.screeningYearEnd.by(p.by)}</p>
          </li>
        ))}
        {people.length === 0 ? <li className="text-stone-700">{t.screeningYearEnd.noPeople}</li> : null}
      </ul>
      {canNominate ? (
        <section className="no-print mt-6 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
          <h3 className="font-semibold text-stone-900">{t.screeningYearEnd.nominate}</h3>
          {result?.message ? (
            <div className="mt-3">
              <Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice>
            </div>
          ) : null}
          <Form method="post" className="mt-3 grid gap-3 md:grid-cols-2">
            <Field label={t.screeningYearEnd.username} name="username">
              <input id="username" name="username" className={inputClass} required />
            </Field>
            <Field label={t.screeningYearEnd.honour} name="honour">
              <Select id="honour" name="honour" options={HONOURS.map((h) => ({ value: h, label: h }))} />
            </Field>
            <div className="md:col-span-2">
              <Field label={t.screeningYearEnd.reasonLabel} name="reason">
                <textarea id="reason" name="reason" rows={2} className={inputClass} required />
              </Field>
            </div>
            <div className="md:col-span-2">
              <Field label={t.screeningYearEnd.evidenceLabel} name="evidence">
                <textarea id="evidence" name="evidence" rows={4} className={inputClass} required />
              </Field>
            </div>
            <div>
              <Button type="submit" disabled={busy}>
                {t.screeningYearEnd.submit}
              </Button>
            </div>
          </Form>
        </section>
      ) : null}
    </Card>
  );
}
