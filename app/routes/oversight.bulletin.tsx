import { Form, Link } from "react-router";
import type { Route } from "./+types/oversight.bulletin";
import { PrintButton } from "#app/components/reading-progress.tsx";
import { inputClass, Select } from "#app/components/form.tsx";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUnitInScope } from "#app/modules/identity/auth.server.ts";
import { bulletin, bulletinQuery } from "#app/modules/oversight/bulletin.server.ts";
import { PERIODS } from "#app/modules/oversight/shared.ts";
import { FigureRules } from "#app/components/figure-rules.tsx";
import { formatTimestamp } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.b.title ?? t.oversight.bulletin} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const { unit } = await requireUnitInScope(request, "oversight.read");
  const q = parseQuery(request, bulletinQuery);
  if (!q.ok) throw q.reply;
  const { period: kind, at } = q.value;
  const b = (await bulletin(unit.id, kind, at))!;
  return { b, at, kind };
}

const B = t.oversightBulletin;

export default function Bulletin({ loaderData }: Route.ComponentProps) {
  const { b, at, kind } = loaderData;
  const lagging = b.rows.filter((r) => r.lagging);
  return (
    <div className="mx-auto max-w-5xl">
      <div className="no-print flex flex-wrap items-end gap-3">
        <Link to={`/oversight?unit=${b.unit.id}`} className="text-sm text-stone-500 hover:text-brand-700">
          ← {t.oversight.title}
        </Link>
        <Form method="get" className="ml-auto flex flex-wrap items-end gap-2">
          <input type="hidden" name="unit" value={b.unit.id} />
          <Select name="period" defaultValue={kind} aria-label={B.kind} className={`${inputClass} !mt-0 w-auto`} options={PERIODS} />
          <input type="month" name="at" defaultValue={at} aria-label={B.month} className={`${inputClass} !mt-0 w-auto`} />
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm text-white">
            {B.generate}
          </button>
          <a href={`/oversight/bulletin/export?unit=${b.unit.id}&period=${kind}&at=${at}`} className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm">
            {t.oversight.exportXlsx}
          </a>
          <PrintButton label={B.print} />
        </Form>
      </div>
      <Card as="article" className="mt-6 px-6 py-8 md:px-10">
        <PageTitle className="text-center">{b.title}</PageTitle>
        <p className="mt-2 text-center text-sm text-stone-500">
          {B.period(b.period.label, formatTimestamp(b.generatedAt))}
        </p>
        <h2 className="mt-8 border-l-4 border-brand-600 pl-3 font-bold">{B.overviewHeading}</h2>
        <p className="mt-3 leading-7 text-stone-700">
          {B.overview(b.assignments.map((a) => a.title), b.average === null ? "—" : `${b.average}%`)}
          {lagging.length ? B.laggingCount(lagging.length) : B.allOnTrack}
        </p>
        <h2 className="mt-8 border-l-4 border-brand-600 pl-3 font-bold">{B.unitsHeading}</h2>
        <div className="table-wrap mt-3">
          <table className="w-full border-collapse text-sm" data-testid="bulletin">
            <thead>
              <tr className="bg-stone-50 text-left">
                {[B.columns.unit, B.columns.people, B.columns.rate, B.columns.overdue, B.columns.lessons, B.columns.passRate, B.columns.attendances].map((h) => (
                  <th key={h} className="border border-stone-200 px-3 py-2 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((r) => (
                <tr key={r.unitId} className={r.lagging ? "bg-red-50/50" : ""}>
                  <td className="border border-stone-200 px-3 py-2">{r.unit}</td>
                  <td className="border border-stone-200 px-3 py-2">{r.people}</td>
                  <td className="border border-stone-200 px-3 py-2">{r.assignmentRate === null ? "—" : `${r.assignmentRate}%`}</td>
                  <td className="border border-stone-200 px-3 py-2">{r.overdue}</td>
                  <td className="border border-stone-200 px-3 py-2">{r.lessonsPerPerson}</td>
                  <td className="border border-stone-200 px-3 py-2">{r.examPassRate === null ? "—" : `${r.examPassRate}%`}</td>
                  <td className="border border-stone-200 px-3 py-2">{r.attendances}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <FigureRules />
        <h2 className="mt-8 border-l-4 border-brand-600 pl-3 font-bold">{B.ledgerHeading}</h2>
        <p className="mt-3 leading-7 text-stone-700" data-testid="bulletin-ledger">
          {B.ledger(b.ledger.opened, b.ledger.closed, b.ledger.overdue)}
        </p>
        <h2 className="mt-8 border-l-4 border-brand-600 pl-3 font-bold">{B.laggingHeading}</h2>
        {lagging.length ? (
          <ul className="mt-3 list-disc space-y-1 pl-6 text-stone-700">
            {lagging.map((r) => (
              <li key={r.unitId}>
                <strong>{r.unit}</strong>{B.lagging(r.reasons)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-stone-700">{B.none}</p>
        )}
      </Card>
    </div>
  );
}
