import type { Route } from "./+types/admin.audit";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { formatTimestamp } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.adminAudit.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "audit.read", "global");
  const rows = await db.fileAccessLog.findMany({ orderBy: { id: "desc" }, take: 200 });
  const people = new Map((await db.user.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => [r.viewerId, r.subjectId]))] } }, select: { id: true, name: true, username: true } })).map((u) => [u.id, u]));
  return { rows: rows.map((r) => ({ id: r.id, viewer: people.get(r.viewerId)?.name ?? r.viewerId, subject: people.get(r.subjectId)?.name ?? r.subjectId, kind: t.adminAudit.kinds[r.kind] ?? r.kind, ip: r.ip, at: r.at.toISOString() })) };
}

export default function Audit({ loaderData }: Route.ComponentProps) {
  return (
    <div>
      <PageTitle >{t.adminAudit.title}</PageTitle>
      <p className="mt-1 text-stone-600">{t.adminAudit.intro}</p>
      <Card as="div" className="table-wrap mt-6">
        <table className="w-full text-sm" data-testid="audit">
          <thead className="bg-stone-50 text-left text-stone-600">
            <tr>
              <th className="px-4 py-2 font-medium">{t.adminAudit.columns.time}</th>
              <th className="px-4 py-2 font-medium">{t.adminAudit.columns.viewer}</th>
              <th className="px-4 py-2 font-medium">{t.adminAudit.columns.subject}</th>
              <th className="px-4 py-2 font-medium">{t.adminAudit.columns.kind}</th>
              <th className="px-4 py-2 font-medium">{t.adminAudit.columns.address}</th>
            </tr>
          </thead>
          <tbody>
            {loaderData.rows.map((r) => (
              <tr key={r.id} className="border-t border-stone-100">
                <td className="px-4 py-2 whitespace-nowrap">{formatTimestamp(r.at)}</td>
                <td className="px-4 py-2">{r.viewer}</td>
                <td className="px-4 py-2">{r.subject}</td>
                <td className="px-4 py-2">{r.kind}</td>
                <td className="px-4 py-2">{r.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
