import { t } from "#app/lib/strings.ts";

export function ErrorPage({ title, body, status, detail }: { title: string; body: string; status: number; detail?: string }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-xl flex-col items-center justify-center px-6 py-16 text-center">
      <p className="text-5xl font-bold text-brand-600">{status}</p>
      <h1 className="mt-4 text-2xl font-bold text-stone-900">{title}</h1>
      <p className="mt-3 text-stone-600">{body}</p>
      {detail ? <pre className="mt-6 max-w-full overflow-auto rounded bg-stone-100 p-3 text-left text-xs">{detail}</pre> : null}
      <a href="/" className="mt-8 rounded-md bg-brand-600 px-5 py-2.5 text-white hover:bg-brand-700">
        {t.errors.backHome}
      </a>
    </main>
  );
}
