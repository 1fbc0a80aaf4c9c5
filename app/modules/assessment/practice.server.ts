// Questions as a learner meets them outside an exam (a lesson's knowledge check, the wrong-answer
// book): what may be shown before answering, how a browser's answer is read, how a key is worded.
// Which questions a lesson's check may grade is the lesson's business: content/knowledge-check.server.ts.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import type { Response } from "./grading.ts";
import type { QuestionType, StoredAnswer } from "./question-format.ts";

export type PublicQuestion = { id: string; type: QuestionType; stem: string; options: string[]; blanks: number };

/** What a learner may see of a question before answering: never the key or the explanation. */
export async function publicQuestions(ids: string[]): Promise<Record<string, PublicQuestion>> {
  const rows = await db.question.findMany({ where: { id: { in: ids }, status: "active" }, include: { currentVersion: true } });
  const out: Record<string, PublicQuestion> = {};
  for (const q of rows) {
    const v = q.currentVersion;
    if (!v) continue;
    out[q.id] = { id: q.id, type: v.type as QuestionType, stem: v.stem, options: JSON.parse(v.optionsJson) as string[], blanks: v.stem.split("____").length - 1 };
  }
  return out;
}

export function parseResponse(type: QuestionType, values: string[]): Response {
  switch (type) {
    case "single": {
      const n = Number(values[0]);
      return { type, choice: values[0] !== undefined && Number.isInteger(n) ? n : null };
    }
    case "multiple":
      return { type, choices: values.map(Number).filter(Number.isInteger) };
    case "truefalse":
      return { type, value: values[0] === "true" ? true : values[0] === "false" ? false : null };
    case "fill":
      return { type, blanks: values.map((v) => v.slice(0, 200)) };
    case "short":
      return { type, text: (values[0] ?? "").slice(0, 5000) };
  }
}

export function describeAnswer(type: QuestionType, answer: StoredAnswer, options: string[]): string {
  switch (type) {
    case "single":
    case "multiple":
      return (answer as number[]).map((i) => `${String.fromCharCode(65 + i)}. ${options[i] ?? ""}`).join(t.exam.listSeparator);
    case "truefalse":
      return answer ? t.exam.answerTrue : t.exam.answerFalse;
    case "fill":
      return (answer as string[][]).map((alts) => alts[0]).join(t.exam.listSeparator);
    case "short":
      return String(answer);
  }
}
