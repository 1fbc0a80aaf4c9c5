import { data } from "react-router";
import type { Route } from "./+types/api.check";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { fieldsWithPrefix } from "#app/lib/form.server.ts";
import { gradeKnowledgeCheck, KnowledgeCheckError } from "#app/modules/content/knowledge-check.server.ts";
import { markCheckPassed } from "#app/modules/learning/progress.server.ts";

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const lessonId = String(form.get("lessonId") ?? "");
  const questionIds = String(form.get("questions") ?? "").split(/\s+/).filter(Boolean).slice(0, 20);
  if (!lessonId || questionIds.length === 0) return data({ ok: false, error: t.examPractice.checkIncomplete }, { status: 400 });
  const answers = fieldsWithPrefix(form, "q:");
  if (questionIds.every((id) => (answers.get(id) ?? []).every((v) => v.trim() === ""))) {
    return data({ ok: false, error: t.examPractice.answerFirst }, { status: 400 });
  }
  try {
    const outcome = await gradeKnowledgeCheck({ user, lessonId, questionIds, answers });
    const progress = outcome.passed ? await markCheckPassed(user, lessonId) : null;
    return { ok: true, ...outcome, progress };
  } catch (error) {
    if (error instanceof KnowledgeCheckError) return data({ ok: false, error: error.message }, { status: error.status });
    throw error;
  }
}
