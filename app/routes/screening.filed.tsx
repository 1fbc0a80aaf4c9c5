import { Link } from "react-router";
import type { Route } from "./+types/screening.filed";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { scopesFor } from "#app/modules/identity/permissions.server.ts";
import { AREA_LABELS, RESPONSES, SOURCES } from "#app/modules/screening/areas.ts";
import { TableHead } from "#app/components/table.tsx";
import { formatDate } from "#app/lib/time.ts";
import { inSubtrees } from "#app/modules/identity/org.server.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.screeningFiled.title} · ${t.app.name}` }];

/** Finalised portrait lists, as sent to the discipline-inspection group, for the units in scope. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "oversight.read", "global");
  const units = await db.orgUnit.findMany({ where: inSubtrees(scopesFor(user, "oversight.read")), select: { id: true, name: true } });
  const names = new Map(units.map((u) => [u.id, u.name]));
  const problems = await db.portraitProblem.findMany({
    where: { finalised: true, round: { unitId: { in: units.map((u) => u.id) } } },
    include: { round: { select: { id: true, unitId: true, title: true } }, talks: true },
    orderBy: { finalisedAt: "desc" },
    take: 300,
  });
  const people = new Map((await db.user.findMany({ where: { id: { in: problems.map((p) => p.subjectId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return {
    problems: problems.map((p) => ({
      id: p.id,
      roundId: p.round.id,
      subject: people.get(p.subjectId) ?? "",
      unit: names.get(p.round.unitId) ?? "",
      source: SOURCES[p.source],
      area: AREA_LABELS[p.area] ?? p.area,
      description: p.description,
      response: RESPONSES[p.response],
      dispute: p.response === "disputed" ? { note: p.responseNote, ruling: p.ruling } : null,
      earlySign: p.earlySign,
      talks: p.talks.length,
      at: p.finalisedAt?.toISOString() ?? "",
    })),
  };
}

export default function Filed({ loaderData }: Route.ComponentProps) {
  return (
    <div>
      <Link to="/screening" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.screening.title}
      </Link>
      <PageTitle className="mt-2">{t.screeningFiled.title}</PageTitle>
      <p className="mt-1 text-stone-600">{t.screeningFiled.intro}</p>
      <Card as="div" className="table-wrap mt-4">
        <table className="w-full text-sm" data-testid="filed">
          <TableHead headers={t.screeningFiled.headers} nowrap />
          <tbody>
            {loaderData.problems.map((p) => (
              <tr key={p.id} className="border-t border-stone-100 align-top">
                <td className="px-3 py-2 whitespace-nowrap">
                  <Link to={`/screening/portraits/${p.roundId}`} className="text-brand-700 hover:underline">
                    {p.subject}
                  </Link>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{p.unit}</td>
                <td className="px-3 py-2 whitespace-nowrap">{p.source}</td>
                <td className="px-3 py-2 whitespace-nowrap">{p.area}</td>
                <td className="px-3 py-2">
                  {p.description}
                  {p.earlySign ? <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">{t.screeningFiled.earlySign}</span> : null}
                </td>
                <td className="px-3 py-2">
                  {p.response}
                  {p.dispute ? <span className="block text-xs text-stone-600">{t.file.dispute(p.dispute.note, p.dispute.ruling)}</span> : null}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{p.talks ? t.screeningFiled.talks(p.talks) : "—"}</td>
                <td className="px-3 py-2 whitespace-nowrap">{p.at ? formatDate(p.at) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {loaderData.problems.length === 0 ? <p className="px-5 py-4 text-sm text-stone-500">{t.screeningFiled.empty}</p> : null}
      </Card>
    </div>
  );
}
