import { Link } from "react-router";
import type { Route } from "./+types/showcase";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { WORK_KINDS_LABEL } from "#app/modules/activities/labels.ts";
import { showcaseWorks } from "#app/modules/activities/works.server.ts";
import { CARD, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.activities.showcase} · ${t.app.name}` }];

/** Approved works, the unit showcase (典型带动). */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const works = await showcaseWorks(user);
  const people = new Map((await db.user.findMany({ where: { id: { in: works.map((w) => w.userId) } }, include: { unit: { select: { name: true } } } })).map((u) => [u.id, u]));
  const files = new Map((await db.storedFile.findMany({ where: { id: { in: works.map((w) => w.versions[0]?.fileId ?? "") } }, select: { id: true, mime: true } })).map((f) => [f.id, f.mime]));
  return {
    works: works.map((w) => ({
      id: w.id,
      title: w.title,
      kind: w.kind,
      nominated: w.nominated,
      author: people.get(w.userId)?.name ?? "",
      unit: people.get(w.userId)?.unit.name ?? "",
      image: w.versions[0] && files.get(w.versions[0].fileId)?.startsWith("image/") ? `/files/${w.versions[0].fileId}` : null,
    })),
  };
}

export default function Showcase({ loaderData }: Route.ComponentProps) {
  return (
    <div>
      <PageTitle >{t.activities.showcase}</PageTitle>
      <p className="mt-1 text-stone-600">{t.activityShowcase.intro}</p>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {loaderData.works.map((w) => (
          <li key={w.id} className={`${CARD} overflow-hidden`}>
            {w.image ? <img src={w.image} alt={w.title} className="h-44 w-full object-cover" /> : <div className="flex h-44 items-center justify-center bg-brand-50 text-4xl text-brand-600">▶</div>}
            <div className="p-4">
              <Link to={`/works/${w.id}`} className="font-semibold text-stone-900 hover:text-brand-700">
                {w.title}
              </Link>
              <p className="mt-1 text-sm text-stone-500">
                {WORK_KINDS_LABEL[w.kind]} · {w.author} · {w.unit}
              </p>
              {w.nominated ? <span className="mt-2 inline-block rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">{t.activityShowcase.nominated}</span> : null}
            </div>
          </li>
        ))}
      </ul>
      {loaderData.works.length === 0 ? <p className="mt-6 text-stone-500">{t.activityShowcase.empty}</p> : null}
    </div>
  );
}
