import { Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/screening.risks";
import { Button, inputClass, Notice, Select, nameOptions } from "#app/components/form.tsx";
import { z } from "zod";
import { optionalText } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { RISK_CATEGORIES, RISK_LEVELS } from "#app/modules/screening/areas.ts";
import { ledgerScopes } from "#app/modules/screening/ledger.server.ts";

import { addRiskPoint, reviewRiskPoint, riskInput, riskScreen } from "#app/modules/screening/risk.server.ts";
import { TableHead } from "#app/components/table.tsx";
import { refused } from "#app/lib/domain-error.ts";
import { formatDate } from "#app/lib/time.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.screeningRisks.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  return riskScreen(user, ledgerScopes(user));
}

// The register's two forms: the yearly review of one point, and a new point (the add form sends no
// intent). A new point's texts are bounded and checked for control characters here, then meet the
// domain's riskInput, which words what a point must contain.
const riskForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("review"), id: z.string().max(64).prefault("") }),
    z
      .object({
        intent: z.literal("add").optional(),
        unitId: z.string().max(64).prefault(""),
        category: z.string().max(64).prefault(""),
        level: z.string().max(64).prefault(""),
        name: optionalText(100),
        description: optionalText(1000),
        measures: optionalText(2000),
      })
      .transform(({ intent: _intent, ...point }): z.input<typeof riskInput> => point)
      .pipe(riskInput)
      .transform((point) => ({ intent: "add" as const, point })),
  ],
  { error: t.screeningTerms.unknownAction },
);

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(await readForm(request), riskForm);
  if (!parsed.ok) return parsed.reply;
  const f = parsed.value;
  try {
    if (f.intent === "review") {
      await reviewRiskPoint(user, f.id);
      return { ok: true, message: t.screeningRisks.reviewed };
    }
    await addRiskPoint(user, f.point);
    return { ok: true, message: t.screeningRisks.added };
  } catch (error) {
    return refused(error);
  }
}

export default function Risks({ loaderData }: Route.ComponentProps) {
  const { rows, units } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <Link to="/screening" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.screening.title}
      </Link>
      <PageTitle className="mt-2">{t.screeningRisks.title}</PageTitle>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      <Card as="div" className="table-wrap mt-4">
        <table className="w-full text-sm">
          <TableHead headers={t.screeningRisks.headers} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-stone-100 align-top">
                <td className="px-3 py-2 whitespace-nowrap">{r.unit}</td>
                <td className="px-3 py-2 whitespace-nowrap">{RISK_CATEGORIES[r.category]}</td>
                <td className="px-3 py-2">{r.name}</td>
                <td className={`px-3 py-2 ${r.level === "high" ? "text-red-700" : ""}`}>{RISK_LEVELS[r.level]}</td>
                <td className="px-3 py-2">{r.measures}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {r.reviewDue ? <span className="text-amber-800">{t.screeningRisks.reviewDue}</span> : formatDate(r.reviewedAt!)}
                  {r.canReview ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="review" />
                      <input type="hidden" name="id" value={r.id} />
                      <button type="submit" className="text-xs text-brand-700 hover:underline">
                        {t.screeningRisks.review}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="px-5 py-4 text-sm text-stone-500">{t.screeningRisks.empty}</p> : null}
      </Card>
      {units.length ? (
        <Form method="post" className={`${CARD} mt-6 grid gap-3 p-5 md:grid-cols-3`}>
          <Select name="unitId" aria-label={t.screeningRisks.unit} options={nameOptions(units)} />
          <Select name="category" aria-label={t.screeningRisks.category} options={RISK_CATEGORIES} />
          <Select name="level" aria-label={t.screeningRisks.level} options={RISK_LEVELS} />
          <input name="name" placeholder={t.screeningRisks.namePlaceholder} aria-label={t.screeningRisks.name} className={inputClass} />
          <input name="measures" placeholder={t.screeningRisks.measures} aria-label={t.screeningRisks.measures} className={`${inputClass} md:col-span-2`} />
          <div>
            <Button type="submit" disabled={busy}>
              {t.screeningRisks.add}
            </Button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
