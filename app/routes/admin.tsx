import { Link } from "react-router";
import type { Route } from "./+types/admin";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { scopesFor } from "#app/modules/identity/permissions.server.ts";
import { formatTimestamp } from "#app/lib/time.ts";
import { inSubtrees } from "#app/modules/identity/org.server.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.admin.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "user.manage", "global");
  const scopes = scopesFor(user, "user.manage");
  const unitWhere = inSubtrees(scopes);
  const [units, users, disabled, failures] = await Promise.all([
    db.orgUnit.count({ where: unitWhere }),
    db.user.count({ where: { unit: unitWhere } }),
    db.user.count({ where: { unit: unitWhere, active: false } }),
    db.loginAttempt.findMany({ where: { success: false }, orderBy: { id: "desc" }, take: 10 }),
  ]);
  return {
    units,
    users,
    disabled,
    failures: failures.map((f) => ({ id: f.id, username: f.username, ip: f.ip, reason: f.reason, at: f.createdAt.toISOString() })),
  };
}

export default function Admin({ loaderData }: Route.ComponentProps) {
  const cards = [
    { to: "/admin/units", title: t.admin.units, value: t.adminHome.unitCount(loaderData.units) },
    { to: "/admin/users", title: t.admin.users, value: t.adminHome.userCount(loaderData.users, loaderData.disabled) },
    { to: "/admin/import", title: t.admin.import, value: t.adminHome.importBlurb },
  ];
  return (
    <div>
      <PageTitle >{t.admin.title}</PageTitle>
      <div className="mt-6 grid gap-4 sm:grid-cols-3">
        {cards.map((c) => (
          <Link key={c.to} to={c.to} className={`${CARD} p-5 hover:ring-brand-600`}>
            <p className="font-semibold text-stone-900">{c.title}</p>
            <p className="mt-1 text-sm text-stone-600">{c.value}</p>
          </Link>
        ))}
      </div>
      <Card className="mt-8 p-5">
        <h2 className="font-semibold text-stone-900">{t.adminHome.failures}</h2>
        {loaderData.failures.length === 0 ? (
          <p className="mt-2 text-sm text-stone-500">{t.adminHome.noFailures}</p>
        ) : (
          <div className="table-wrap mt-3">
            <table className="w-full text-sm">
              <thead className="text-left text-stone-500">
                <tr>
                  <th className="py-1 pr-4 font-medium">{t.adminHome.columns.time}</th>
                  <th className="py-1 pr-4 font-medium">{t.adminHome.columns.username}</th>
                  <th className="py-1 pr-4 font-medium">{t.adminHome.columns.address}</th>
                  <th className="py-1 font-medium">{t.adminHome.columns.reason}</th>
                </tr>
              </thead>
              <tbody>
                {loaderData.failures.map((f) => (
                  <tr key={f.id} className="border-t border-stone-100">
                    <td className="py-1.5 pr-4 whitespace-nowrap">{formatTimestamp(f.at)}</td>
                    <td className="py-1.5 pr-4">{f.username}</td>
                    <td className="py-1.5 pr-4">{f.ip}</td>
                    <td className="py-1.5">{t.adminHome.reasons[f.reason] ?? f.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
