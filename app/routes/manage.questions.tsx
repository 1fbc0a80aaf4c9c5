import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/manage.questions";
import { Button, inputClass, Notice } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { optionalText, orDefault, text } from "#app/lib/form-fields.ts";
import { parseForm, parseQuery, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { parseGift } from "#app/modules/assessment/gift.ts";
import { saveQuestions, type ImportProblem } from "#app/modules/assessment/question-bank.server.ts";
import { QUESTION_TYPE_LABEL } from "#app/modules/assessment/question-format.ts";
import { readQuestionXlsx } from "#app/modules/assessment/question-xlsx.server.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.nav.questions} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "exam.manage", "global");
  const parsed = parseQuery(request, z.object({ bank: orDefault(() => "", text({ max: 64 })), q: orDefault(() => "", text({ max: 100 })) }));
  if (!parsed.ok) throw parsed.reply;
  const { bank, q } = parsed.value;
  const [banks, questions] = await Promise.all([
    db.questionBank.findMany({ orderBy: { slug: "asc" }, include: { _count: { select: { questions: true } } } }),
    db.question.findMany({
      where: { ...(bank ? { bankSlug: bank } : {}), ...(q ? { OR: [{ id: { contains: q } }, { currentVersion: { stem: { contains: q } } }] } : {}) },
      include: { currentVersion: { select: { type: true, stem: true, difficulty: true, number: true } } },
      orderBy: { id: "asc" },
      take: 200,
    }),
  ]);
  return {
    bank,
    q,
    banks: banks.map((b) => ({ slug: b.slug, title: b.title, count: b._count.questions })),
    questions: questions.map((x) => ({ id: x.id, bank: x.bankSlug, type: x.currentVersion?.type ?? "", stem: x.currentVersion?.stem ?? "", difficulty: x.currentVersion?.difficulty ?? 1, version: x.currentVersion?.number ?? 0, inCheck: x.revealedInCheck })),
  };
}

// The import form: a bank slug, an optional title (the slug when blank) and one non-empty file.
const importForm = z.object({
  bank: z.string({ error: t.questionBank.slugInvalid }).max(160, t.questionBank.slugInvalid).trim().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, t.questionBank.slugInvalid),
  bankTitle: optionalText(200),
  file: z.instanceof(File, { error: t.questionBank.fileRequired }).refine((f) => f.size > 0, t.questionBank.fileRequired),
});

export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "exam.manage", "global");
  const fail = (message: string, problems: ImportProblem[] = [], status = 400) => data({ ok: false as const, message, problems }, { status });
  const parsed = parseForm(await readForm(request), importForm);
  if (!parsed.ok) return fail(parsed.message);
  const { bank: bankSlug, file } = parsed.value;
  const bankTitle = parsed.value.bankTitle || bankSlug;
  if (file.size > 5 * 1024 * 1024) return fail(t.questionBank.fileTooLarge, [], 413);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const lower = file.name.toLowerCase();
  let items: { line: number; input: unknown }[];
  let problems: ImportProblem[];
  if (lower.endsWith(".xlsx")) {
    const r = await readQuestionXlsx(bytes);
    items = r.rows;
    problems = r.problems;
  } else if (lower.endsWith(".txt") || lower.endsWith(".gift")) {
    const r = parseGift(new TextDecoder().decode(bytes), { idPrefix: bankSlug });
    items = r.items;
    problems = r.problems;
  } else return fail(t.questionBank.unsupportedFile);
  if (problems.length) return fail(t.questionBank.problemsFound(problems.length), problems);
  if (items.length === 0) return fail(t.questionBank.noQuestions);
  const result = await saveQuestions(bankSlug, bankTitle, items, { origin: "import", createdById: user.id, note: t.questionBank.importNote(file.name) });
  if (!result.ok) return fail(t.questionBank.problemsFound(result.problems.length), result.problems);
  return { ok: true as const, message: t.questionBank.imported(result.created, result.updated, result.unchanged), problems: [] };
}

export default function ManageQuestions({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <Link to="/manage/exams" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.exam.manage}
      </Link>
      <PageTitle className="mt-2">{t.nav.questions}</PageTitle>
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Card className="min-w-0">
          <Form method="get" className="flex flex-wrap gap-2 border-b border-stone-100 p-4" role="search">
            <select name="bank" defaultValue={loaderData.bank} aria-label={t.questionBank.bank} className={`${inputClass} !mt-0 w-auto`}>
              <option value="">{t.questionBank.allBanks}</option>
              {loaderData.banks.map((b) => (
                <option key={b.slug} value={b.slug}>
                  {t.questionBank.bankOption(b.title, b.count)}
                </option>
              ))}
            </select>
            <input name="q" maxLength={100} defaultValue={loaderData.q} placeholder={t.questionBank.searchPlaceholder} aria-label={t.questionBank.searchLabel} className={`${inputClass} !mt-0 w-48`} />
            <Button type="submit" variant="secondary">
              {t.common.search}
            </Button>
            {loaderData.bank ? (
              <span className="ml-auto flex items-center gap-3 text-sm">
                <a href={`/manage/questions/export?bank=${loaderData.bank}&format=xlsx`} className="text-brand-700 hover:underline">
                  {t.questionBank.exportXlsx}
                </a>
                <a href={`/manage/questions/export?bank=${loaderData.bank}&format=gift`} className="text-brand-700 hover:underline">
                  {t.questionBank.exportGift}
                </a>
              </span>
            ) : null}
          </Form>
          <ul className="divide-y divide-stone-100">
            {loaderData.questions.map((q) => (
              <li key={q.id} className="flex items-baseline gap-3 px-4 py-2 text-sm">
                <Link to={`/manage/questions/${q.id}`} className="w-28 shrink-0 font-mono text-xs text-brand-700 hover:underline">
                  {q.id}
                </Link>
                <span className="shrink-0 rounded bg-stone-100 px-1.5 text-xs text-stone-600">{QUESTION_TYPE_LABEL[q.type as keyof typeof QUESTION_TYPE_LABEL]}</span>
                <span className="flex-1 truncate text-stone-800">{q.stem}</span>
                {q.inCheck ? (
                  <span className="shrink-0 rounded bg-amber-50 px-1.5 text-xs text-amber-800" title={t.questionBank.inCheckHint}>
                    {t.questionBank.inCheck}
                  </span>
                ) : null}
                <span className="shrink-0 text-xs text-stone-500">v{q.version}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card className="h-fit p-5">
          <h2 className="font-semibold text-stone-900">{t.questionBank.importTitle}</h2>
          <p className="mt-1 text-sm text-stone-600">{t.questionBank.importIntro}</p>
          <Form method="post" encType="multipart/form-data" className="mt-4 space-y-3">
            <input name="bank" defaultValue={loaderData.bank} placeholder={t.questionBank.slugPlaceholder} aria-label={t.questionBank.slugLabel} className={inputClass} required />
            <input name="bankTitle" placeholder={t.questionBank.bankTitlePlaceholder} aria-label={t.questionBank.bankTitleLabel} className={inputClass} />
            <input name="file" type="file" accept=".xlsx,.gift,.txt" aria-label={t.questionBank.fileLabel} className="block text-sm" required />
            <Button type="submit" disabled={busy}>
              {t.questionBank.checkAndImport}
            </Button>
          </Form>
          {result ? (
            <div className="mt-4 space-y-2">
              <Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice>
              {result.problems.length ? (
                <ul className="max-h-80 overflow-y-auto text-sm text-red-800" data-testid="import-problems">
                  {result.problems.map((p, i) => (
                    <li key={i}>
                      {t.questionBank.importProblem(p.line, p.column, p.message)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </Card>
      </div>
    </div>
  );
}
