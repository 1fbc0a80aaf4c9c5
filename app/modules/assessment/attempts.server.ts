// The attempt engine. Starting draws and freezes the questions; the server owns the clock; each
// answer is saved as it is given; time out (or the sweeper) submits what was saved; submitting twice
// changes nothing; grading is a pure function of the saved responses. Keys and explanations never
// leave this module before an attempt is finished and the exam's review setting allows it.
import crypto from "node:crypto";
import { z } from "zod";
import { createCache } from "#app/lib/cache.server.ts";
import { db, direct, fromSqlDate, toSqlDate } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { applies, filtersPositions } from "#app/modules/identity/audience.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { startRefusals, type AccessFacts } from "./access.ts";
import { blueprintSchema, drawQuestions, seededRandom, totalPoints, type Blueprint, type PoolQuestion, type Random } from "./blueprint.ts";
import { questionPool } from "./question-bank.server.ts";
import { grade, type Response } from "./grading.ts";
import type { QuestionType, StoredAnswer } from "./question-format.ts";
import { DomainError } from "#app/lib/domain-error.ts";

/** Saves arriving this long after the deadline still count (network latency); later ones are refused. */
export const SAVE_GRACE_MS = 5_000;
/** The sweeper submits attempts this long past their deadline. */
export const SWEEP_GRACE_MS = 30_000;

type Person = { id: string; unitId: string; unitPath: string; isPartyMember: boolean };
type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

// ─── effective settings (overrides) ──────────────────────────────────────────

export type Effective = { closesAt: Date; extraMinutes: number; maxAttempts: number };

export async function effectiveSettings(
  exam: { id: string; closesAt: Date; maxAttempts: number },
  person: { id: string; unitPath: string },
  tx: Pick<Tx, "examOverride"> = db,
): Promise<Effective> {
  const unitIds = person.unitPath.split("/").filter(Boolean);
  const overrides = await tx.examOverride.findMany({
    where: { examId: exam.id, OR: [{ userId: person.id }, { unitId: { in: unitIds } }] },
    orderBy: { createdAt: "asc" },
  });
  return effectiveFrom(exam, overrides, person);
}

type OverrideRow = { userId: string | null; unitId: string | null; closesAt: Date | null; extraMinutes: number; extraAttempts: number; createdAt: Date };

/** The exam's settings for one person, from the exam's overrides (any order; those for others are ignored). */
export function effectiveFrom(exam: { closesAt: Date; maxAttempts: number }, overrides: OverrideRow[], person: { id: string; unitPath: string }): Effective {
  const mine = overrides
    .filter((o) => o.userId === person.id || (o.unitId !== null && person.unitPath.includes(`/${o.unitId}/`)))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  // A personal override wins over unit ones; among units the latest counts.
  const personal = mine.filter((o) => o.userId === person.id).at(-1);
  const unit = mine.filter((o) => o.unitId).at(-1);
  const o = personal ?? unit;
  return {
    closesAt: o?.closesAt && o.closesAt > exam.closesAt ? o.closesAt : exam.closesAt,
    extraMinutes: o?.extraMinutes ?? 0,
    maxAttempts: exam.maxAttempts === 0 ? 0 : exam.maxAttempts + (o?.extraAttempts ?? 0),
  };
}

export function deadlineFor(startedAt: Date, timeLimitMinutes: number, effective: Effective): Date {
  const byLimit = startedAt.getTime() + (timeLimitMinutes + effective.extraMinutes) * 60_000;
  return new Date(Math.min(byLimit, effective.closesAt.getTime()));
}

// ─── access ──────────────────────────────────────────────────────────────────

/**
 * What a start needs to know about an exam that is the same for everyone: the exam (immutable once
 * created), its overrides, its audience unit and its exam assignments. Kept for a few seconds and
 * shared by concurrent callers, so that 3,000 people pressing "start" at 9:00 read it once; dropped
 * at once by every write that changes it (`changed("exams")`: overrides, assignment changes).
 * Aged by the clock, whatever `now` a caller judges access at.
 */
const snapshots = createCache<string, ReturnType<typeof readExamSnapshot>>({ ttlMs: 5_000, maxEntries: 1_000, topics: ["exams"] });
const examSnapshot = (examId: string) => snapshots.getOrLoad(examId, readExamSnapshot);

async function readExamSnapshot(examId: string) {
  const exam = await db.exam.findUnique({ where: { id: examId } });
  if (!exam) return null;
  const [overrides, audience, assignments] = await Promise.all([
    db.examOverride.findMany({ where: { examId } }),
    exam.audienceUnitId ? db.orgUnit.findUnique({ where: { id: exam.audienceUnitId }, select: { name: true } }) : null,
    exam.requireAssignment ? db.assignment.findMany({ where: { status: "active", kind: "exam", targetId: examId } }) : [],
  ]);
  return { exam, overrides, audience, assignments, blueprint: blueprintSchema.parse(JSON.parse(exam.blueprintJson)) };
}

type Snapshot = NonNullable<Awaited<ReturnType<typeof readExamSnapshot>>>;

/** The facts about this person and exam that do not depend on their attempts. */
async function personFacts(snapshot: Snapshot, person: Person) {
  const { exam } = snapshot;
  return {
    effective: effectiveFrom(exam, snapshot.overrides, person),
    audience: audienceCheck(exam, snapshot.audience, person),
    assigned: exam.requireAssignment ? await hasExamAssignment(snapshot.assignments, person) : null,
    unmet: await unmetPrerequisites(exam.prerequisitesJson, person.id),
  };
}

function factsOf(snapshot: Snapshot, p: Awaited<ReturnType<typeof personFacts>>, attempts: { state: string }[], now: Date): AccessFacts {
  return {
    now,
    opensAt: snapshot.exam.opensAt,
    closesAt: p.effective.closesAt,
    status: snapshot.exam.status,
    maxAttempts: p.effective.maxAttempts,
    attemptsUsed: attempts.length,
    hasAttemptInProgress: attempts.some((a) => a.state === "inProgress"),
    inAudience: p.audience.ok,
    audienceReason: p.audience.reason,
    assigned: p.assigned,
    unmetPrerequisites: p.unmet,
  };
}

export async function accessFacts(examId: string, person: Person, now = new Date()) {
  const snapshot = await examSnapshot(examId);
  if (!snapshot) throw new DomainError(t.examErrors.examNotFound, 404);
  const p = await personFacts(snapshot, person);
  const attempts = await db.attempt.findMany({ where: { examId, userId: person.id }, orderBy: { number: "asc" } });
  const facts = factsOf(snapshot, p, attempts, now);
  return { exam: snapshot.exam, effective: p.effective, attempts, facts, refusals: startRefusals(facts) };
}

/** An active assignment of this exam that applies to the person (their unit or above, filters met). */
async function hasExamAssignment(assignments: { unitId: string; partyOnly: boolean; positionsJson: string }[], person: Person) {
  const mine = assignments.filter((a) => person.unitPath.includes(`/${a.unitId}/`));
  if (mine.length === 0) return false;
  // The position is read only when some assignment filters by it.
  const position = mine.some(filtersPositions) ? ((await db.user.findUnique({ where: { id: person.id }, select: { position: true } }))?.position ?? "") : "";
  return mine.some((a) => applies(a, { isPartyMember: person.isPartyMember, position }));
}

function audienceCheck(exam: { audienceUnitId: string | null; partyOnly: boolean }, unit: { name: string } | null, person: Person) {
  if (exam.partyOnly && !person.isPartyMember) return { ok: false, reason: t.examAccess.partyOnly };
  if (!exam.audienceUnitId) return { ok: true, reason: "" };
  // By id within the person's own path (fresh with the person), not by the unit's cached path, so a
  // moved unit counts at once.
  if (unit && person.unitPath.includes(`/${exam.audienceUnitId}/`)) return { ok: true, reason: "" };
  return { ok: false, reason: t.examAccess.outsideAudience(unit?.name ?? t.examAccess.someUnit) };
}

const prerequisites = z.object({ courses: z.array(z.string()).default([]), pledgeYear: z.number().int().nullable().default(null) });

/** Prerequisites are read from the record store: what a person has done is recorded there once. */
async function unmetPrerequisites(json: string, userId: string): Promise<string[]> {
  const p = prerequisites.safeParse(JSON.parse(json || "{}"));
  if (!p.success) return [];
  const unmet: string[] = [];
  for (const courseId of p.data.courses) {
    const done = await db.record.findFirst({ where: { actorId: userId, verb: "completed", objectType: "course", objectId: courseId }, select: { id: true } });
    if (!done) {
      const c = await db.course.findUnique({ where: { id: courseId }, select: { title: true } });
      unmet.push(t.examAccess.finishCourse(c?.title ?? courseId));
    }
  }
  if (p.data.pledgeYear) {
    const signed = await db.record.findFirst({
      where: { actorId: userId, verb: "signed", objectType: "pledge", contextJson: { contains: `"year":${p.data.pledgeYear}` } },
      select: { id: true },
    });
    if (!signed) unmet.push(t.examAccess.signPledge(p.data.pledgeYear));
  }
  return unmet;
}

// ─── starting ────────────────────────────────────────────────────────────────

/**
 * Starts an attempt, or returns the one in progress (a second click or a reload never makes two).
 * The check of the person's attempts and the writes run as one transaction of prepared statements on
 * the direct connection (ADR 009): this is the request 3,000 people send in the same second.
 */
export async function startAttempt(examId: string, person: Person, now = new Date()): Promise<{ id: string; number: number; startedAt: Date; deadlineAt: Date }> {
  const snapshot = await examSnapshot(examId);
  if (!snapshot) throw new DomainError(t.examErrors.examNotFound, 404);
  const p = await personFacts(snapshot, person);
  const { exam, blueprint } = snapshot;
  const pool = await questionPool();
  const random = seededRandom(crypto.randomInt(0, 2 ** 32 - 1));
  const deadlineAt = deadlineFor(now, exam.timeLimitMinutes, p.effective);
  return direct((c) =>
    c.transaction(() => {
      const existing = c
        .prepare(`SELECT "id", "state", "number", "startedAt", "deadlineAt" FROM "Attempt" WHERE "examId" = ? AND "userId" = ? ORDER BY "number"`)
        .all(examId, person.id) as { id: string; state: string; number: number; startedAt: string; deadlineAt: string }[];
      const open = existing.find((a) => a.state === "inProgress");
      if (open) return { id: open.id, number: open.number, startedAt: fromSqlDate(open.startedAt), deadlineAt: fromSqlDate(open.deadlineAt) };
      const refusals = startRefusals(factsOf(snapshot, p, existing, now));
      if (refusals.length > 0) throw new DomainError(refusals.join(" "), 403);
      const slots = drawOrRefuse(pool, blueprint, random, exam.shuffleOptions);
      const [id, ...slotIds] = newIds(slots.length + 1) as [string, ...string[]];
      const number = existing.length + 1;
      const at = toSqlDate(now);
      c.prepare(
        `INSERT INTO "Attempt" ("id", "examId", "userId", "unitId", "number", "state", "startedAt", "deadlineAt", "maxScore", "needsGrading") VALUES (?, ?, ?, ?, ?, 'inProgress', ?, ?, ?, 0)`,
      ).run(id, examId, person.id, person.unitId, number, at, toSqlDate(deadlineAt), totalPoints(blueprint));
      const slot = c.prepare(
        `INSERT INTO "AttemptSlot" ("id", "attemptId", "slot", "questionId", "questionVersionId", "points", "optionOrderJson", "comment") VALUES (?, ?, ?, ?, ?, ?, ?, '')`,
      );
      slots.forEach((s, i) => slot.run(slotIds[i], id, s.slot, s.questionId, s.versionId, s.points, JSON.stringify(s.optionOrder)));
      c.prepare(`INSERT INTO "AttemptStep" ("attemptId", "slot", "kind", "dataJson", "actorId", "at") VALUES (?, NULL, 'start', ?, ?, ?)`).run(id, JSON.stringify({ slots: slots.length }), person.id, at);
      return { id, number, startedAt: now, deadlineAt };
    })(),
  );
}

/**
 * The draw fails only when the pool no longer meets the blueprint (questions retired or revealed since
 * the exam was checked): that is a state of the exam, not a fault of the server, so it is a 409.
 */
function drawOrRefuse(pool: PoolQuestion[], blueprint: Blueprint, random: Random, shuffleOptions: boolean) {
  try {
    return drawQuestions(pool, blueprint, random, { shuffleOptions });
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(t.examErrors.drawImpossible, 409);
    throw error;
  }
}

/** Collision-free ids of the same shape as Prisma's cuid(): 25 lowercase letters and digits, starting with "c". */
function newIds(n: number): string[] {
  const time = Date.now().toString(36).padStart(9, "0");
  const random = crypto.randomBytes(8 * n).toString("hex");
  return Array.from({ length: n }, (_, i) => `c${time}${random.slice(i * 16, i * 16 + 15)}`);
}

// ─── taking ──────────────────────────────────────────────────────────────────

export type TakerSlot = {
  slot: number;
  type: QuestionType;
  stem: string;
  /** Options in this person's display order. */
  options: string[];
  blanks: number;
  points: number;
  /** The saved response in display terms. */
  saved: DisplayResponse | null;
};

export type DisplayResponse = { choice?: number | null; choices?: number[]; value?: boolean | null; blanks?: string[]; text?: string };

async function ownAttempt(attemptId: string, userId: string) {
  const attempt = await db.attempt.findUnique({ where: { id: attemptId }, include: { exam: true } });
  if (!attempt || attempt.userId !== userId) throw new DomainError(t.examErrors.attemptNotFound, 404);
  return attempt;
}

/** What the taker's page shows: questions without keys, saved answers, and the server's remaining time. */
export async function takingView(attemptId: string, userId: string, now = new Date()) {
  let attempt = await ownAttempt(attemptId, userId);
  if (attempt.state === "inProgress" && now.getTime() > attempt.deadlineAt.getTime() + SAVE_GRACE_MS) {
    await submitAttempt(attempt.id, { by: "timeout", now });
    attempt = await ownAttempt(attemptId, userId);
  }
  if (attempt.state !== "inProgress") return { finished: true as const, attemptId: attempt.id };
  const slots = await db.attemptSlot.findMany({ where: { attemptId }, orderBy: { slot: "asc" } });
  const versions = await db.questionVersion.findMany({ where: { id: { in: slots.map((s) => s.questionVersionId) } } });
  const byId = new Map(versions.map((v) => [v.id, v]));
  const view: TakerSlot[] = slots.map((s) => {
    const v = byId.get(s.questionVersionId)!;
    const order = JSON.parse(s.optionOrderJson) as number[];
    const options = JSON.parse(v.optionsJson) as string[];
    return {
      slot: s.slot,
      type: v.type as QuestionType,
      stem: v.stem,
      options: order.map((i) => options[i]!),
      blanks: v.stem.split("____").length - 1,
      points: s.points,
      saved: s.responseJson ? toDisplay(JSON.parse(s.responseJson) as Response, order) : null,
    };
  });
  return {
    finished: false as const,
    attempt: { id: attempt.id, number: attempt.number, deadlineAt: attempt.deadlineAt.toISOString(), remainingMs: Math.max(0, attempt.deadlineAt.getTime() - now.getTime()), maxScore: attempt.maxScore },
    exam: { id: attempt.exam.id, title: attempt.exam.title },
    slots: view,
  };
}

function toDisplay(r: Response, order: number[]): DisplayResponse {
  switch (r.type) {
    case "single":
      return { choice: r.choice === null ? null : order.indexOf(r.choice) };
    case "multiple":
      return { choices: r.choices.map((c) => order.indexOf(c)) };
    case "truefalse":
      return { value: r.value };
    case "fill":
      return { blanks: r.blanks };
    case "short":
      return { text: r.text };
  }
}

export const displayResponseSchema = z
  .object({
    choice: z.number().int().min(0).max(20).nullable().optional(),
    choices: z.array(z.number().int().min(0).max(20)).max(20).optional(),
    value: z.boolean().nullable().optional(),
    blanks: z.array(z.string().max(200)).max(20).optional(),
    text: z.string().max(5000).optional(),
  })
  .strict();

function fromDisplay(type: QuestionType, d: DisplayResponse, order: number[]): Response {
  const stored = (i: number) => {
    const s = order[i];
    if (s === undefined) throw new DomainError(t.examErrors.optionNotFound);
    return s;
  };
  switch (type) {
    case "single":
      return { type, choice: d.choice === null || d.choice === undefined ? null : stored(d.choice) };
    case "multiple":
      return { type, choices: [...new Set((d.choices ?? []).map(stored))].sort((a, b) => a - b) };
    case "truefalse":
      return { type, value: d.value ?? null };
    case "fill":
      return { type, blanks: d.blanks ?? [] };
    case "short":
      return { type, text: d.text ?? "" };
  }
}

/** Saves one answer. Refused after submission or once the server's clock has run out. */
export async function saveAnswer(attemptId: string, userId: string, slot: number, response: DisplayResponse, now = new Date()) {
  // The hottest write of exam day (every answer of every person): prepared statements in one
  // transaction on the direct connection, not five Prisma queries (docs/decisions/009).
  return direct((c) =>
    c.transaction(() => {
      const row = c
        .prepare(
          `SELECT a."userId", a."state", a."deadlineAt", s."id" AS "slotId", s."optionOrderJson", v."type"
           FROM "Attempt" a
           LEFT JOIN "AttemptSlot" s ON s."attemptId" = a."id" AND s."slot" = ?
           LEFT JOIN "QuestionVersion" v ON v."id" = s."questionVersionId"
           WHERE a."id" = ?`,
        )
        .get(slot, attemptId) as { userId: string; state: string; deadlineAt: string; slotId: string | null; optionOrderJson: string | null; type: string | null } | undefined;
      if (!row || row.userId !== userId) throw new DomainError(t.examErrors.attemptNotFound, 404);
      if (row.state !== "inProgress") throw new DomainError(t.examErrors.alreadySubmitted, 409);
      const deadline = fromSqlDate(row.deadlineAt).getTime();
      if (now.getTime() > deadline + SAVE_GRACE_MS) throw new DomainError(t.examErrors.timeUp, 409);
      if (!row.slotId || !row.type || row.optionOrderJson === null) throw new DomainError(t.examErrors.questionNotFound, 404);
      const stored = JSON.stringify(fromDisplay(row.type as QuestionType, response, JSON.parse(row.optionOrderJson) as number[]));
      const at = toSqlDate(now);
      c.prepare(`UPDATE "AttemptSlot" SET "responseJson" = ?, "savedAt" = ? WHERE "id" = ?`).run(stored, at, row.slotId);
      c.prepare(`INSERT INTO "AttemptStep" ("attemptId", "slot", "kind", "actorId", "at", "dataJson") VALUES (?, ?, 'save', ?, ?, ?)`).run(attemptId, slot, userId, at, stored);
      return { savedAt: now.toISOString(), remainingMs: Math.max(0, deadline - now.getTime()) };
    })(),
  );
}

// ─── submitting and grading ──────────────────────────────────────────────────

type SlotRow = { id: string; slot: number; points: number; questionVersionId: string; responseJson: string | null; fraction: number | null; gradeState: string | null };

/**
 * Each slot's response as the step log has it: the last "save" step of that slot (a save writes the
 * step and the slot's column in one transaction, and nothing else writes either). A slot with no save
 * step keeps its column (an attempt not made through saveAnswer, such as one imported).
 */
export async function loggedResponses<S extends { attemptId: string; slot: number; responseJson: string | null }>(tx: Pick<Tx, "attemptStep">, slots: S[]): Promise<S[]> {
  const key = (attemptId: string, slot: number | null) => `${attemptId}#${slot}`;
  const last = new Map<string, string>();
  for (let i = 0; i < slots.length; i += 400) {
    const chunk = slots.slice(i, i + 400);
    const steps = await tx.attemptStep.findMany({
      where: { kind: "save", OR: chunk.map((s) => ({ attemptId: s.attemptId, slot: s.slot })) },
      select: { attemptId: true, slot: true, dataJson: true },
      orderBy: { id: "asc" },
    });
    for (const step of steps) last.set(key(step.attemptId, step.slot), step.dataJson);
  }
  return slots.map((s) => ({ ...s, responseJson: last.get(key(s.attemptId, s.slot)) ?? s.responseJson }));
}

/** Grades every slot from its saved response; short answers wait for a person. Pure over the rows given. */
export function gradeSlots<S extends SlotRow>(slots: S[], versions: Map<string, { type: string; answerJson: string }>): S[] {
  return slots.map((s) => {
    const v = versions.get(s.questionVersionId)!;
    const g = grade({ type: v.type as QuestionType, answer: JSON.parse(v.answerJson) as StoredAnswer }, s.responseJson ? (JSON.parse(s.responseJson) as Response) : null);
    return { ...s, fraction: g.fraction, gradeState: g.state };
  });
}

export function totals(slots: { points: number; fraction: number | null; gradeState: string | null }[], passPercent: number, maxScore: number) {
  const score = slots.reduce((sum, s) => sum + s.points * (s.fraction ?? 0), 0);
  const needsGrading = slots.some((s) => s.gradeState === "needsGrading");
  const percent = maxScore > 0 ? (score / maxScore) * 100 : 0;
  return { score: Math.round(score * 100) / 100, percent: Math.round(percent * 100) / 100, needsGrading, passed: needsGrading ? null : percent >= passPercent };
}

/**
 * Submits an attempt with what was saved. Idempotent: only the request that moves it out of
 * "inProgress" grades it; every other (a double click, 50 at once, the sweeper) changes nothing.
 */
export async function submitAttempt(attemptId: string, options: { by: "manual" | "timeout" | "sweeper"; actorId?: string; now?: Date }) {
  const now = options.now ?? new Date();
  const done = await db.$transaction(async (tx) => {
    const moved = await tx.attempt.updateMany({ where: { id: attemptId, state: "inProgress" }, data: { state: "finished", submittedAt: now, submittedBy: options.by } });
    if (moved.count === 0) return null;
    const attempt = await tx.attempt.findUniqueOrThrow({ where: { id: attemptId }, include: { exam: true } });
    const slots = await tx.attemptSlot.findMany({ where: { attemptId } });
    const versions = new Map(
      (await tx.questionVersion.findMany({ where: { id: { in: slots.map((s) => s.questionVersionId) } }, select: { id: true, type: true, answerJson: true } })).map((v) => [v.id, v]),
    );
    const graded = gradeSlots(slots, versions);
    for (const s of graded) await tx.attemptSlot.update({ where: { id: s.id }, data: { fraction: s.fraction, gradeState: s.gradeState } });
    const t = totals(graded, attempt.exam.passPercent, attempt.maxScore);
    await tx.attempt.update({
      where: { id: attemptId },
      data: { score: t.score, percent: t.percent, passed: t.passed, needsGrading: t.needsGrading, gradedAt: t.needsGrading ? null : now },
    });
    await tx.attemptStep.create({ data: { attemptId, kind: options.by === "manual" ? "submit" : "autosubmit", actorId: options.actorId ?? null, at: now, dataJson: JSON.stringify(t) } });
    if (!t.needsGrading) await recordResult(tx, attempt, t, firstGrade(graded), { now });
    return t;
  });
  return done;
}

type Grade = { fraction: number | null; gradeState: string | null };

/**
 * What one grading did to a question of the attempt, for the wrong-answer book: its grade before
 * (null: not yet in the book's count, as at submission or at the first complete grade) and after.
 */
export type BookChange = { questionId: string; before: Grade | null; after: Grade };

const isWrong = (g: Grade) => g.gradeState !== "correct" && g.gradeState !== "needsGrading" && (g.fraction ?? 0) < 1;

/** Every slot of a first complete grade, as book changes. */
export function firstGrade(slots: ({ questionId: string } & Grade)[]): BookChange[] {
  return slots.map((s) => ({ questionId: s.questionId, before: null, after: s }));
}

/**
 * The exam-result record and the wrong-answer book, for a graded attempt: the one function submit,
 * manual grading and regrade all use, so a corrected result carries what the first one did. The
 * duration is the time taken (start to submission), whenever the grade is given.
 */
export async function recordResult(
  tx: Tx,
  attempt: { id: string; userId: string; unitId: string; number: number; startedAt: Date; submittedAt: Date | null; maxScore: number; exam: { id: string; title: string } },
  sum: { score: number; percent: number; passed: boolean | null },
  book: BookChange[],
  options: { now: Date; correctsId?: string; context?: Record<string, unknown> },
) {
  const { now } = options;
  const record = await appendRecord(
    {
      actorId: attempt.userId,
      unitId: attempt.unitId,
      verb: sum.passed ? "passed" : "failed",
      object: { type: "exam", id: attempt.exam.id, name: attempt.exam.title },
      result: {
        score: { raw: sum.score, max: attempt.maxScore, scaled: attempt.maxScore ? sum.score / attempt.maxScore : 0 },
        success: Boolean(sum.passed),
        completion: true,
        durationSeconds: Math.round(((attempt.submittedAt ?? now).getTime() - attempt.startedAt.getTime()) / 1000),
      },
      context: { attemptId: attempt.id, attemptNumber: attempt.number, ...options.context },
      timestamp: now,
      correctsId: options.correctsId,
    },
    tx,
  );
  await tx.attempt.update({ where: { id: attempt.id }, data: { recordId: record.id } });
  for (const change of book) {
    const wasWrong = change.before !== null && isWrong(change.before);
    const nowWrong = isWrong(change.after);
    const key = { userId_questionId: { userId: attempt.userId, questionId: change.questionId } };
    if (nowWrong && !wasWrong) {
      await tx.wrongAnswer.upsert({
        where: key,
        create: { userId: attempt.userId, questionId: change.questionId, lastWrongAt: now },
        update: { timesWrong: { increment: 1 }, lastWrongAt: now, resolvedAt: null },
      });
    } else if (wasWrong && !nowWrong) {
      // A wrong answer that a correction made right is taken back out of the book, as if it had
      // been graded right the first time.
      const row = await tx.wrongAnswer.findUnique({ where: key });
      if (row && row.timesWrong <= 1) await tx.wrongAnswer.delete({ where: key });
      else if (row) await tx.wrongAnswer.update({ where: key, data: { timesWrong: { decrement: 1 } } });
    }
  }
}

/** Submits every attempt whose time ran out and whose taker never came back. Safe to run anywhere, any time. */
export async function sweepOverdue(now = new Date()) {
  const overdue = await db.attempt.findMany({
    where: { state: "inProgress", deadlineAt: { lt: new Date(now.getTime() - SWEEP_GRACE_MS) } },
    select: { id: true },
    take: 500,
  });
  let submitted = 0;
  for (const a of overdue) if (await submitAttempt(a.id, { by: "sweeper", now })) submitted++;
  return submitted;
}

// ─── manual grading ──────────────────────────────────────────────────────────

export async function gradeManually(attemptId: string, slot: number, input: { fraction: number; comment: string }, graderId: string, now = new Date()) {
  if (!(input.fraction >= 0 && input.fraction <= 1)) throw new DomainError(t.examErrors.gradeOutOfRange);
  return db.$transaction(async (tx) => {
    const attempt = await tx.attempt.findUnique({ where: { id: attemptId }, include: { exam: true } });
    if (!attempt || attempt.state !== "finished") throw new DomainError(t.examErrors.gradeUnsubmitted);
    const s = await tx.attemptSlot.findUnique({ where: { attemptId_slot: { attemptId, slot } } });
    if (!s) throw new DomainError(t.examErrors.questionNotFound, 404);
    const wasPending = attempt.needsGrading;
    await tx.attemptSlot.update({
      where: { id: s.id },
      data: { fraction: input.fraction, gradeState: input.fraction >= 1 ? "correct" : input.fraction > 0 ? "partial" : "wrong", comment: input.comment.slice(0, 2000), gradedById: graderId },
    });
    await tx.attemptStep.create({ data: { attemptId, slot, kind: "manualGrade", actorId: graderId, at: now, dataJson: JSON.stringify(input) } });
    const slots = await tx.attemptSlot.findMany({ where: { attemptId } });
    const sum = totals(slots, attempt.exam.passPercent, attempt.maxScore);
    await tx.attempt.update({
      where: { id: attemptId },
      data: { score: sum.score, percent: sum.percent, passed: sum.passed, needsGrading: sum.needsGrading, gradedAt: sum.needsGrading ? null : now },
    });
    if (!sum.needsGrading) {
      // The first complete grade is recorded and fills the book; a later change is a correction
      // pointing at it, and moves the book only for the slot it changed.
      const book = wasPending ? firstGrade(slots) : [{ questionId: s.questionId, before: s, after: slots.find((x) => x.id === s.id)! }];
      await recordResult(tx, attempt, sum, book, { now, correctsId: wasPending ? undefined : (attempt.recordId ?? undefined) });
    }
    return sum;
  });
}

// ─── listing ─────────────────────────────────────────────────────────────────

export type ExamCard = {
  id: string;
  title: string;
  opensAt: string;
  closesAt: string;
  timeLimitMinutes: number;
  state: "inProgress" | "available" | "passed" | "finished" | "unavailable";
  bestPercent: number | null;
  attemptInProgress: string | null;
  reason: string | null;
};

/** The exams a person may see (their audience), with where they stand in each. */
export async function examsForPerson(person: Person, now = new Date()): Promise<ExamCard[]> {
  const exams = await db.exam.findMany({ where: { status: "published" }, orderBy: { closesAt: "asc" } });
  const cards: ExamCard[] = [];
  for (const exam of exams) {
    const access = await accessFacts(exam.id, person, now);
    if (!access.facts.inAudience) continue;
    const finished = access.attempts.filter((a) => a.state === "finished");
    const open = access.attempts.find((a) => a.state === "inProgress");
    const best = finished.reduce<number | null>((m, a) => (a.percent !== null && (m === null || a.percent > m) ? a.percent : m), null);
    const passed = finished.some((a) => a.passed);
    cards.push({
      id: exam.id,
      title: exam.title,
      opensAt: exam.opensAt.toISOString(),
      closesAt: access.effective.closesAt.toISOString(),
      timeLimitMinutes: exam.timeLimitMinutes + access.effective.extraMinutes,
      state: open ? "inProgress" : access.refusals.length === 0 ? "available" : passed ? "passed" : finished.length ? "finished" : "unavailable",
      bestPercent: best,
      attemptInProgress: open?.id ?? null,
      reason: access.refusals[0] ?? null,
    });
  }
  return cards;
}
