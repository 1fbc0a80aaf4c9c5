import { Link } from "react-router";
import type { Route } from "./+types/review";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { scopesFor } from "#app/modules/identity/permissions.server.ts";
import { WORK_KINDS_LABEL } from "#app/modules/activities/labels.ts";
import { inSubtrees } from "#app/modules/identity/org.server.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.activities.review} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requirePermission(request, "review.manage", "global");
  const units = await db.orgUnit.findMany({ where: inSubtrees(scopesFor(user, "review.manage")), select: { id: true, name: true } });
  const names = new Map(units.map((u) => [u.id, u.name]));
  const works = await db.work.findMany({ where: { unitId: { in: units.map((u) => u.id) }, status: "submitted" }, orderBy: { updatedAt: "asc" } });
  const writings = await db.reflection.findMany({ where: { unitId: { in: units.map((u) => u.id) }, status: "submitted" }, orderBy: { submittedAt: "desc" }, take: 50, include: { _count: { select: { comments: true } } } });
  const people = new Map((await db.user.findMany({ where: { id: { in: [...works.map((w) => w.userId), ...writings.map((w) => w.userId)] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return {
    works: works.map((w) => ({ id: w.id, title: w.title, kind: w.kind, author: people.get(w.userId) ?? "", unit: names.get(w.unitId) ?? "" })),
    writings: writings.map((w) => ({ id: w.id, title: w.title, author: people.get(w.userId) ?? "", comments: w._count.comments })),
  };
}

export default function Review({ loaderData }: Route.ComponentProps) {
  return (
    <div className="max-w-4xl space-y-6">
      <PageTitle >{t.activities.review}</PageTitle>
      <Card >
        <h2 className="border-b border-stone-100 px-5 py-3 font-semibold">{t.activityReview.pendingWorks(loaderData.works.length)}</h2>
        <ul className="divide-y divide-stone-100" data-testid="review-queue">
          {loaderData.works.map((w) => (
            <li key={w.id} className="flex gap-3 px-5 py-2.5 text-sm">
              <Link to={`/works/${w.id}`} className="flex-1 text-brand-700 hover:underline">
                {t.activities.titled(WORK_KINDS_LABEL[w.kind] ?? "", w.title)}
              </Link>
              <span className="text-stone-500">
                {w.author} · {w.unit}
              </span>
            </li>
          ))}
          {loaderData.works.length === 0 ? <li className="px-5 py-3 text-sm text-stone-500">{t.activityReview.noPendingWorks}</li> : null}
        </ul>
      </Card>
      <Card >
        <h2 className="border-b border-stone-100 px-5 py-3 font-semibold">{t.activityReview.recentWritings}</h2>
        <ul className="divide-y divide-stone-100">
          {loaderData.writings.map((w) => (
            <li key={w.id} className="flex gap-3 px-5 py-2.5 text-sm">
              <Link to={`/writing/${w.id}`} className="flex-1 text-brand-700 hover:underline">
                {w.title}
              </Link>
              <span className="text-stone-500">
                {w.author} · {t.activityReview.commentCount(w.comments)}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
