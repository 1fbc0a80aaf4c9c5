import { Form, Link } from "react-router";
import type { Route } from "./+types/search";
import { inputClass } from "#app/components/form.tsx";
import { z } from "zod";
import { orDefault, text } from "#app/lib/form-fields.ts";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { search, type SearchKind } from "#app/modules/content/search.server.ts";
import { MARK_END, MARK_START } from "#app/modules/content/search-marks.ts";
import { CARD, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.search.title} · ${t.app.name}` }];

// ?q=: what is searched is its first 50 characters; a pasted paragraph is cut, not refused.
const searchQuery = z.object({ q: orDefault(() => "", text({ max: 10_000, min: 0 }).transform((s) => s.slice(0, 50))) });

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request);
  const parsed = parseQuery(request, searchQuery);
  if (!parsed.ok) throw parsed.reply;
  const { q } = parsed.value;
  return { q, hits: q ? await search(q) : [] };
}

function hrefOf(kind: SearchKind, ref: string) {
  if (kind === "lesson") return `/learn/${ref}`;
  if (kind === "case") return `/cases/${ref}`;
  const [slug, n] = ref.split(":");
  return `/rules/${slug}#a${n}`;
}

/** Renders a snippet with highlighted runs, without ever interpreting it as HTML. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(MARK_START);
  return (
    <>
      {parts.map((part, i) => {
        if (i === 0) return <span key={i}>{part}</span>;
        const [hit, rest] = part.split(MARK_END);
        return (
          <span key={i}>
            <mark className="rounded bg-amber-100 px-0.5 text-stone-900">{hit}</mark>
            {rest}
          </span>
        );
      })}
    </>
  );
}

export default function Search({ loaderData }: Route.ComponentProps) {
  const { q, hits } = loaderData;
  return (
    <div className="max-w-3xl">
      <PageTitle >{t.search.title}</PageTitle>
      <Form method="get" className="mt-4 flex gap-2" role="search">
        <input name="q" defaultValue={q} placeholder={t.search.placeholder} aria-label={t.search.title} className={`${inputClass} !mt-0`} />
        <button type="submit" className="shrink-0 rounded-md bg-brand-600 px-5 text-white hover:bg-brand-700">
          {t.common.search}
        </button>
      </Form>
      {q ? <p className="mt-4 text-sm text-stone-500">{t.search.count(hits.length)}</p> : null}
      <ul className="mt-4 space-y-3" data-testid="search-results">
        {hits.map((h) => (
          <li key={`${h.kind}:${h.ref}`} className={`${CARD} p-4`}>
            <span className="rounded bg-stone-100 px-2 py-0.5 text-xs text-stone-600">{t.search.kinds[h.kind]}</span>
            <Link to={hrefOf(h.kind, h.ref)} className="ml-2 font-semibold text-brand-700 hover:underline">
              {h.title}
            </Link>
            <p className="mt-2 text-sm leading-6 text-stone-700">
              <Snippet text={h.snippet} />
            </p>
          </li>
        ))}
      </ul>
      {q && hits.length === 0 ? <p className="mt-6 text-stone-600">{t.search.none}</p> : null}
    </div>
  );
}
