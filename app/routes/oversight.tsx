import { Link, redirect } from "react-router";
import type { Route } from "./+types/oversight";
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { orDefault, text } from "#app/lib/form-fields.ts";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, requirePermission } from "#app/modules/identity/auth.server.ts";
import { scopesFor } from "#app/modules/identity/permissions.server.ts";
import { oversightPolicy } from "#app/modules/oversight/policy.server.ts";
import { charts, rollup } from "#app/modules/oversight/rollup.server.ts";
import { SEVEN_ONES, sevenOnesByUnit } from "#app/modules/activities/seven-ones.server.ts";
import { countsOver, rate } from "#app/modules/oversight/shared.ts";
import { FigureRules } from "#app/components/figure-rules.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.r.unit.name ?? ""}${t.oversight.title} · ${t.app.name}` }];

import { cellText, STATE } from "#app/modules/oversight/shared.ts";
import { beijingYear, formatDate } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

/** `?unit=`: the unit whose figures are shown; none means the top of the viewer's scope. */
const unitQuery = z.object({ unit: orDefault(() => null, text({ max: 64 })) });

/** The page names the first overdue; the xlsx export has them all. */
const OVERDUE_SHOWN = 200;

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "oversight.read", "global");
  const q = parseQuery(request, unitQuery);
  if (!q.ok) throw q.reply;
  const unitId = q.value.unit;
  if (!unitId) {
    const top = scopesFor(user, "oversight.read")[0]!;
    const id = top.split("/").filter(Boolean).at(-1)!;
    throw redirect(`/oversight?unit=${id}`);
  }
  const unit = await db.orgUnit.findUnique({ where: { id: unitId } });
  if (!unit) throw notFound(t.oversight.unitMissing);
  const policy = oversightPolicy(user, unit);
  if (!policy.read) throw forbidden();
  const r = (await rollup(unit.id, new Date(), { overdueLimit: OVERDUE_SHOWN }))!;
  const ancestors = await db.orgUnit.findMany({ where: { id: { in: unit.path.split("/").filter(Boolean) } }, orderBy: { depth: "asc" } });
  return {
    r,
    crumbs: ancestors.filter((a) => oversightPolicy(user, a).read).map((a) => ({ id: a.id, name: a.name })),
    charts: await charts(unit.path),
    seven: await sevenOnesByUnit(unit.id, beijingYear()),
    sevenItems: SEVEN_ONES.map((i) => ({ key: i.key, label: i.short })),
    canReadFiles: policy.readFiles,
  };
}

function Bar({ value, max, label }: { value: number; max: number; label: string }) {
  return (
    <div className="flex flex-1 flex-col items-center gap-1" title={t.oversight.bar(label, value)}>
      <span className="text-[10px] text-stone-500">{value || ""}</span>
      <div className="w-full rounded-t bg-brand-600/80" style={{ height: `${max ? (value / max) * 80 : 0}px` }} />
      <span className="text-[10px] text-stone-500">{label}</span>
    </div>
  );
}

export default function Oversight({ loaderData }: Route.ComponentProps) {
  const { r, crumbs, charts: c, canReadFiles, seven, sevenItems } = loaderData;
  const maxWeek = Math.max(1, ...c.perWeek.map((w) => w.count));
  const maxBand = Math.max(1, ...c.scoreBands.map((b) => b.count));
  return (
    <div className="space-y-6">
      <nav className="text-sm text-stone-500" aria-label={t.oversight.crumbs}>
        {crumbs.map((x, i) => (
          <span key={x.id}>
            {i > 0 ? <span className="mx-2">/</span> : null}
            <Link to={`?unit=${x.id}`} className="hover:text-brand-700">
              {x.name}
            </Link>
          </span>
        ))}
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <PageTitle className="flex-1">
          {r.unit.name} · {t.oversight.title}
        </PageTitle>
        <Link to={`/oversight/bulletin?unit=${r.unit.id}`} className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm hover:bg-stone-50">
          {t.oversight.makeBulletin}
        </Link>
      </div>

      <Card >
        <div className="flex items-center justify-between border-b border-stone-100 px-5 py-3">
          <h2 className="font-semibold text-stone-900">{r.people.length ? t.oversight.peopleTable : t.oversight.unitsTable}</h2>
          <a href={`/oversight/export?unit=${r.unit.id}&table=${r.people.length ? "people" : "units"}`} className="text-sm text-brand-700 hover:underline" data-testid="export-xlsx">
            {t.oversight.exportXlsx}
          </a>
        </div>
        <div className="table-wrap">
          <table className="w-full text-sm" data-testid="rollup">
            <thead className="bg-stone-50 text-left text-stone-600">
              <tr>
                <th className="px-4 py-2 font-medium">{r.people.length ? t.oversight.columns.name : t.oversight.columns.unit}</th>
                {r.assignments.map((a) => (
                  <th key={a.id} className="px-4 py-2 font-medium">
                    {a.title}
                    <span className="block text-xs font-normal text-stone-500">{t.oversight.due(formatDate(a.dueAt))}</span>
                  </th>
                ))}
                {r.people.length ? null : <th className="px-4 py-2 font-medium">{t.oversight.columns.totalRate}</th>}
              </tr>
            </thead>
            <tbody>
              {r.people.length
                ? r.people.map((p) => (
                    <tr key={p.id} className="border-t border-stone-100">
                      <td className="px-4 py-2">
                        {canReadFiles ? (
                          <Link to={`/people/${p.id}/file`} className="text-brand-700 hover:underline">
                            {p.name}
                          </Link>
                        ) : (
                          p.name
                        )}
                        <span className="block text-xs text-stone-500">{p.position}</span>
                      </td>
                      {r.assignments.map((a) => {
                        const cell = p.cells[a.id];
                        return (
                          <td key={a.id} className={`px-4 py-2 ${cell?.state === "overdue" ? "text-red-700" : cell?.state === "done" ? "text-green-700" : "text-stone-600"}`}>
                            {cell ? `${STATE[cell.state]} · ${cell.detail}` : "—"}
                          </td>
                        );
                      })}
                    </tr>
                  ))
                : r.units.map((u) => (
                    <tr key={u.id} className="border-t border-stone-100">
                      <td className="px-4 py-2">
                        {u.id !== r.unit.id ? (
                          <Link to={`?unit=${u.id}`} className="text-brand-700 hover:underline">
                            {u.name}
                          </Link>
                        ) : (
                          u.name
                        )}
                      </td>
                      {r.assignments.map((a) => (
                        <td key={a.id} className="px-4 py-2">
                          {cellText(u.cells[a.id])}
                          {u.cells[a.id]?.overdue ? <span className="block text-xs text-red-700">{t.oversight.overdueCount(u.cells[a.id]!.overdue)}</span> : null}
                        </td>
                      ))}
                      <td className="px-4 py-2 font-medium">{rate(countsOver(u, null)) === null ? "—" : `${rate(countsOver(u, null))}%`}</td>
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>
        {r.assignments.length === 0 ? <p className="px-5 py-4 text-sm text-stone-500">{t.oversight.noAssignments}</p> : null}
        <FigureRules />
      </Card>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-5">
          <h2 className="font-semibold text-stone-900">{t.oversight.perWeek}</h2>
          <div className="mt-4 flex h-28 items-end gap-1" role="img" aria-label={t.oversight.perWeekLabel}>
            {c.perWeek.map((w) => (
              <Bar key={w.week} value={w.count} max={maxWeek} label={w.week} />
            ))}
          </div>
        </Card>
        <Card className="p-5">
          <h2 className="font-semibold text-stone-900">{t.oversight.scores(c.attempts)}</h2>
          <div className="mt-4 flex h-28 items-end gap-1" role="img" aria-label={t.oversight.scoresLabel}>
            {c.scoreBands.map((b) => (
              <Bar key={b.from} value={b.count} max={maxBand} label={String(b.from)} />
            ))}
          </div>
        </Card>
        <Card className="p-5">
          <h2 className="font-semibold text-stone-900">{t.oversight.mastery}</h2>
          <ul className="mt-3 space-y-2 text-sm">
            {c.mastery.map((m) => (
              <li key={m.discipline} className="flex items-center gap-2">
                <span className="w-16 shrink-0 text-stone-600">{t.disciplines[m.discipline]}</span>
                <span className="h-2 flex-1 overflow-hidden rounded-full bg-stone-100">
                  <span className="block h-full bg-emerald-600" style={{ width: `${m.percent ?? 0}%` }} />
                </span>
                <span className="w-12 text-right text-stone-600">{m.percent === null ? "—" : `${m.percent}%`}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>

      {seven ? (
        <Card >
          <h2 className="border-b border-stone-100 px-5 py-3 font-semibold text-stone-900">{t.oversight.sevenOnes}</h2>
          <div className="table-wrap">
            <table className="w-full text-sm" data-testid="seven-ones-units">
              <thead className="bg-stone-50 text-left text-stone-600">
                <tr>
                  <th className="px-4 py-2 font-medium">{t.oversight.columns.unit}</th>
                  {sevenItems.map((i) => (
                    <th key={i.key} className="px-3 py-2 font-medium">
                      {i.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {seven.map((u) => (
                  <tr key={u.unitId} className="border-t border-stone-100">
                    <td className="px-4 py-2">{u.unit}</td>
                    {sevenItems.map((i) => (
                      <td key={i.key} className="px-3 py-2">
                        {u.items[i.key]}/{u.people}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}

      <Card >
        <div className="flex items-center justify-between border-b border-stone-100 px-5 py-3">
          <h2 className="font-semibold text-stone-900">{t.oversight.overdueList(r.overdueTotal)}</h2>
          {r.overdue.length ? (
            <a href={`/oversight/export?unit=${r.unit.id}&table=overdue`} className="text-sm text-brand-700 hover:underline">
              {t.oversight.exportXlsx}
            </a>
          ) : null}
        </div>
        <div className="table-wrap">
          <table className="w-full text-sm">
            <tbody>
              {r.overdue.map((o, i) => (
                <tr key={i} className="border-t border-stone-100">
                  <td className="px-5 py-2">{o.person}</td>
                  <td className="px-5 py-2 text-stone-600">{o.unit}</td>
                  <td className="px-5 py-2">{o.assignment}</td>
                  <td className="px-5 py-2 text-red-700">{o.missing}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {r.overdue.length === 0 ? <p className="px-5 py-4 text-sm text-stone-500">{t.oversight.noOverdue}</p> : null}
        {r.overdueTotal > r.overdue.length ? <p className="border-t border-stone-100 px-5 py-3 text-sm text-stone-500">{t.oversight.overdueShown(r.overdue.length, r.overdueTotal)}</p> : null}
      </Card>
    </div>
  );
}
