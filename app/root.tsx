import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/root";
import { t } from "#app/lib/strings.ts";
import { ErrorPage } from "#app/components/error-page.tsx";
import "./app.css";

export function loader({ context }: Route.LoaderArgs) {
  return { nonce: (context as { cspNonce?: string } | undefined)?.cspNonce ?? "" };
}

export const meta: Route.MetaFunction = () => [{ title: t.app.name }];

export const links: Route.LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = data?.nonce || undefined;
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={t.app.tagline} />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return <ErrorPage title={t.errors.notFoundTitle} body={t.errors.notFoundBody} status={404} />;
    if (error.status === 403) return <ErrorPage title={t.errors.forbiddenTitle} body={t.errors.forbiddenBody} status={403} />;
    // A refused query string (parseQuery in a loader) says what was wrong with it.
    if (error.status === 400) {
      const said = (error.data as { message?: unknown } | null)?.message;
      return <ErrorPage title={t.errors.genericTitle} body={typeof said === "string" ? said : t.formInput.invalid} status={400} />;
    }
    if (error.status === 429) return <ErrorPage title={t.errors.genericTitle} body={t.errors.tooMany} status={429} />;
  }
  if (import.meta.env.DEV && error instanceof Error) {
    return <ErrorPage title={t.errors.genericTitle} body={error.message} status={500} detail={error.stack} />;
  }
  return <ErrorPage title={t.errors.genericTitle} body={t.errors.genericBody} status={500} />;
}
