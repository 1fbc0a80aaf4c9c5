import { Link } from "react-router";
import type { Route } from "./+types/rules";
import { t } from "#app/lib/strings.ts";
import { notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { getRegulation, listRegulations } from "#app/modules/content/catalog.server.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data && "regulation" in data && data.regulation ? data.regulation.title : t.nav.rules} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUser(request);
  const regulations = (await listRegulations()).map((r) => ({ slug: r.slug, title: r.title, summary: r.summary, issuer: r.issuer, count: r._count.articles }));
  if (!params.slug) return { regulations, regulation: null };
  const reg = await getRegulation(params.slug);
  if (!reg) throw notFound(t.rulesPage.missing);
  const chapters: { title: string; articles: { id: string; number: number; label: string; body: string; discipline: string | null }[] }[] = [];
  for (const a of reg.articles) {
    const last = chapters.at(-1);
    const item = { id: a.id, number: a.number, label: a.label, body: a.body, discipline: a.discipline };
    if (last && last.title === a.chapter) last.articles.push(item);
    else chapters.push({ title: a.chapter, articles: [item] });
  }
  return { regulations, regulation: { slug: reg.slug, title: reg.title, issuer: reg.issuer, effective: reg.effective, summary: reg.summary, chapters } };
}

export default function Rules({ loaderData }: Route.ComponentProps) {
  const { regulations, regulation } = loaderData;
  if (!regulation) {
    return (
      <div>
        <PageTitle >{t.nav.rules}</PageTitle>
        <div className="mt-6 grid gap-4 md:grid-cols-2">
          {regulations.map((r) => (
            <Link key={r.slug} to={`/rules/${r.slug}`} className={`${CARD} p-5 hover:ring-brand-600`}>
              <h2 className="font-semibold text-stone-900">{r.title}</h2>
              <p className="mt-1 text-sm text-stone-600">{r.summary}</p>
              <p className="mt-2 text-xs text-stone-500">
                {r.issuer} · {t.rulesPage.count(r.count)}
              </p>
            </Link>
          ))}
        </div>
      </div>
    );
  }
  return (
    <Card as="article" className="px-5 py-6 md:px-10 md:py-10">
      <Link to="/rules" className="no-print text-sm text-stone-500 hover:text-brand-700">
        ← {t.nav.rules}
      </Link>
      <PageTitle className="mt-3">{regulation.title}</PageTitle>
      <p className="mt-2 text-sm text-stone-500">
        {regulation.issuer}
        {regulation.effective ? t.rulesPage.effective(regulation.effective) : ""}
      </p>
      {regulation.summary ? <p className="mt-4 text-stone-700">{regulation.summary}</p> : null}
      {regulation.chapters.map((ch) => (
        <section key={ch.title} className="mt-8">
          {ch.title ? <h2 className="border-l-4 border-brand-600 pl-3 text-lg font-bold text-stone-900">{ch.title}</h2> : null}
          {ch.articles.map((a) => (
            <div key={a.id} id={`a${a.number}`} className="mt-4 scroll-mt-20">
              <h3 className="font-semibold text-stone-900">{a.label}</h3>
              <p className="mt-1 whitespace-pre-line leading-7 text-stone-700">{a.body}</p>
            </div>
          ))}
        </section>
      ))}
    </Card>
  );
}
