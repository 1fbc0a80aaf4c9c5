// The only components an MDX lesson may use (see modules/content/mdx-rules.ts for the allow-list).
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTracker, type ProgressView } from "#app/components/lesson-tracker.tsx";
import { Link, useFetcher } from "react-router";
import { t } from "#app/lib/strings.ts";
import { useLessonData } from "./lesson-data.ts";

function KeyPoint({ title, children }: { title?: string; children?: ReactNode }) {
  return (
    <aside className="my-6 rounded-lg border border-brand-100 bg-brand-50 px-5 py-4" role="note">
      <p className="mb-1 text-sm font-bold tracking-wide text-brand-700">{title ?? t.lesson.keyPoint}</p>
      <div className="text-stone-800 [&>p]:my-1">{children}</div>
    </aside>
  );
}

function CiteArticle({ id }: { id: string }) {
  const article = useLessonData().articles[id];
  if (!article) return <span className="text-stone-500">{t.lesson.articleMissing}</span>;
  return (
    <figure className="my-5 rounded-lg border border-stone-200 bg-white px-5 py-4 shadow-sm">
      <figcaption className="mb-2 text-sm font-semibold text-stone-600">
        <Link to={`/rules/${article.regulationSlug}#a${id.split(":")[1]}`} className="text-brand-700 no-underline hover:underline">
          {t.components.citeArticle(article.regulation, article.label)}
        </Link>
      </figcaption>
      <blockquote className="!my-0 !border-0 !bg-transparent !p-0 whitespace-pre-line text-[15px] leading-7 text-stone-700">{article.body}</blockquote>
    </figure>
  );
}

function CiteCase({ slug }: { slug: string }) {
  const c = useLessonData().cases[slug];
  if (!c) return <span className="text-stone-500">{t.lesson.caseMissing}</span>;
  return (
    <Link to={`/cases/${slug}`} className="my-5 block rounded-lg border border-amber-200 bg-amber-50 px-5 py-4 !no-underline hover:border-amber-300">
      <span className="text-xs font-bold tracking-wide text-amber-800">{t.components.caseBadge}</span>
      <span className="mt-1 block font-semibold text-stone-900">{c.title}</span>
      <span className="mt-1 block text-sm text-stone-700">{c.summary}</span>
    </Link>
  );
}

/**
 * Reports the ranges actually played (the browser's played ranges exclude seeking ahead). Not the
 * length: the server measures against the length it read from the file at upload.
 */
function Video({ src, title }: { src: string; title?: string }) {
  const tracker = useTracker();
  const ref = useRef<HTMLVideoElement>(null);
  const last = useRef(0);
  useEffect(() => {
    const v = ref.current;
    if (!v || !tracker) return;
    const report = (force: boolean) => {
      if (!force && Date.now() - last.current < 15_000) return;
      last.current = Date.now();
      const ranges: [number, number][] = [];
      for (let i = 0; i < v.played.length; i++) ranges.push([v.played.start(i), v.played.end(i)]);
      if (ranges.length) tracker.reportVideo(src, ranges);
    };
    const onTime = () => report(false);
    const onStop = () => report(true);
    v.addEventListener("timeupdate", onTime);
    v.addEventListener("pause", onStop);
    v.addEventListener("ended", onStop);
    return () => {
      v.removeEventListener("timeupdate", onTime);
      v.removeEventListener("pause", onStop);
      v.removeEventListener("ended", onStop);
    };
  }, [src, tracker]);
  if (!/^[0-9a-f]{32}$/.test(src)) return <p className="text-stone-500">{t.lesson.videoMissing}</p>;
  return (
    <figure className="my-6">
      <video ref={ref} controls preload="metadata" className="w-full rounded-lg bg-black" src={`/files/${src}`}>
        {t.lesson.videoMissing}
      </video>
      {title ? <figcaption className="mt-2 text-center text-sm text-stone-600">{title}</figcaption> : null}
    </figure>
  );
}

type CheckResult = {
  ok: boolean;
  progress?: ProgressView | null;
  error?: string;
  right?: number;
  total?: number;
  results?: Record<string, { correct: boolean; state: string; explanation: string; answer: string }>;
};

function KnowledgeCheck({ questions, title }: { questions: string; title?: string }) {
  const data = useLessonData();
  const [round, setRound] = useState(0);
  const fetcher = useFetcher<CheckResult>({ key: `check-${questions}-${round}` });
  const ids = questions.split(/[\s,]+/).filter((id) => data.questions[id]);
  const result = fetcher.data?.ok ? fetcher.data : null;
  const tracker = useTracker();
  const progress = result?.progress;
  useEffect(() => {
    if (progress && tracker) tracker.setProgress(progress);
  }, [progress, tracker]);
  if (ids.length === 0) return null;
  return (
    <section className="my-8 rounded-xl border border-stone-200 bg-white p-5 shadow-sm" aria-label={title ?? t.lesson.check} data-testid="knowledge-check">
      <h2 className="!mt-0 !mb-4 !border-0 !pl-0 text-lg font-bold">{title ?? t.lesson.check}</h2>
      <fetcher.Form method="post" action="/api/check" key={round}>
        <input type="hidden" name="lessonId" value={data.lessonId ?? ""} />
        <input type="hidden" name="questions" value={ids.join(" ")} />
        <ol className="!my-0 !list-none !pl-0 space-y-6">
          {ids.map((id, n) => {
            const q = data.questions[id]!;
            const r = result?.results?.[id];
            return (
              <li key={id} className="!my-0">
                <fieldset>
                  <legend className="font-medium text-stone-900">
                    {n + 1}. {q.stem}
                    <span className="ml-2 text-xs text-stone-500">{t.components.questionType[q.type] ?? ""}</span>
                  </legend>
                  <div className="mt-2 space-y-1.5">
                    {q.type === "truefalse"
                      ? ["true", "false"].map((v) => (
                          <label key={v} className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1 hover:bg-stone-50">
                            <input type="radio" name={`q:${id}`} value={v} className="mt-1.5" disabled={Boolean(result)} />
                            <span>{v === "true" ? t.components.trueOption : t.components.falseOption}</span>
                          </label>
                        ))
                      : q.type === "fill"
                        ? Array.from({ length: q.blanks }, (_, i) => (
                            <input key={i} name={`q:${id}`} aria-label={t.components.blank(i + 1)} className="mr-2 rounded border border-stone-300 px-2 py-1" disabled={Boolean(result)} />
                          ))
                        : q.options.map((opt, i) => (
                            <label key={i} className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1 hover:bg-stone-50">
                              <input type={q.type === "multiple" ? "checkbox" : "radio"} name={`q:${id}`} value={i} className="mt-1.5" disabled={Boolean(result)} />
                              <span>
                                {String.fromCharCode(65 + i)}. {opt}
                              </span>
                            </label>
                          ))}
                  </div>
                  {r ? (
                    <div className={`mt-3 rounded-md px-3 py-2 text-sm ${r.correct ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`} role="status">
                      <strong>{r.correct ? t.lesson.correct : t.lesson.wrong}</strong>
                      {r.correct ? null : <span className="ml-2">{t.components.correctAnswer(r.answer)}</span>}
                      {r.explanation ? <p className="!my-1 text-stone-700">{r.explanation}</p> : null}
                    </div>
                  ) : null}
                </fieldset>
              </li>
            );
          })}
        </ol>
        {fetcher.data && !fetcher.data.ok ? <p className="mt-4 text-sm text-red-700" role="alert">{fetcher.data.error}</p> : null}
        <div className="mt-6 flex items-center gap-4">
          {result ? (
            <>
              <p className="font-semibold text-stone-900" data-testid="check-score">
                {t.lesson.score(result.right ?? 0, result.total ?? 0)}
              </p>
              <button type="button" onClick={() => setRound((r) => r + 1)} className="rounded-md border border-stone-300 px-4 py-2 text-sm hover:bg-stone-50">
                {t.lesson.checkAgain}
              </button>
            </>
          ) : (
            <button type="submit" disabled={fetcher.state !== "idle"} className="rounded-md bg-brand-600 px-5 py-2 text-white hover:bg-brand-700 disabled:opacity-60">
              {t.lesson.checkSubmit}
            </button>
          )}
        </div>
      </fetcher.Form>
    </section>
  );
}

function Table(props: React.ComponentProps<"table">) {
  return (
    <div className="table-wrap">
      <table {...props} />
    </div>
  );
}

export const mdxComponents = { KeyPoint, CiteArticle, CiteCase, Video, KnowledgeCheck, table: Table };
