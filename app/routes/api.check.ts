import { data } from "react-router";
import type { Route } from "./+types/api.check";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { gradeKnowledgeCheck } from "#app/modules/assessment/practice.server.ts";
import { markCheckPassed } from "#app/modules/learning/progress.server.ts";

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const lessonId = String(form.get("lessonId") ?? "");
  const questionIds = String(form.get("questions") ?? "").split(/\s+/).filter(Boolean).slice(0, 20);
  if (!lessonId || questionIds.length === 0) return data({ ok: false, error: t.examPractice.checkIncomplete }, { status: 400 });
  const answers: Record<string, string[]> = {};
  for (const id of questionIds) answers[id] = form.getAll(`q:${id}`).map(String);
  if (questionIds.every((id) => (answers[id] ?? []).every((v) => v.trim() === ""))) {
    return data({ ok: false, error: t.examPractice.answerFirst }, { status: 400 });
  }
  try {
    const outcome = await gradeKnowledgeCheck({ user, lessonId, questionIds, answers });
    const progress = outcome.total > 0 && outcome.right === outcome.total ? await markCheckPassed(user, lessonId) : null;
    return { ok: true, ...outcome, progress };
  } catch (error) {
    return data({ ok: false, error: (error as Error).message }, { status: 400 });
  }
}
