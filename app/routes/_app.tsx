import { Form, isRouteErrorResponse, NavLink, Outlet, useRouteError } from "react-router";
import { ErrorPage } from "#app/components/error-page.tsx";
import type { Route } from "./+types/_app";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { navigationPolicy } from "#app/modules/identity/policy.server.ts";

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  return {
    user: { name: user.name, unitName: user.unitName, username: user.username },
    nav: navigationPolicy(user),
  };
}

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `block whitespace-nowrap rounded-md px-3 py-2 text-[15px] ${isActive ? "bg-white/15 font-semibold text-white" : "text-white/85 hover:bg-white/10 hover:text-white"}`;

export default function AppLayout({ loaderData }: Route.ComponentProps) {
  const { user, nav } = loaderData;
  const links = [
    { to: "/", label: t.nav.home, end: true },
    { to: "/exams", label: t.nav.exams },
    { to: "/rules", label: t.nav.rules },
    { to: "/cases", label: t.nav.cases },
    { to: "/activities", label: t.nav.activities },
    { to: "/screening", label: t.nav.screening },
    { to: "/file", label: t.nav.file },
    { to: "/search", label: t.nav.search },
  ];
  const manage = [
    ...(nav.oversight ? [{ to: "/oversight", label: t.oversight.title }] : []),
    ...(nav.manage ? [{ to: "/manage/assignments", label: t.nav.assign }, { to: "/manage/sessions", label: t.sessions.manage }] : []),
    ...(nav.exams ? [{ to: "/manage/exams", label: t.exam.manage }, { to: "/manage/questions", label: t.nav.questions }] : []),
    ...(nav.author ? [{ to: "/author", label: t.nav.author }] : []),
    ...(nav.admin ? [{ to: "/admin", label: t.nav.admin }] : []),
  ];
  return (
    <div className="min-h-screen">
      <header className="no-print sticky top-0 z-20 bg-brand-700 shadow">
        <div className="mx-auto flex max-w-6xl items-center gap-2 px-4 py-2.5">
          <NavLink to="/" className="flex shrink-0 items-center gap-2 text-white">
            <span className="flex h-8 w-8 items-center justify-center rounded-full bg-white text-base font-bold text-brand-700">{t.app.logo}</span>
            <span className="text-lg font-bold tracking-wide">{t.app.name}</span>
          </NavLink>
          <nav aria-label={t.nav.mainLabel} className="ml-3 hidden flex-1 items-center gap-0.5 lg:flex">
            {links.map((l) => (
              <NavLink key={l.to} to={l.to} end={l.end} className={linkClass}>
                {l.label}
              </NavLink>
            ))}
            {manage.length ? (
              <details className="relative">
                <summary className="cursor-pointer list-none rounded-md px-3 py-2 text-[15px] text-white/85 hover:bg-white/10 hover:text-white">{t.nav.manage} ▾</summary>
                <div className="absolute left-0 mt-1 w-40 rounded-lg bg-brand-800 p-1.5 shadow-lg">
                  {manage.map((l) => (
                    <NavLink key={l.to} to={l.to} className={linkClass}>
                      {l.label}
                    </NavLink>
                  ))}
                </div>
              </details>
            ) : null}
          </nav>
          <div className="ml-auto hidden items-center gap-3 text-sm text-white/90 lg:flex">
            <span data-testid="current-user" className="whitespace-nowrap">
              {user.name}
              <span className="ml-1 hidden text-white/80 xl:inline">· {user.unitName}</span>
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="rounded-md border border-white/40 px-3 py-1 whitespace-nowrap text-white hover:bg-white/10">
                {t.nav.logout}
              </button>
            </Form>
          </div>
          <details className="relative ml-auto lg:hidden">
            <summary className="cursor-pointer list-none rounded-md border border-white/40 px-3 py-1 text-sm text-white">{t.nav.menu}</summary>
            <div className="absolute right-0 mt-2 max-h-[80vh] w-56 overflow-y-auto rounded-lg bg-brand-800 p-2 shadow-lg">
              <p className="px-3 py-2 text-sm text-white/80">
                {user.name} · {user.unitName}
              </p>
              {[...links, ...manage].map((l) => (
                <NavLink key={l.to} to={l.to} end={"end" in l ? Boolean(l.end) : false} className={linkClass}>
                  {l.label}
                </NavLink>
              ))}
              <Form method="post" action="/logout">
                <button type="submit" className="mt-1 w-full rounded-md px-3 py-2 text-left text-[15px] text-white/85 hover:bg-white/10">
                  {t.nav.logout}
                </button>
              </Form>
            </div>
          </details>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 md:py-8">
        <Outlet />
      </main>
      <footer className="no-print py-8 text-center text-xs text-stone-500">{t.app.footer}</footer>
    </div>
  );
}

/** Errors below the layout render inside the page frame would need the layout's data; keep it simple and full-page. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <ErrorPage title={t.errors.notFoundTitle} body={typeof error.data === "string" && error.data ? error.data : t.errors.notFoundBody} status={404} />;
  }
  if (isRouteErrorResponse(error) && error.status === 403) return <ErrorPage title={t.errors.forbiddenTitle} body={t.errors.forbiddenBody} status={403} />;
  return <ErrorPage title={t.errors.genericTitle} body={t.errors.genericBody} status={isRouteErrorResponse(error) ? error.status : 500} />;
}
