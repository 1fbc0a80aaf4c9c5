import { Link } from "react-router";
import type { Route } from "./+types/pledge.status";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { scopesFor } from "#app/modules/identity/permissions.server.ts";
import { signatureStatus } from "#app/modules/activities/pledges.server.ts";
import { beijingYear } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.activityPledge.statusTitle} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "review.manage", "global");
  const year = beijingYear();
  const rows = (await Promise.all(scopesFor(user, "review.manage").map((p) => signatureStatus(p, year)))).flat();
  return { year, rows };
}

export default function PledgeStatus({ loaderData }: Route.ComponentProps) {
  const { rows, year } = loaderData;
  const signed = rows.filter((r) => r.signedAt).length;
  return (
    <div className="max-w-3xl">
      <Link to="/pledge" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.activities.pledge}
      </Link>
      <PageTitle className="mt-2">{t.activityPledge.statusHeading(year)}</PageTitle>
      <p className="mt-1 text-stone-600">
        {t.activityPledge.statusSummary(signed, rows.length - signed)}
      </p>
      <Card as="ul" className="mt-6 divide-y divide-stone-100" data-testid="pledge-status">
        {rows.map((r) => (
          <li key={r.id} className="flex gap-3 px-5 py-2 text-sm">
            <span className="w-24">{r.name}</span>
            <span className="flex-1 text-stone-500">{r.unit}</span>
            {r.signedAt ? <span className="text-green-700">{t.activityPledge.hasSigned}</span> : <span className="text-red-700">{t.activityPledge.notSigned}</span>}
          </li>
        ))}
      </Card>
    </div>
  );
}
