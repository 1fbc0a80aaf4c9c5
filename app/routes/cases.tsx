import { Link } from "react-router";
import type { Route } from "./+types/cases";
import { MdxBody } from "#app/components/mdx/lesson-body.tsx";
import { loadMdxScript, registerCompiledOnServer } from "#app/components/mdx/registry.ts";
import { t } from "#app/lib/strings.ts";
import { notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { getCasePage, listCases } from "#app/modules/content/catalog.server.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.page ? data.page.case.title : t.nav.cases} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUser(request);
  if (!params.slug) return { cases: await listCases(), page: null, hash: null };
  const page = await getCasePage(params.slug);
  if (!page) throw notFound(t.casesPage.missing);
  if (page.compiled) registerCompiledOnServer(page.compiled.hash, page.compiled.code);
  const { compiled, ...rest } = page;
  return { cases: [], page: rest, hash: compiled?.hash ?? null };
}

export async function clientLoader({ serverLoader }: Route.ClientLoaderArgs) {
  const data = await serverLoader();
  if (data.hash) await loadMdxScript(data.hash);
  return data;
}

export default function Cases({ loaderData }: Route.ComponentProps) {
  const { cases, page, hash } = loaderData;
  if (!page) {
    return (
      <div>
        <PageTitle >{t.nav.cases}</PageTitle>
        <p className="mt-1 text-stone-600">{t.casesPage.intro}</p>
        <div className="mt-6 grid gap-4 md:grid-cols-2">
          {cases.map((c) => (
            <Link key={c.slug} to={`/cases/${c.slug}`} className={`${CARD} p-5 hover:ring-brand-600`}>
              <span className="rounded bg-amber-50 px-2 py-0.5 text-xs font-semibold text-amber-800">{t.disciplines[c.discipline]}</span>
              <h2 className="mt-2 font-semibold text-stone-900">{c.title}</h2>
              <p className="mt-1 text-sm text-stone-600">{c.summary}</p>
            </Link>
          ))}
        </div>
      </div>
    );
  }
  return (
    <div className="lg:grid lg:grid-cols-[1fr_22rem] lg:gap-8">
      <Card as="article" className="min-w-0 px-5 py-6 md:px-10 md:py-10">
        <Link to="/cases" className="no-print text-sm text-stone-500 hover:text-brand-700">
          ← {t.nav.cases}
        </Link>
        <h1 className="mt-3 text-2xl font-bold leading-snug text-stone-900">{page.case.title}</h1>
        <p className="mt-2 text-sm text-stone-500">
          {t.disciplines[page.case.discipline]} · {t.casesPage.year(page.case.year)}
        </p>
        <p className="mt-4 rounded-md bg-stone-100 px-4 py-3 text-stone-700">
          <strong>{t.casesPage.outcome}</strong>
          {page.case.outcome}
        </p>
        <div className="mt-6">
          <MdxBody hash={hash} data={{ lessonId: null, ...page.refs }} />
        </div>
      </Card>
      <aside className="mt-6 lg:mt-0" aria-label={t.casesPage.brokenArticles}>
        <Card as="div" className="p-5 lg:sticky lg:top-20">
          <h2 className="font-bold text-stone-900">{t.casesPage.brokenArticles}</h2>
          {page.brokenArticles.map((a) => (
            <div key={a.id} className="mt-4 border-t border-stone-100 pt-3">
              <Link to={`/rules/${a.regulationSlug}#a${a.id.split(":")[1]}`} className="text-sm font-semibold text-brand-700 hover:underline">
                {t.rulesPage.articleTitle(a.regulation, a.label)}
              </Link>
              <p className="mt-1 whitespace-pre-line text-sm leading-6 text-stone-700">{a.body}</p>
            </div>
          ))}
        </Card>
      </aside>
    </div>
  );
}
