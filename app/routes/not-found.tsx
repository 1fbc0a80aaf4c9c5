import { ErrorPage } from "#app/components/error-page.tsx";
import { t } from "#app/lib/strings.ts";

export function loader() {
  throw new Response(t.errors.notFoundTitle, { status: 404 });
}

export default function NotFound() {
  return <ErrorPage title={t.errors.notFoundTitle} body={t.errors.notFoundBody} status={404} />;
}

export function ErrorBoundary() {
  return <ErrorPage title={t.errors.notFoundTitle} body={t.errors.notFoundBody} status={404} />;
}
