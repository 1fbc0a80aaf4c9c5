// Managing exams: create and edit with a checked blueprint, overrides, review, statistics,
// the manual grading queue, and regrading after a question is fixed.
import { z } from "zod";
import { changed } from "#app/lib/cache.server.ts";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { checkBlueprint, blueprintSchema, totalPoints } from "./blueprint.ts";
import { deadlineFor, effectiveSettings, gradeSlots, loggedResponses, recordResult, totals } from "./attempts.server.ts";
import { questionPool } from "./question-bank.server.ts";
import type { QuestionType, StoredAnswer } from "./question-format.ts";
import { describeAnswer } from "./practice.server.ts";
import { discriminationIndex, distribution, facilityIndex, mean } from "./statistics.ts";

import { REVIEW_MODES } from "./labels.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export { REVIEW_MODES };

export const examInput = z
  .object({
    title: z.string().trim().min(1, t.examSettings.titleRequired).max(100, t.examSettings.titleTooLong),
    description: z.string().trim().max(2000).default(""),
    blueprint: blueprintSchema,
    opensAt: z.coerce.date({ error: t.examSettings.opensRequired }),
    closesAt: z.coerce.date({ error: t.examSettings.closesRequired }),
    timeLimitMinutes: z.coerce.number().int().min(1, t.examSettings.timeLimitMin).max(600, t.examSettings.timeLimitMax),
    maxAttempts: z.coerce.number().int().min(0).max(20),
    passPercent: z.coerce.number().int().min(0).max(100),
    reviewMode: z.enum(REVIEW_MODES),
    reviewWhen: z.enum(["immediately", "afterClose"]),
    shuffleOptions: z.boolean().default(true),
    audienceUnitId: z.string().nullable().default(null),
    partyOnly: z.boolean().default(false),
    requireAssignment: z.boolean().default(false),
    prerequisites: z.object({ courses: z.array(z.string()).default([]), pledgeYear: z.number().int().nullable().default(null) }).default({ courses: [], pledgeYear: null }),
  })
  .refine((e) => e.closesAt > e.opensAt, { message: t.examSettings.closesAfterOpens, path: ["closesAt"] });

export type ExamInput = z.input<typeof examInput>;

export async function createExam(raw: ExamInput, userId: string) {
  const input = examInput.parse(raw);
  const problems = checkBlueprint(await questionPool(), input.blueprint);
  if (problems.length) throw new DomainError(problems.join("\n"));
  const { blueprint, prerequisites, ...rest } = input;
  return db.exam.create({ data: { ...rest, blueprintJson: JSON.stringify(blueprint), prerequisitesJson: JSON.stringify(prerequisites), createdById: userId } });
}

// ─── overrides ───────────────────────────────────────────────────────────────

export const overrideInput = z
  .object({
    target: z.enum(["user", "unit"]),
    targetId: z.string().min(1, t.examSettings.overrideTargetRequired),
    extraMinutes: z.coerce.number().int().min(0).max(600).default(0),
    extraAttempts: z.coerce.number().int().min(0).max(10).default(0),
    closesAt: z.coerce.date().nullable().default(null),
    reason: z.string().trim().min(2, t.examSettings.overrideReasonRequired).max(300),
  })
  .refine((o) => o.extraMinutes > 0 || o.extraAttempts > 0 || o.closesAt, { message: t.examSettings.overrideNothing, path: ["extraMinutes"] });

/** Adds an override and moves the deadline of affected attempts already in progress. */
export async function addOverride(examId: string, input: z.infer<typeof overrideInput>, actorId: string) {
  const exam = await db.exam.findUnique({ where: { id: examId } });
  if (!exam) throw new DomainError(t.examErrors.examNotFound, 404);
  await db.examOverride.create({
    data: {
      examId,
      userId: input.target === "user" ? input.targetId : null,
      unitId: input.target === "unit" ? input.targetId : null,
      extraMinutes: input.extraMinutes,
      extraAttempts: input.extraAttempts,
      closesAt: input.closesAt,
      reason: input.reason,
      createdById: actorId,
    },
  });
  changed("exams");
  let unitPath: string | null = null;
  if (input.target === "unit") unitPath = (await db.orgUnit.findUnique({ where: { id: input.targetId }, select: { path: true } }))?.path ?? null;
  const open = await db.attempt.findMany({
    where: {
      examId,
      state: "inProgress",
      ...(input.target === "user" ? { userId: input.targetId } : {}),
    },
  });
  let moved = 0;
  for (const a of open) {
    const person = await db.user.findUniqueOrThrow({ where: { id: a.userId }, include: { unit: { select: { path: true } } } });
    if (unitPath && !person.unit.path.startsWith(unitPath)) continue;
    const effective = await effectiveSettings(exam, { id: person.id, unitPath: person.unit.path });
    const deadlineAt = deadlineFor(a.startedAt, exam.timeLimitMinutes, effective);
    await db.$transaction([
      db.attempt.update({ where: { id: a.id }, data: { deadlineAt } }),
      db.attemptStep.create({ data: { attemptId: a.id, kind: "override", actorId, dataJson: JSON.stringify({ deadlineAt, reason: input.reason }) } }),
    ]);
    moved++;
  }
  return { moved };
}

// ─── review ──────────────────────────────────────────────────────────────────

export type ReviewSlot = {
  slot: number;
  type: QuestionType;
  stem: string;
  options: string[];
  points: number;
  fraction: number | null;
  state: string | null;
  response: string;
  comment: string;
  /** Only when the review setting allows. */
  answer?: string;
  explanation?: string;
  source?: { kind: "article" | "case"; id: string; label: string };
};

/** What a finished attempt's review shows, honouring the exam's review setting. */
export async function reviewOf(attemptId: string, viewer: { asTaker: boolean }, now = new Date()) {
  const attempt = await db.attempt.findUnique({ where: { id: attemptId }, include: { exam: true, slots: { orderBy: { slot: "asc" } } } });
  if (!attempt) throw new DomainError(t.examErrors.attemptNotFound, 404);
  if (attempt.state !== "finished") throw new DomainError(t.examErrors.notSubmitted, 409);
  const exam = attempt.exam;
  const reviewOpen = exam.reviewWhen === "immediately" || now >= exam.closesAt || !viewer.asTaker;
  const mode = viewer.asTaker ? (reviewOpen ? exam.reviewMode : "score") : "full";
  const summary = {
    attemptId: attempt.id,
    number: attempt.number,
    examId: exam.id,
    examTitle: exam.title,
    score: attempt.score,
    maxScore: attempt.maxScore,
    percent: attempt.percent,
    passed: attempt.passed,
    needsGrading: attempt.needsGrading,
    passPercent: exam.passPercent,
    submittedAt: attempt.submittedAt?.toISOString() ?? null,
    submittedBy: attempt.submittedBy,
    mode,
    reviewOpensAt: reviewOpen ? null : exam.closesAt.toISOString(),
  };
  if (mode === "score") return { summary, slots: [] as ReviewSlot[] };
  const versions = new Map((await db.questionVersion.findMany({ where: { id: { in: attempt.slots.map((s) => s.questionVersionId) } } })).map((v) => [v.id, v]));
  const articleIds = [...versions.values()].map((v) => v.sourceArticle).filter((x): x is string => Boolean(x));
  const caseIds = [...versions.values()].map((v) => v.sourceCase).filter((x): x is string => Boolean(x));
  const articles = new Map(
    (await db.article.findMany({ where: { id: { in: articleIds } }, include: { regulation: { select: { shortTitle: true } } } })).map((a) => [a.id, t.exam.articleSource(a.regulation.shortTitle, a.label)]),
  );
  const cases = new Map((await db.case.findMany({ where: { slug: { in: caseIds } }, select: { slug: true, title: true } })).map((c) => [c.slug, c.title]));
  const slots: ReviewSlot[] = attempt.slots.map((s) => {
    const v = versions.get(s.questionVersionId)!;
    const type = v.type as QuestionType;
    const options = JSON.parse(v.optionsJson) as string[];
    const order = JSON.parse(s.optionOrderJson) as number[];
    const displayed = order.map((i) => options[i]!);
    const response = s.responseJson ? describeResponse(type, JSON.parse(s.responseJson), order, displayed) : t.exam.noAnswer;
    const base: ReviewSlot = { slot: s.slot, type, stem: v.stem, options: displayed, points: s.points, fraction: s.fraction, state: s.gradeState, response, comment: s.comment };
    if (mode !== "full") return base;
    const answer = JSON.parse(v.answerJson) as StoredAnswer;
    const shownAnswer =
      type === "single" || type === "multiple"
        ? (answer as number[]).map((i) => `${String.fromCharCode(65 + order.indexOf(i))}. ${options[i]}`).join(t.exam.listSeparator)
        : describeAnswer(type, answer, options);
    return {
      ...base,
      answer: shownAnswer,
      explanation: v.explanation,
      source: v.sourceArticle
        ? { kind: "article", id: v.sourceArticle, label: articles.get(v.sourceArticle) ?? v.sourceArticle }
        : v.sourceCase
          ? { kind: "case", id: v.sourceCase, label: cases.get(v.sourceCase) ?? v.sourceCase }
          : undefined,
    };
  });
  return { summary, slots };
}

function describeResponse(type: QuestionType, r: { choice?: number | null; choices?: number[]; value?: boolean | null; blanks?: string[]; text?: string }, order: number[], displayed: string[]) {
  const label = (stored: number) => {
    const d = order.indexOf(stored);
    return `${String.fromCharCode(65 + d)}. ${displayed[d]}`;
  };
  switch (type) {
    case "single":
      return r.choice === null || r.choice === undefined ? t.exam.noAnswer : label(r.choice);
    case "multiple":
      return r.choices?.length ? r.choices.map(label).join(t.exam.listSeparator) : t.exam.noAnswer;
    case "truefalse":
      return r.value === null || r.value === undefined ? t.exam.noAnswer : r.value ? t.exam.answerTrue : t.exam.answerFalse;
    case "fill":
      return r.blanks?.some((b) => b.trim()) ? r.blanks.map((b) => b || t.exam.emptyBlank).join(t.exam.listSeparator) : t.exam.noAnswer;
    case "short":
      return r.text?.trim() ? r.text : t.exam.noAnswer;
  }
}

// ─── statistics ──────────────────────────────────────────────────────────────

export async function examStatistics(examId: string, scope?: { unitPaths: string[] }) {
  const attempts = await db.attempt.findMany({
    where: { examId, state: "finished", needsGrading: false },
    include: { slots: true },
    orderBy: { submittedAt: "asc" },
  });
  let list = attempts;
  if (scope) {
    const units = await db.orgUnit.findMany({ where: { OR: scope.unitPaths.map((p) => ({ path: { startsWith: p } })) }, select: { id: true } });
    const ids = new Set(units.map((u) => u.id));
    list = attempts.filter((a) => ids.has(a.unitId));
  }
  const percents = list.map((a) => a.percent ?? 0);
  const byQuestion = new Map<string, { fractions: number[]; points: number[]; totals: number[] }>();
  for (const a of list) {
    for (const s of a.slots) {
      const item = byQuestion.get(s.questionId) ?? { fractions: [], points: [], totals: [] };
      item.fractions.push(s.fraction ?? 0);
      item.points.push(s.points);
      item.totals.push(a.score ?? 0);
      byQuestion.set(s.questionId, item);
    }
  }
  const questions = await db.question.findMany({ where: { id: { in: [...byQuestion.keys()] } }, include: { currentVersion: { select: { stem: true, type: true } } } });
  return {
    attempts: list.length,
    meanPercent: list.length ? mean(percents) : null,
    passRate: list.length ? (list.filter((a) => a.passed).length / list.length) * 100 : null,
    distribution: distribution(percents),
    questions: questions
      .map((q) => {
        const item = byQuestion.get(q.id)!;
        return {
          id: q.id,
          stem: q.currentVersion?.stem ?? q.id,
          type: q.currentVersion?.type ?? "",
          n: item.fractions.length,
          facility: facilityIndex(item),
          discrimination: discriminationIndex(item),
        };
      })
      .sort((a, b) => a.facility - b.facility),
  };
}

// ─── manual grading queue ────────────────────────────────────────────────────

export async function gradingQueue(examId: string) {
  const slots = await db.attemptSlot.findMany({
    where: { gradeState: "needsGrading", attempt: { examId, state: "finished" } },
    include: { attempt: { select: { id: true, userId: true, number: true } } },
    orderBy: { id: "asc" },
    take: 100,
  });
  const versions = new Map((await db.questionVersion.findMany({ where: { id: { in: slots.map((s) => s.questionVersionId) } } })).map((v) => [v.id, v]));
  return slots.map((s) => {
    const v = versions.get(s.questionVersionId)!;
    const r = s.responseJson ? (JSON.parse(s.responseJson) as { text?: string }) : null;
    return { attemptId: s.attemptId, slot: s.slot, points: s.points, stem: v.stem, reference: JSON.parse(v.answerJson) as string, response: r?.text ?? "", userId: s.attempt.userId };
  });
}

// ─── regrade ─────────────────────────────────────────────────────────────────

/** Attempts that answered an older version of a question than the current one (candidates for regrade). */
export async function regradeCandidates(questionId: string) {
  const q = await db.question.findUnique({ where: { id: questionId }, select: { currentVersionId: true } });
  if (!q?.currentVersionId) return 0;
  return db.attemptSlot.count({ where: { questionId, questionVersionId: { not: q.currentVersionId }, attempt: { state: "finished" } } });
}

/**
 * Regrades finished attempts that used an older version of `questionId` with the current version's
 * key. Every slot is checked before anything is written, then everything is applied in one
 * transaction: a regrade changes all the attempts it concerns or none. Each changed result gets a
 * correcting record built by recordResult, as submit builds it, and the wrong-answer book follows.
 * Every call leaves a RegradeLog row, a refused one with why.
 */
export async function regradeQuestion(questionId: string, reason: string, actorId: string, now = new Date()) {
  const q = await db.question.findUnique({ where: { id: questionId }, include: { currentVersion: true } });
  if (!q?.currentVersion) throw new DomainError(t.examErrors.questionNotFound, 404);
  const current = q.currentVersion;
  const slots = await db.attemptSlot.findMany({
    where: { questionId, questionVersionId: { not: current.id }, attempt: { state: "finished" } },
    select: { id: true, attemptId: true, questionVersionId: true },
    orderBy: { id: "asc" },
  });
  const log = { questionId, fromVersionId: slots[0]?.questionVersionId ?? current.id, toVersionId: current.id, attempts: slots.length, reason, actorId, at: now };
  const refuse = async (message: string, status: number) => {
    await db.regradeLog.create({ data: { ...log, changed: 0, refusal: message } });
    return new DomainError(message, status);
  };
  if (reason.trim().length < 2) throw await refuse(t.examErrors.regradeReasonRequired, 400);
  const optionCount = (v: { optionsJson: string }) => (JSON.parse(v.optionsJson) as string[]).length;
  const olds = new Map((await db.questionVersion.findMany({ where: { id: { in: [...new Set(slots.map((s) => s.questionVersionId))] } } })).map((v) => [v.id, v]));
  for (const s of slots) {
    const old = olds.get(s.questionVersionId);
    if (!old || old.type !== current.type || optionCount(old) !== optionCount(current)) throw await refuse(t.examErrors.regradeIncompatible, 409);
  }
  const targets = new Set(slots.map((s) => s.id));
  const key = new Map([[current.id, current]]);
  try {
    // Long enough for every attempt of a large exam; rare, and run by a person who waits for it.
    return await db.$transaction(
      async (tx) => {
        const attempts = await tx.attempt.findMany({ where: { id: { in: [...new Set(slots.map((s) => s.attemptId))] } }, include: { exam: true, slots: true } });
        // Responses as the step log has them, not as the slot's column does.
        const logged = new Map((await loggedResponses(tx, attempts.flatMap((a) => a.slots.filter((s) => targets.has(s.id))))).map((s) => [s.id, s]));
        let changed = 0;
        for (const attempt of attempts) {
          const slot = attempt.slots.find((s) => targets.has(s.id));
          if (!slot || slot.gradeState === "needsGrading") continue;
          const [regraded] = gradeSlots([{ ...logged.get(slot.id)!, questionVersionId: current.id }], key);
          if (regraded!.fraction === slot.fraction && regraded!.gradeState === slot.gradeState) continue;
          await tx.attemptSlot.update({ where: { id: slot.id }, data: { fraction: regraded!.fraction, gradeState: regraded!.gradeState } });
          await tx.attemptStep.create({
            data: { attemptId: attempt.id, slot: slot.slot, kind: "regrade", actorId, at: now, dataJson: JSON.stringify({ from: slot.fraction, to: regraded!.fraction, toVersion: current.id, reason }) },
          });
          const all = attempt.slots.map((s) => (s.id === slot.id ? { ...s, fraction: regraded!.fraction, gradeState: regraded!.gradeState } : s));
          const sum = totals(all, attempt.exam.passPercent, attempt.maxScore);
          await tx.attempt.update({ where: { id: attempt.id }, data: { score: sum.score, percent: sum.percent, passed: sum.passed } });
          if (!sum.needsGrading) {
            await recordResult(tx, attempt, sum, [{ questionId, before: slot, after: regraded! }], {
              now,
              correctsId: attempt.recordId ?? undefined,
              context: { regrade: { questionId, reason } },
            });
          }
          changed++;
        }
        await tx.regradeLog.create({ data: { ...log, changed } });
        return { attempts: slots.length, changed };
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    // Nothing was applied (the transaction rolled back); the log still says it was tried, and why not.
    await db.regradeLog.create({ data: { ...log, changed: 0, refusal: error instanceof Error ? error.message.slice(0, 500) : String(error) } });
    throw error;
  }
}

export { totalPoints };
