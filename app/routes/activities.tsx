import { Link } from "react-router";
import type { Route } from "./+types/activities";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { workPolicy } from "#app/modules/activities/policy.server.ts";
import { WORK_KINDS_LABEL, WORK_STATUS_LABEL } from "#app/modules/activities/labels.ts";
import { sevenOnes } from "#app/modules/activities/seven-ones.server.ts";
import { beijingYear } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.activities.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const year = beijingYear();
  const [items, works, writings] = await Promise.all([
    sevenOnes(user.id, year),
    db.work.findMany({ where: { userId: user.id }, orderBy: { updatedAt: "desc" } }),
    db.reflection.findMany({ where: { userId: user.id }, orderBy: { updatedAt: "desc" } }),
  ]);
  return {
    year,
    items,
    works: works.map((w) => ({ id: w.id, title: w.title, kind: w.kind, status: w.status })),
    writings: writings.map((w) => ({ id: w.id, title: w.title, kind: w.kind, status: w.status })),
    canReview: workPolicy(user, "global").review,
  };
}

export default function Activities({ loaderData }: Route.ComponentProps) {
  const { items, works, writings, year, canReview } = loaderData;
  const done = items.filter((i) => i.evidence).length;
  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <PageTitle >{t.activities.title}</PageTitle>
        <div className="flex flex-wrap gap-2 text-sm">
          <Link to="/showcase" className="rounded-md border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-50">
            {t.activities.showcase}
          </Link>
          {canReview ? (
            <Link to="/review" className="rounded-md border border-stone-300 bg-white px-3 py-1.5 hover:bg-stone-50">
              {t.activities.review}
            </Link>
          ) : null}
        </div>
      </div>
      <Card className="mt-6 p-5" aria-labelledby="seven">
        <h2 id="seven" className="font-semibold text-stone-900">
          {t.activities.sevenOnesOfYear(year)}
          <span className="ml-3 text-sm font-normal text-stone-500">{t.activities.sevenOnesDone(done)}</span>
        </h2>
        <p className="mt-1 text-sm text-stone-500">{t.activities.sevenOnesHint}</p>
        <ul className="mt-4 grid gap-2 sm:grid-cols-2" data-testid="seven-ones">
          {items.map((i) => (
            <li key={i.key} className={`flex items-center gap-3 rounded-lg border px-4 py-3 ${i.evidence ? "border-green-200 bg-green-50" : "border-stone-200"}`} data-done={i.evidence ? "yes" : "no"}>
              <span className={`flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-sm ${i.evidence ? "bg-green-600 text-white" : "bg-stone-200 text-stone-500"}`}>
                {i.evidence ? "✓" : ""}
              </span>
              <span className="flex-1">
                <span className="font-medium text-stone-900">{i.label}</span>
                {i.evidence ? (
                  <Link to={i.evidence.href} className="block text-sm text-green-800 hover:underline">
                    {i.evidence.name}
                  </Link>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      </Card>
      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card className="p-5">
          <div className="flex items-center justify-between">
            <h2 className="font-semibold text-stone-900">{t.activities.works}</h2>
            <Link to="/works/new" className="text-sm text-brand-700 hover:underline">
              {t.activities.submitWork}
            </Link>
          </div>
          <ul className="mt-3 space-y-2 text-sm">
            {works.map((w) => (
              <li key={w.id} className="flex gap-2">
                <Link to={`/works/${w.id}`} className="flex-1 text-brand-700 hover:underline">
                  {t.activities.titled(WORK_KINDS_LABEL[w.kind] ?? "", w.title)}
                </Link>
                <span className="text-stone-500">{WORK_STATUS_LABEL[w.status]}</span>
              </li>
            ))}
            {works.length === 0 ? <li className="text-stone-500">{t.activities.noWorks}</li> : null}
          </ul>
        </Card>
        <Card className="p-5">
          <div className="flex items-center justify-between">
            <h2 className="font-semibold text-stone-900">{t.activities.writings}</h2>
            <span className="flex gap-3 text-sm">
              <Link to="/writing/new?kind=message" className="text-brand-700 hover:underline">
                {t.activities.writeMessage}
              </Link>
              <Link to="/writing/new?kind=reflection" className="text-brand-700 hover:underline">
                {t.activities.writeReflection}
              </Link>
            </span>
          </div>
          <ul className="mt-3 space-y-2 text-sm">
            {writings.map((w) => (
              <li key={w.id} className="flex gap-2">
                <Link to={`/writing/${w.id}`} className="flex-1 text-brand-700 hover:underline">
                  {w.title}
                </Link>
                <span className="text-stone-500">{w.status === "submitted" ? t.activities.submitted : t.activities.draft}</span>
              </li>
            ))}
            {writings.length === 0 ? <li className="text-stone-500">{t.activities.noWritings}</li> : null}
          </ul>
        </Card>
        <Card className="space-y-3 p-5">
          <h2 className="font-semibold text-stone-900">{t.activities.more}</h2>
          <Link to="/pledge" className="block text-brand-700 hover:underline">
            {t.activities.pledge}
          </Link>
          <Link to="/discussions" className="block text-brand-700 hover:underline">
            {t.activities.discussionsWithTemplates}
          </Link>
          <Link to="/sessions" className="block text-brand-700 hover:underline">
            {t.nav.sessions}
          </Link>
        </Card>
      </div>
    </div>
  );
}
