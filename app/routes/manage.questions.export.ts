import type { Route } from "./+types/manage.questions.export";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { choiceParam, text } from "#app/lib/form-fields.ts";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { toGift } from "#app/modules/assessment/gift.ts";
import { questionInput } from "#app/modules/assessment/question-bank.server.ts";
import type { QuestionInput } from "#app/modules/assessment/question-format.ts";
import { writeQuestionXlsx } from "#app/modules/assessment/question-xlsx.server.ts";

const exportQuery = z.object({ bank: text({ max: 64, message: t.questionBank.bankNotFound }), format: choiceParam(["xlsx", "gift"], "xlsx") });

/** A bank in the xlsx template or as GIFT, ready to import back. */
export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "exam.manage", "global");
  const parsed = parseQuery(request, exportQuery);
  if (!parsed.ok) return new Response(parsed.message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { bank, format } = parsed.value;
  if (!(await db.questionBank.findUnique({ where: { slug: bank } }))) return new Response(t.questionBank.bankNotFound, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const ids = (await db.question.findMany({ where: { bankSlug: bank, status: "active" }, select: { id: true }, orderBy: { id: "asc" } })).map((x) => x.id);
  const inputs = (await Promise.all(ids.map(questionInput))).filter((x): x is QuestionInput => x !== null);
  if (format === "gift") {
    return new Response(toGift(inputs), { headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": `attachment; filename="${bank}.gift.txt"` } });
  }
  return new Response(new Uint8Array(await writeQuestionXlsx(inputs)), {
    headers: { "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Content-Disposition": `attachment; filename="${bank}.xlsx"` },
  });
}
