import { data, Form, Link, redirect, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/screening";
import { Button, inputClass, Notice, Select, nameOptions } from "#app/components/form.tsx";
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { optionalText } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { openPortraitRound, screeningHome } from "#app/modules/screening/portrait.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { beijingYear } from "#app/lib/time.ts";
import { CARD, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.screening.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const year = beijingYear();
  const mine = await db.selfInspection.findUnique({ where: { userId_year: { userId: user.id, year } } });
  return { ...(await screeningHome(user)), self: mine?.status ?? null };
}

// Opening a round: the branch chosen and an optional name (blank takes the branch's default title).
const openForm = z.object({ unitId: z.string().max(64).prefault(""), title: optionalText(200) });

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(await readForm(request), openForm);
  if (!parsed.ok) return parsed.reply;
  try {
    const round = await openPortraitRound(user, parsed.value.unitId, parsed.value.title);
    return redirect(`/screening/portraits/${round.id}`);
  } catch (error) {
    if (error instanceof DomainError) return data({ message: error.message }, { status: error.status });
    throw error;
  }
}

export default function Screening({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { rounds, branches, oversight, author, self } = loaderData;
  const card = `${CARD} p-5`;
  return (
    <div>
      <PageTitle >{t.screening.title}</PageTitle>
      <p className="mt-1 text-stone-600">{t.screening.intro}</p>
      <div className="mt-6 grid gap-4 md:grid-cols-2 lg:grid-cols-3">
        <Link to="/screening/self" className={`${card} hover:ring-brand-600`}>
          <h2 className="font-semibold text-stone-900">{t.screeningSelf.title}</h2>
          <p className="mt-1 text-sm text-stone-600">{self === "submitted" ? t.screening.selfStatus.submitted : self === "draft" ? t.screening.selfStatus.draft : t.screening.selfStatus.none}</p>
        </Link>
        <Link to="/screening/ledger" className={`${card} hover:ring-brand-600`}>
          <h2 className="font-semibold text-stone-900">{t.screeningLedger.title}</h2>
          <p className="mt-1 text-sm text-stone-600">{t.screening.ledgerCard}</p>
        </Link>
        <Link to="/screening/risks" className={`${card} hover:ring-brand-600`}>
          <h2 className="font-semibold text-stone-900">{t.screeningRisks.title}</h2>
          <p className="mt-1 text-sm text-stone-600">{t.screening.risksCard}</p>
        </Link>
        {oversight ? (
          <Link to="/screening/year-end" className={`${card} hover:ring-brand-600`}>
            <h2 className="font-semibold text-stone-900">{t.screeningYearEnd.title}</h2>
            <p className="mt-1 text-sm text-stone-600">{t.screening.yearEndCard}</p>
          </Link>
        ) : null}
        {oversight ? (
          <Link to="/screening/filed" className={`${card} hover:ring-brand-600`}>
            <h2 className="font-semibold text-stone-900">{t.screeningFiled.title}</h2>
            <p className="mt-1 text-sm text-stone-600">{t.screening.filedCard}</p>
          </Link>
        ) : null}
        {author ? (
          <Link to="/screening/checklist" className={`${card} hover:ring-brand-600`}>
            <h2 className="font-semibold text-stone-900">{t.screeningChecklist.title}</h2>
            <p className="mt-1 text-sm text-stone-600">{t.screening.checklistCard}</p>
          </Link>
        ) : null}
      </div>
      <section className={`${card} mt-6`}>
        <h2 className="font-semibold text-stone-900">{t.screening.portraits}</h2>
        <ul className="mt-3 divide-y divide-stone-100">
          {rounds.map((r) => (
            <li key={r.id} className="flex gap-3 py-2">
              <Link to={`/screening/portraits/${r.id}`} className="flex-1 text-brand-700 hover:underline">
                {r.title}
              </Link>
              <span className="text-sm text-stone-500">{r.unit}</span>
            </li>
          ))}
          {rounds.length === 0 ? <li className="py-2 text-sm text-stone-500">{t.screening.noPortraits}</li> : null}
        </ul>
        {branches.length ? (
          <Form method="post" className="mt-4 flex flex-wrap gap-2">
            {result?.message ? <Notice kind="error">{result.message}</Notice> : null}
            <Select name="unitId" aria-label={t.screening.branch} className={`${inputClass} !mt-0 w-auto`} options={nameOptions(branches)} />
            <input name="title" placeholder={t.screening.portraitNamePlaceholder} aria-label={t.screening.portraitName} className={`${inputClass} !mt-0 w-56`} />
            <Button type="submit" disabled={busy}>
              {t.screening.openPortrait}
            </Button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
