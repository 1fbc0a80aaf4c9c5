import type { Route } from "./+types/status";
import { t } from "#app/lib/strings.ts";
import { getCurrentUser } from "#app/modules/identity/auth.server.ts";

export const meta: Route.MetaFunction = () => [{ title: `${t.statusPage.title} · ${t.app.name}` }];

/** A minimal page that renders with or without a session (used to measure the cost of signing in). */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await getCurrentUser(request);
  return { signedIn: Boolean(user), time: new Date().toISOString() };
}

export default function Status({ loaderData }: Route.ComponentProps) {
  return (
    <main className="mx-auto max-w-md p-8 text-center">
      <h1 className="text-xl font-bold">{t.app.name}</h1>
      <p className="mt-2 text-stone-600">{t.statusPage.ok}{loaderData.signedIn ? t.statusPage.signedIn : ""}</p>
    </main>
  );
}
