import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { clearSessionCookie, invalidateSession, readSessionToken, validateSessionToken } from "#app/modules/identity/session.server.ts";

export async function action({ request }: Route.ActionArgs) {
  const token = readSessionToken(request);
  const session = token ? await validateSessionToken(token) : null;
  if (session) await invalidateSession(session.id);
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}

export function loader() {
  return redirect("/");
}
