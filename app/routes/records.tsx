import type { Route } from "./+types/records";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { recordsOf } from "#app/modules/records/records.server.ts";
import { formatDateTime } from "#app/lib/time.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.records.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const rows = await recordsOf(user.id);
  return {
    records: rows.map((r) => {
      const result = JSON.parse(r.resultJson) as { score?: { raw: number; max: number } };
      return {
        id: r.id,
        verb: r.verb,
        object: r.objectName,
        time: r.timestamp.toISOString(),
        score: result.score ? `${result.score.raw} / ${result.score.max}` : null,
      };
    }),
  };
}

export default function Records({ loaderData }: Route.ComponentProps) {
  const { records } = loaderData;
  return (
    <div>
      <PageTitle >{t.records.title}</PageTitle>
      {records.length === 0 ? (
        <p className={`${CARD} mt-6 p-6 text-stone-600`}>{t.records.empty}</p>
      ) : (
        <Card as="ul" className="mt-6 divide-y divide-stone-100" data-testid="records">
          {records.map((r) => (
            <li key={r.id} className="flex flex-col gap-1 px-5 py-4 sm:flex-row sm:items-center sm:gap-4">
              <time className="shrink-0 text-sm text-stone-500 sm:w-44" dateTime={r.time}>
                {formatDateTime(new Date(r.time))}
              </time>
              <span className="shrink-0 rounded bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-700">{t.records.verbs[r.verb] ?? r.verb}</span>
              <span className="flex-1 text-stone-900">{r.object}</span>
              {r.score ? <span className="font-semibold text-stone-700">{t.records.score(r.score)}</span> : null}
            </li>
          ))}
        </Card>
      )}
    </div>
  );
}
