import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/manage.question";
import { Button, Field, inputClass, Notice } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { notFound, requirePermission } from "#app/modules/identity/auth.server.ts";
import { regradeCandidates } from "#app/modules/assessment/exams.server.ts";
import { questionInput, saveQuestions } from "#app/modules/assessment/question-bank.server.ts";
import { QUESTION_TYPE_LABEL, QUESTION_TYPES } from "#app/modules/assessment/question-format.ts";
import { cellsOf, questionFromCells } from "#app/modules/assessment/question-xlsx.server.ts";

export const meta: Route.MetaFunction = ({ params }) => [{ title: `题目 ${params.questionId} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  await requirePermission(request, "exam.manage", "global");
  const input = await questionInput(params.questionId);
  const q = await db.question.findUnique({ where: { id: params.questionId }, include: { versions: { orderBy: { number: "desc" } } } });
  if (!input || !q) throw notFound("题目不存在。");
  return {
    id: q.id,
    bank: q.bankSlug,
    cells: cellsOf(input),
    versions: q.versions.map((v) => ({ number: v.number, origin: v.origin, note: v.note, at: v.createdAt.toISOString(), current: v.id === q.currentVersionId })),
    regrade: await regradeCandidates(q.id),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requirePermission(request, "exam.manage", "global");
  const q = await db.question.findUnique({ where: { id: params.questionId }, include: { bank: true } });
  if (!q) throw notFound("题目不存在。");
  const form = await request.formData();
  const cells = questionFromCells((c) => (c === "题目编号" ? q.id : String(form.get(c) ?? "").trim()));
  if (!("input" in cells)) return data({ ok: false, message: `${cells.column}：${cells.message}` }, { status: 400 });
  const result = await saveQuestions(q.bankSlug, q.bank.title, [{ line: 1, input: cells.input }], { origin: "browser", createdById: user.id, note: String(form.get("note") ?? "") });
  if (!result.ok) return data({ ok: false, message: result.problems.map((p) => `${p.column ? `${p.column}：` : ""}${p.message}`).join(" ") }, { status: 400 });
  return { ok: true, message: result.updated ? "已保存为新版本。已作答的考试不受影响；如需按新答案重新评分，请到相应考试的管理页操作。" : "内容没有变化。" };
}

export default function ManageQuestion({ loaderData }: Route.ComponentProps) {
  const { cells, versions, regrade } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const text = (name: string, label: string, rows = 0) => (
    <Field label={label} name={name}>
      {rows ? (
        <textarea id={name} name={name} rows={rows} defaultValue={cells[name]} className={inputClass} />
      ) : (
        <input id={name} name={name} defaultValue={cells[name]} className={inputClass} />
      )}
    </Field>
  );
  return (
    <div className="max-w-3xl">
      <Link to={`/manage/questions?bank=${loaderData.bank}`} className="text-sm text-stone-500 hover:text-brand-700">
        ← 题库管理
      </Link>
      <h1 className="mt-2 text-2xl font-bold text-stone-900">题目 {loaderData.id}</h1>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      {regrade ? <p className="mt-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">有 {regrade} 次已提交的作答使用的是旧版本，可在考试管理页重新评分。</p> : null}
      <Form method="post" className="mt-6 space-y-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
        <Field label="题型" name="题型">
          <select id="题型" name="题型" defaultValue={cells["题型"]} className={inputClass}>
            {QUESTION_TYPES.map((q) => (
              <option key={q} value={QUESTION_TYPE_LABEL[q]}>
                {QUESTION_TYPE_LABEL[q]}
              </option>
            ))}
          </select>
        </Field>
        {text("题干", "题干（填空题用 ____ 表示空）", 3)}
        <div className="grid gap-3 sm:grid-cols-2">
          {["选项A", "选项B", "选项C", "选项D", "选项E", "选项F"].map((c) => (
            <div key={c}>{text(c, c)}</div>
          ))}
        </div>
        {text("答案", "答案（单选 B；多选 ACD；判断 正确/错误；填空 答案1|答案2，同一空的多个答案用 / 分隔）")}
        {text("解析", "解析", 3)}
        <div className="grid gap-3 sm:grid-cols-3">
          {text("难度", "难度（1 易 / 2 中 / 3 难）")}
          {text("条款编号", "出处条款编号")}
          {text("案例编号", "或出处案例编号")}
        </div>
        {text("标签", "标签（用、分隔）")}
        <Field label="修改说明" name="note">
          <input id="note" name="note" className={inputClass} />
        </Field>
        <Button type="submit" disabled={busy}>
          保存为新版本
        </Button>
      </Form>
      <section className="mt-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
        <h2 className="font-semibold text-stone-900">版本</h2>
        <ul className="mt-2 space-y-1 text-sm text-stone-700">
          {versions.map((v) => (
            <li key={v.number}>
              第 {v.number} 版 {v.current ? "（当前）" : ""} · {t.author.origins[v.origin] ?? v.origin} · {new Date(v.at).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })} {v.note}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
