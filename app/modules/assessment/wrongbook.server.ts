// The personal wrong-answer book: questions a person missed in exams, to practise until right.
import { db } from "#app/lib/db.server.ts";
import { grade } from "./grading.ts";
import { describeAnswer, parseResponse, publicQuestions } from "./practice.server.ts";
import type { QuestionType, StoredAnswer } from "./question-format.ts";

export async function wrongBook(userId: string) {
  const rows = await db.wrongAnswer.findMany({ where: { userId, resolvedAt: null }, orderBy: { lastWrongAt: "desc" }, take: 50 });
  const questions = await publicQuestions(rows.map((r) => r.questionId));
  const resolved = await db.wrongAnswer.count({ where: { userId, resolvedAt: { not: null } } });
  return { items: rows.filter((r) => questions[r.questionId]).map((r) => ({ ...questions[r.questionId]!, timesWrong: r.timesWrong })), resolved };
}

/** Grades a practice round; questions answered correctly leave the book. */
export async function practise(userId: string, answers: ReadonlyMap<string, string[]>, now = new Date()) {
  const ids = [...answers.keys()].slice(0, 200);
  const own = await db.wrongAnswer.findMany({ where: { userId, questionId: { in: ids }, resolvedAt: null } });
  const rows = await db.question.findMany({ where: { id: { in: own.map((o) => o.questionId) } }, include: { currentVersion: true } });
  const results: Record<string, { correct: boolean; answer: string; explanation: string }> = {};
  for (const q of rows) {
    const v = q.currentVersion;
    if (!v) continue;
    const type = v.type as QuestionType;
    const key = JSON.parse(v.answerJson) as StoredAnswer;
    const g = grade({ type, answer: key }, parseResponse(type, answers.get(q.id) ?? []));
    const correct = g.state === "correct";
    results[q.id] = { correct, answer: describeAnswer(type, key, JSON.parse(v.optionsJson) as string[]), explanation: v.explanation };
    if (correct) await db.wrongAnswer.update({ where: { userId_questionId: { userId, questionId: q.id } }, data: { resolvedAt: now } });
  }
  return results;
}
