import { data } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/api.check";
import { text } from "#app/lib/form-fields.ts";
import { parseForm, parsePrefixed, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { gradeKnowledgeCheck } from "#app/modules/content/knowledge-check.server.ts";
import { markCheckPassed } from "#app/modules/learning/progress.server.ts";
import { refused } from "#app/lib/domain-error.ts";

// The check's fixed fields: the lesson and the space-separated ids it asks (at most 20 are graded).
const checkForm = z.object({
  lessonId: text({ max: 64, message: t.examPractice.checkIncomplete }),
  questions: text({ max: 2000, message: t.examPractice.checkIncomplete }).transform((s) => s.split(/\s+/).filter(Boolean).slice(0, 20)),
});

// q:<questionId> answers, read into a Map (the names are the browser's): at most 100 ids of at most 64
// characters, 20 values each (options or blanks) of at most 1000 characters; more is refused.
const ANSWERS = { maxKeys: 100, maxValues: 20, maxLength: 1000 };

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  // The lesson's check component shows `error`, so a refusal says it there.
  const parsed = parseForm(form, checkForm);
  if (!parsed.ok) return data({ ok: false, error: parsed.message }, { status: 400 });
  const { lessonId, questions: questionIds } = parsed.value;
  const prefixed = parsePrefixed(form, "q:", ANSWERS);
  if (!prefixed.ok) return data({ ok: false, error: prefixed.message }, { status: 400 });
  const answers = prefixed.value;
  if (questionIds.every((id) => (answers.get(id) ?? []).every((v) => v.trim() === ""))) {
    return data({ ok: false, error: t.examPractice.answerFirst }, { status: 400 });
  }
  try {
    const outcome = await gradeKnowledgeCheck({ user, lessonId, questionIds, answers });
    const progress = outcome.passed ? await markCheckPassed(user, lessonId) : null;
    return { ok: true, ...outcome, progress };
  } catch (error) {
    return refused(error, (e) => ({ ok: false, error: e.message }));
  }
}
