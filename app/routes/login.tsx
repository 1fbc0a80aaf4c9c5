import { data, Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import type { Route } from "./+types/login";
import { clientIp } from "#app/lib/context.ts";
import { z } from "zod";
import { text } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { getCurrentUser, safeRedirect } from "#app/modules/identity/auth.server.ts";
import { deviceCookieHeader } from "#app/modules/identity/device-cookie.server.ts";
import { login } from "#app/modules/identity/login.server.ts";
import { sessionCookie } from "#app/modules/identity/session.server.ts";
import { CARD } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.login.title} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  // Checked here once, so the form only ever carries an in-site path back.
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), url.origin);
  const user = await getCurrentUser(request);
  if (user) throw redirect(redirectTo);
  return { redirectTo };
}

// The sign-in form. A missing or oversized name or password is refused here, before the limiter
// counts an attempt or a password is verified; redirectTo is whatever was sent, for safeRedirect to judge.
const loginForm = z.object({
  username: text({ max: 100, message: t.login.missing, tooLong: t.login.missing }),
  password: z.string({ error: t.login.missing }).min(1, t.login.missing).max(200, t.login.missing),
  redirectTo: z.unknown().optional(),
});

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(form, loginForm);
  if (!parsed.ok) {
    // What was typed goes back into the box, unless the name itself was refused.
    const typed = form.get("username");
    return data({ error: parsed.message, username: !parsed.fieldErrors.username && typeof typed === "string" ? typed.trim() : "" }, { status: 400 });
  }
  const { username, password } = parsed.value;
  const redirectTo = safeRedirect(parsed.value.redirectTo, new URL(request.url).origin);
  const result = await login({
    username,
    password,
    ip: clientIp(context, request),
    userAgent: request.headers.get("user-agent") ?? "",
    cookieHeader: request.headers.get("cookie"),
  });
  if (!result.ok) return data({ error: result.message, username }, { status: result.status });
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(request, result.token, result.expiresAt));
  headers.append("Set-Cookie", deviceCookieHeader(request, result.device));
  return redirect(redirectTo, { headers });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const { redirectTo } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-stone-100 px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mx-auto flex h-14 w-14 items-center justify-center rounded-full bg-brand-600 text-2xl font-bold text-white">{t.app.logo}</div>
          <h1 className="mt-4 text-2xl font-bold tracking-wide text-stone-900">{t.app.name}</h1>
          <p className="mt-1 text-sm text-stone-600">{t.app.tagline}</p>
        </div>
        <Form method="post" className={`${CARD} p-6`} noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <label className="block text-sm font-medium text-stone-700" htmlFor="username">
            {t.login.username}
          </label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            defaultValue={actionData?.username ?? ""}
            className="mt-1 block w-full rounded-md border border-stone-300 px-3 py-2 text-base focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none"
          />
          <label className="mt-4 block text-sm font-medium text-stone-700" htmlFor="password">
            {t.login.password}
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="mt-1 block w-full rounded-md border border-stone-300 px-3 py-2 text-base focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none"
          />
          {actionData?.error ? (
            <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
              {actionData.error}
            </p>
          ) : null}
          <button
            type="submit"
            disabled={busy}
            className="mt-6 w-full rounded-md bg-brand-600 px-4 py-2.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
          >
            {busy ? t.login.submitting : t.login.submit}
          </button>
          <p className="mt-4 text-center text-xs text-stone-500">{t.login.hint}</p>
        </Form>
      </div>
    </main>
  );
}
