// A lesson's knowledge check: practice, unlimited, instant feedback, graded on the server. The
// lesson decides which questions its check may grade and reveal (ADR 011); assessment grades them.
import { changed, createCache } from "#app/lib/cache.server.ts";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { grade } from "#app/modules/assessment/grading.ts";
import { describeAnswer, parseResponse } from "#app/modules/assessment/practice.server.ts";
import type { QuestionType, StoredAnswer } from "#app/modules/assessment/question-format.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { collectReferences } from "./lesson-format.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export type CheckOutcome = {
  right: number;
  total: number;
  /** Every question of the check answered right: the lesson's check requirement is met. */
  passed: boolean;
  results: Record<string, { correct: boolean; state: string; explanation: string; answer: string }>;
};

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

// ─── which questions a check may grade and reveal (ADR 011) ─────────────────

/** A published version's checks never change: read its source once. */
const checksByVersion = createCache<string, Promise<string[][]>>({ ttlMs: Infinity, maxEntries: 1000 });

/** The question ids of each knowledge check in a lesson's published version (null: not published). */
export async function publishedChecks(lessonId: string): Promise<{ lesson: { id: string; title: string }; checks: string[][] } | null> {
  const lesson = await db.lesson.findUnique({ where: { id: lessonId }, select: { id: true, title: true, status: true, publishedVersionId: true } });
  if (!lesson || lesson.status !== "published" || !lesson.publishedVersionId) return null;
  const checks = await checksByVersion.getOrLoad(lesson.publishedVersionId, async (id) => {
    const version = await db.lessonVersion.findUniqueOrThrow({ where: { id }, select: { source: true } });
    return collectReferences(version.source).checks;
  });
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
  if (count > 0) changed("questions");
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
  if (!found) throw new DomainError(t.examPractice.lessonNotFound, 404);
  const check = checkFor(found.checks, input.questionIds);
  if (!check) throw new DomainError(t.examPractice.notThisCheck, 400);
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
