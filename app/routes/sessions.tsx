import { Link } from "react-router";
import type { Route } from "./+types/sessions";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { sessionPolicy } from "#app/modules/learning/policy.server.ts";
import { OFFLINE_KINDS } from "#app/modules/learning/assignments.server.ts";
import { sessionsFor } from "#app/modules/learning/offline.server.ts";
import { formatWeekdayTime } from "#app/lib/time.ts";
import { CARD, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.sessions.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const sessions = await sessionsFor(user.unitPath);
  const attended = new Set((await db.attendance.findMany({ where: { userId: user.id, sessionId: { in: sessions.map((s) => s.id) } }, select: { sessionId: true } })).map((a) => a.sessionId));
  return {
    canManage: sessionPolicy(user, "global").manage,
    sessions: sessions.map((s) => ({ id: s.id, kind: OFFLINE_KINDS[s.kind] ?? s.kind, title: s.title, place: s.place, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), attended: attended.has(s.id) })),
  };
}

export default function Sessions({ loaderData }: Route.ComponentProps) {
  return (
    <div className="max-w-3xl">
      <div className="flex items-center justify-between">
        <PageTitle >{t.sessions.title}</PageTitle>
        {loaderData.canManage ? (
          <Link to="/manage/sessions" className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm hover:bg-stone-50">
            {t.sessions.manage}
          </Link>
        ) : null}
      </div>
      <p className="mt-1 text-stone-600">{t.sessionsPage.intro}</p>
      <ul className="mt-6 space-y-3">
        {loaderData.sessions.map((s) => (
          <li key={s.id} className={`${CARD} p-5`}>
            <div className="flex items-start gap-3">
              <span className="rounded bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-700">{s.kind}</span>
              <p className="flex-1 font-semibold text-stone-900">{s.title}</p>
              {s.attended ? <span className="text-sm text-green-700">✓ {t.sessions.attended}</span> : null}
            </div>
            <p className="mt-2 text-sm text-stone-600">
              {formatWeekdayTime(new Date(s.startsAt))} — {formatWeekdayTime(new Date(s.endsAt))} · {s.place}
            </p>
          </li>
        ))}
      </ul>
      {loaderData.sessions.length === 0 ? <p className={`${CARD} mt-6 p-5 text-stone-600`}>{t.sessionsPage.none}</p> : null}
    </div>
  );
}
