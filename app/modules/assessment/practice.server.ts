// Knowledge checks inside lessons: practice, unlimited, instant feedback, graded on the server.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { collectReferences } from "#app/modules/content/lesson-format.ts";
import { grade, type Response } from "./grading.ts";
import { forgetQuestionPool } from "./question-bank.server.ts";
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

export type CheckOutcome = {
  right: number;
  total: number;
  /** Every question of the check answered right: the lesson's check requirement is met. */
  passed: boolean;
  results: Record<string, { correct: boolean; state: string; explanation: string; answer: string }>;
};

export class KnowledgeCheckError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

// ─── which questions a check may grade and reveal (ADR 011) ─────────────────

const checksCache = new Map<string, string[][]>();

/** The question ids of each knowledge check in a lesson's published version (null: not published). */
export async function publishedChecks(lessonId: string): Promise<{ lesson: { id: string; title: string }; checks: string[][] } | null> {
  const lesson = await db.lesson.findUnique({ where: { id: lessonId }, select: { id: true, title: true, status: true, publishedVersionId: true } });
  if (!lesson || lesson.status !== "published" || !lesson.publishedVersionId) return null;
  let checks = checksCache.get(lesson.publishedVersionId);
  if (!checks) {
    const version = await db.lessonVersion.findUniqueOrThrow({ where: { id: lesson.publishedVersionId }, select: { source: true } });
    checks = collectReferences(version.source).checks;
    if (checksCache.size >= 1000) checksCache.delete(checksCache.keys().next().value!);
    checksCache.set(lesson.publishedVersionId, checks);
  }
  return { lesson: { id: lesson.id, title: lesson.title }, checks };
}

/**
 * The one rule for what a knowledge-check request may grade: the ids must all come from one check of
 * the lesson's published version. Returns that check's ids, or null when the request mixes in others.
 */
export function checkFor(checks: readonly string[][], requested: readonly string[]): string[] | null {
  if (requested.length === 0) return null;
  const asked = new Set(requested);
  if (asked.size !== requested.length) return null;
  return checks.find((ids) => requested.every((id) => ids.includes(id))) ?? null;
}

/**
 * Marks the questions of a lesson's knowledge checks as revealed (their keys are shown to every
 * learner), so they are never drawn into an exam. Called in the transaction that publishes.
 */
export async function revealCheckQuestions(source: string, tx: Tx = db as unknown as Tx): Promise<number> {
  const ids = [...new Set(collectReferences(source).checks.flat())];
  if (ids.length === 0) return 0;
  const { count } = await tx.question.updateMany({ where: { id: { in: ids }, revealedInCheck: false }, data: { revealedInCheck: true } });
  if (count > 0) forgetQuestionPool();
  return count;
}

/** Flags the check questions of every published lesson (content sync, and databases made before the flag). */
export async function revealAllPublishedChecks(): Promise<number> {
  const versions = await db.lesson.findMany({ where: { status: "published", publishedVersionId: { not: null } }, select: { publishedVersion: { select: { source: true } } } });
  let flagged = 0;
  for (const l of versions) if (l.publishedVersion) flagged += await revealCheckQuestions(l.publishedVersion.source);
  return flagged;
}

export async function gradeKnowledgeCheck(input: {
  user: { id: string; unitId: string };
  lessonId: string;
  questionIds: string[];
  answers: ReadonlyMap<string, string[]>;
}): Promise<CheckOutcome> {
  const found = await publishedChecks(input.lessonId);
  if (!found) throw new KnowledgeCheckError(t.examPractice.lessonNotFound, 404);
  const check = checkFor(found.checks, input.questionIds);
  if (!check) throw new KnowledgeCheckError(t.examPractice.notThisCheck, 400);
  const rows = await db.question.findMany({ where: { id: { in: check }, status: "active" }, include: { currentVersion: true } });
  const asked = new Set(input.questionIds);
  const results: CheckOutcome["results"] = {};
  let right = 0;
  for (const q of rows) {
    const v = q.currentVersion;
    if (!v || !asked.has(q.id)) continue;
    const type = v.type as QuestionType;
    const answer = JSON.parse(v.answerJson) as StoredAnswer;
    const options = JSON.parse(v.optionsJson) as string[];
    const g = grade({ type, answer }, parseResponse(type, input.answers.get(q.id) ?? []));
    if (g.state === "correct") right++;
    results[q.id] = { correct: g.state === "correct", state: g.state, explanation: v.explanation, answer: describeAnswer(type, answer, options) };
  }
  const total = Object.keys(results).length;
  // Passing needs every live question of the check, answered right; a subset never passes.
  const live = rows.filter((q) => q.currentVersion).length;
  const passed = total > 0 && total === live && right === total;
  await appendRecord({
    actorId: input.user.id,
    unitId: input.user.unitId,
    verb: "answered",
    object: { type: "knowledge-check", id: found.lesson.id, name: t.examPractice.checkRecordName(found.lesson.title) },
    result: { score: { raw: right, max: total, scaled: total ? right / total : 0 }, success: passed, questions: Object.keys(results) },
    context: { lessonId: found.lesson.id },
  });
  return { right, total, passed, results };
}
