import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { grant, makeOrg, makeQuestions, makeUser, single } from "#tests/factories.ts";
import { checkBlueprint, drawQuestions, seededRandom, type PoolQuestion } from "./blueprint.ts";
import { gradeManually, saveAnswer, startAttempt, submitAttempt, sweepOverdue, takingView } from "./attempts.server.ts";
import { addOverride, createExam, examStatistics, regradeQuestion, reviewOf, type ExamInput } from "./exams.server.ts";
import { discriminationIndex, distribution, facilityIndex } from "./statistics.ts";
import { assignmentInput, createAssignment } from "#app/modules/learning/assignments.server.ts";
import { action as examAction } from "#app/routes/exam.tsx";
import { callRoute, requestAs } from "#tests/factories.ts";
import { addQuestionVersion, questionPool } from "./question-bank.server.ts";
import { questionSchema } from "./question-format.ts";
import { DomainError } from "#app/lib/domain-error.ts";

const MIN = 60_000;

function pool(n: number, type: PoolQuestion["type"] = "single", extra: Partial<PoolQuestion> = {}): PoolQuestion[] {
  return Array.from({ length: n }, (_, i) => ({ questionId: `${type}-${i}`, versionId: `v-${type}-${i}`, type, difficulty: 1, tags: ["廉洁纪律"], bank: "b", optionCount: 4, ...extra }));
}

describe("blueprint drawing", () => {
  test("draws distinct questions per rule and shuffles options per person", () => {
    const p = [...pool(10), ...pool(5, "truefalse")];
    const bp = [
      { type: "single" as const, count: 6, points: 2, tags: [], difficulty: null, bank: null },
      { type: "truefalse" as const, count: 3, points: 1, tags: [], difficulty: null, bank: null },
    ];
    const a = drawQuestions(p, bp, seededRandom(1), { shuffleOptions: true });
    const b = drawQuestions(p, bp, seededRandom(2), { shuffleOptions: true });
    expect(a).toHaveLength(9);
    expect(new Set(a.map((s) => s.questionId)).size).toBe(9);
    expect(a.slice(0, 6).every((s) => s.questionId.startsWith("single") && s.points === 2)).toBe(true);
    expect(a.map((s) => s.slot)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const s of a) expect([...s.optionOrder].sort()).toEqual([0, 1, 2, 3]);
    expect(a.slice(6).every((s) => s.optionOrder.join() === "0,1,2,3")).toBe(true); // true/false is not shuffled
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(drawQuestions(p, bp, seededRandom(1), { shuffleOptions: true })).toEqual(a); // replayable
  });

  test("not enough questions is a clear error naming the rule", () => {
    const p = [...pool(3), ...pool(2, "single", { difficulty: 3 })].map((q, i) => ({ ...q, questionId: `q${i}` }));
    const bp = [{ type: "single" as const, count: 4, points: 1, tags: ["廉洁纪律"], difficulty: 3 as const, bank: null }];
    expect(checkBlueprint(p, bp)).toEqual(["题库中符合“单选题、标签“廉洁纪律”、难度 3”的题目只有 2 道，蓝图需要 4 道。"]);
    expect(() => drawQuestions(p, bp, seededRandom(1), { shuffleOptions: false })).toThrow(DomainError);
  });

  test("a question is never drawn twice across rules", () => {
    const p = pool(5);
    const bp = [
      { type: "single" as const, count: 3, points: 1, tags: [], difficulty: null, bank: null },
      { type: "single" as const, count: 3, points: 1, tags: [], difficulty: null, bank: null },
    ];
    expect(checkBlueprint(p, bp)).toHaveLength(1);
  });
});

describe("statistics (Moodle's definitions), on a hand-checked example", () => {
  test("facility and discrimination index", () => {
    // Four attempts; the item is worth 1 point. Totals 10, 8, 6, 2; the item was right in the first two.
    const item = { fractions: [1, 1, 0, 0], points: [1, 1, 1, 1], totals: [10, 8, 6, 2] };
    expect(facilityIndex(item)).toBe(50);
    // Rest of test = 9, 7, 6, 2. r = (4/3) / (sqrt(1/3) · sqrt(26/3)) = 0.78446…
    expect(discriminationIndex(item)).toBeCloseTo(78.446, 2);
    expect(discriminationIndex({ fractions: [1, 1], points: [1, 1], totals: [5, 3] })).toBeNaN(); // no variance
    expect(distribution([0, 9.9, 10, 55, 100, 100]).map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });
});

async function setup(options: Partial<ExamInput> = {}) {
  const org = await makeOrg();
  const trainer = await makeUser(org.city.id);
  await grant(trainer.id, "trainer", org.city.id);
  const staffRow = await makeUser(org.eastBranch.id);
  const staff = { id: staffRow.id, unitId: org.eastBranch.id, unitPath: org.eastBranch.path, isPartyMember: true };
  const tag = `t${Math.random().toString(36).slice(2, 8)}`;
  await makeQuestions(`bank-${tag}`, [
    single(`${tag}-a`, 1, { tags: [tag] }),
    single(`${tag}-b`, 2, { tags: [tag] }),
    { id: `${tag}-c`, type: "truefalse", difficulty: 1, tags: [tag], source: { case: "c1" }, stem: "判断题", answer: false, explanation: "解析" },
    { id: `${tag}-d`, type: "short", difficulty: 2, tags: [tag], source: { article: "test:2" }, stem: "简答题", answer: "参考答案", explanation: "" },
  ]);
  const now = Date.now();
  const exam = await createExam(
    {
      title: "测试考试",
      description: "",
      blueprint: [
        { type: "single", count: 2, points: 10, tags: [tag], difficulty: null, bank: null },
        { type: "truefalse", count: 1, points: 5, tags: [tag], difficulty: null, bank: null },
      ],
      opensAt: new Date(now - 60 * MIN),
      closesAt: new Date(now + 24 * 60 * MIN),
      timeLimitMinutes: 30,
      maxAttempts: 2,
      passPercent: 60,
      reviewMode: "full",
      reviewWhen: "immediately",
      shuffleOptions: true,
      audienceUnitId: null,
      partyOnly: false,
      ...options,
    },
    trainer.id,
  );
  return { org, trainer, staff, exam, tag };
}

/** Answers every slot correctly, using the key held in the database (as a test may). */
async function answerAllCorrectly(attemptId: string, userId: string, now?: Date) {
  const slots = await db.attemptSlot.findMany({ where: { attemptId }, orderBy: { slot: "asc" } });
  for (const s of slots) {
    const v = await db.questionVersion.findUniqueOrThrow({ where: { id: s.questionVersionId } });
    const key = JSON.parse(v.answerJson);
    const order = JSON.parse(s.optionOrderJson) as number[];
    if (v.type === "single") await saveAnswer(attemptId, userId, s.slot, { choice: order.indexOf(key[0]) }, now);
    if (v.type === "truefalse") await saveAnswer(attemptId, userId, s.slot, { value: key }, now);
  }
}

describe("the attempt engine", () => {
  test("start freezes the draw; the taker's view carries no key or explanation; a second start resumes", async () => {
    const { staff, exam } = await setup();
    const a = await startAttempt(exam.id, staff);
    const again = await startAttempt(exam.id, staff);
    expect(again.id).toBe(a.id);
    expect(await db.attemptSlot.count({ where: { attemptId: a.id } })).toBe(3);
    const view = await takingView(a.id, staff.id);
    expect(view.finished).toBe(false);
    const json = JSON.stringify(view);
    expect(json).not.toMatch(/answer|explanation|解析/);
    if (!view.finished) expect(view.attempt.remainingMs).toBeGreaterThan(29 * MIN);
  });

  test("twenty simultaneous starts by one person make one attempt", async () => {
    const { staff, exam } = await setup();
    const started = await Promise.all(Array.from({ length: 20 }, () => startAttempt(exam.id, staff)));
    expect(new Set(started.map((a) => a.id)).size).toBe(1);
    expect(await db.attempt.count({ where: { examId: exam.id, userId: staff.id } })).toBe(1);
    const row = await db.attempt.findUniqueOrThrow({ where: { id: started[0]!.id }, include: { slots: true, steps: true } });
    expect(row.slots).toHaveLength(3);
    expect(row.steps.map((s) => s.kind)).toEqual(["start"]);
    expect(row.deadlineAt.getTime()).toBe(started[0]!.deadlineAt.getTime());
  });

  test("answers are saved as given, survive a reload, and grading is a pure function of them", async () => {
    const { staff, exam } = await setup();
    const a = await startAttempt(exam.id, staff);
    await answerAllCorrectly(a.id, staff.id);
    const view = await takingView(a.id, staff.id);
    if (view.finished) throw new Error("should be open");
    expect(view.slots.every((s) => s.saved !== null)).toBe(true);
    const result = await submitAttempt(a.id, { by: "manual", actorId: staff.id });
    expect(result).toMatchObject({ score: 25, percent: 100, passed: true, needsGrading: false });
    const attempt = await db.attempt.findUniqueOrThrow({ where: { id: a.id } });
    const record = await db.record.findUniqueOrThrow({ where: { id: attempt.recordId! } });
    expect(record).toMatchObject({ verb: "passed", objectType: "exam", objectId: exam.id, actorId: staff.id });
  });

  test("submitting twice, or 50 times at once, gives one finished attempt and one grade", async () => {
    const { staff, exam } = await setup();
    const a = await startAttempt(exam.id, staff);
    await answerAllCorrectly(a.id, staff.id);
    const results = await Promise.all(Array.from({ length: 50 }, () => submitAttempt(a.id, { by: "manual", actorId: staff.id })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db.record.count({ where: { objectId: exam.id, actorId: staff.id } })).toBe(1);
    expect(await db.attemptStep.count({ where: { attemptId: a.id, kind: "submit" } })).toBe(1);
    await expect(saveAnswer(a.id, staff.id, 1, { choice: 0 })).rejects.toThrow("本次作答已提交，不能再修改答案。");
  });

  test("the server owns the clock: saving after time is refused; opening after time submits what was saved", async () => {
    const { staff, exam } = await setup({ timeLimitMinutes: 10 });
    const start = new Date();
    const a = await startAttempt(exam.id, staff, start);
    await saveAnswer(a.id, staff.id, 1, { choice: 0 }, new Date(start.getTime() + 5 * MIN));
    await expect(saveAnswer(a.id, staff.id, 2, { choice: 0 }, new Date(start.getTime() + 11 * MIN))).rejects.toThrow("考试时间已到，答案未保存。");
    const view = await takingView(a.id, staff.id, new Date(start.getTime() + 11 * MIN));
    expect(view.finished).toBe(true);
    const attempt = await db.attempt.findUniqueOrThrow({ where: { id: a.id }, include: { slots: true } });
    expect(attempt).toMatchObject({ state: "finished", submittedBy: "timeout" });
    expect(attempt.slots.filter((s) => s.responseJson !== null)).toHaveLength(1);
  });

  test("the sweeper submits attempts whose taker never came back, once", async () => {
    const { staff, exam } = await setup({ timeLimitMinutes: 5 });
    const start = new Date(Date.now() - 10 * MIN);
    const a = await startAttempt(exam.id, staff, start);
    expect(await sweepOverdue(new Date(start.getTime() + 4 * MIN))).toBe(0);
    expect(await sweepOverdue()).toBeGreaterThanOrEqual(1);
    expect(await sweepOverdue()).toBe(0);
    expect(await db.attempt.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ state: "finished", submittedBy: "sweeper", passed: false });
  });

  test("access rules refuse with a reason: window, attempts, audience", async () => {
    const { staff, exam, org } = await setup({ maxAttempts: 1 });
    const a = await startAttempt(exam.id, staff);
    await submitAttempt(a.id, { by: "manual" });
    await expect(startAttempt(exam.id, staff)).rejects.toThrow("您已用完全部 1 次作答机会。");
    const later = await setup({ opensAt: new Date(Date.now() + 60 * MIN), closesAt: new Date(Date.now() + 120 * MIN) });
    await expect(startAttempt(later.exam.id, later.staff)).rejects.toThrow(/考试将于 .* 开放/);
    const west = await setup({ audienceUnitId: org.west.id });
    await expect(startAttempt(west.exam.id, west.staff)).rejects.toThrow(/您不在参考范围内/);
  });

  test("an override gives extra time to an attempt already in progress, and another attempt", async () => {
    const { staff, exam, trainer } = await setup({ timeLimitMinutes: 10, maxAttempts: 1 });
    const a = await startAttempt(exam.id, staff);
    const { moved } = await addOverride(exam.id, { target: "user", targetId: staff.id, extraMinutes: 15, extraAttempts: 1, closesAt: null, reason: "视力障碍，延时" }, trainer.id);
    expect(moved).toBe(1);
    const after = await db.attempt.findUniqueOrThrow({ where: { id: a.id } });
    expect(after.deadlineAt.getTime() - after.startedAt.getTime()).toBe(25 * MIN);
    await submitAttempt(a.id, { by: "manual" });
    const second = await startAttempt(exam.id, staff);
    expect(second.number).toBe(2);
  });

  test("short answers are graded by a person; the record waits for the grade", async () => {
    const { staff, exam, trainer, tag } = await setup();
    const withShort = await createExam(
      { ...examBase(), blueprint: [{ type: "short", count: 1, points: 10, tags: [tag], difficulty: null, bank: null }] },
      trainer.id,
    );
    const a = await startAttempt(withShort.id, staff);
    await saveAnswer(a.id, staff.id, 1, { text: "我的回答" });
    expect(await submitAttempt(a.id, { by: "manual" })).toMatchObject({ needsGrading: true, passed: null });
    expect(await db.record.count({ where: { objectId: withShort.id } })).toBe(0);
    await expect(gradeManually(a.id, 1, { fraction: 1.5, comment: "" }, trainer.id)).rejects.toThrow(DomainError);
    expect(await gradeManually(a.id, 1, { fraction: 0.8, comment: "要点基本完整" }, trainer.id)).toMatchObject({ score: 8, passed: true, needsGrading: false });
    expect(await db.record.count({ where: { objectId: withShort.id, verb: "passed" } })).toBe(1);
    void exam;
  });

  test("review honours the exam's setting: score only hides responses and keys", async () => {
    const { staff, exam } = await setup({ reviewMode: "score" });
    const a = await startAttempt(exam.id, staff);
    await submitAttempt(a.id, { by: "manual" });
    const review = await reviewOf(a.id, { asTaker: true });
    expect(review.slots).toEqual([]);
    expect(review.summary.score).toBe(0);
    const full = await setup({ reviewMode: "full" });
    const b = await startAttempt(full.exam.id, full.staff);
    await answerAllCorrectly(b.id, full.staff.id);
    await submitAttempt(b.id, { by: "manual" });
    const r = await reviewOf(b.id, { asTaker: true });
    expect(r.slots.every((s) => s.answer && s.source)).toBe(true);
  });

  test("wrong answers feed the personal wrong-answer book", async () => {
    const { staff, exam } = await setup();
    const a = await startAttempt(exam.id, staff);
    await submitAttempt(a.id, { by: "manual" }); // nothing answered: all wrong
    expect(await db.wrongAnswer.count({ where: { userId: staff.id, resolvedAt: null } })).toBe(3);
  });

  test("fixing a question offers a regrade of taken attempts, with a correcting record and a log", async () => {
    const { staff, exam, trainer, tag } = await setup();
    const a = await startAttempt(exam.id, staff);
    // Answer question "a" with option 2 (wrong under the original key 1).
    const slots = await db.attemptSlot.findMany({ where: { attemptId: a.id } });
    const slotA = slots.find((s) => s.questionId === `${tag}-a`);
    expect(slotA).toBeDefined(); // both singles are always drawn
    const order = JSON.parse(slotA!.optionOrderJson) as number[];
    await saveAnswer(a.id, staff.id, slotA!.slot, { choice: order.indexOf(1) });
    await submitAttempt(a.id, { by: "manual" });
    const before = await db.attempt.findUniqueOrThrow({ where: { id: a.id } });
    // The key was wrong: option 2 is right. A new version is made, then the regrade.
    const v1 = await db.questionVersion.findFirstOrThrow({ where: { questionId: `${tag}-a` } });
    const v2 = await db.questionVersion.create({ data: { ...v1, id: undefined, number: 2, answerJson: "[1]", contentHash: "v2" } });
    await db.question.update({ where: { id: `${tag}-a` }, data: { currentVersionId: v2.id } });
    const result = await regradeQuestion(`${tag}-a`, "答案有误，更正为乙", trainer.id);
    expect(result).toEqual({ attempts: 1, changed: 1 });
    const after = await db.attempt.findUniqueOrThrow({ where: { id: a.id } });
    expect(after.score).toBe((before.score ?? 0) + 10);
    const correction = await db.record.findUniqueOrThrow({ where: { id: after.recordId! } });
    expect(correction.correctsId).toBe(before.recordId);
    expect(await db.regradeLog.findFirst({ where: { questionId: `${tag}-a` } })).toMatchObject({ reason: "答案有误，更正为乙", actorId: trainer.id });
  });

  test("statistics over finished attempts", async () => {
    const { staff, exam } = await setup();
    const a = await startAttempt(exam.id, staff);
    await answerAllCorrectly(a.id, staff.id);
    await submitAttempt(a.id, { by: "manual" });
    const stats = await examStatistics(exam.id);
    expect(stats.attempts).toBe(1);
    expect(stats.meanPercent).toBe(100);
    expect(stats.questions.every((q) => q.facility === 100)).toBe(true);
  });
});

function examBase(): ExamInput {
  return {
    title: "简答测试",
    description: "",
    blueprint: [],
    opensAt: new Date(Date.now() - 60 * MIN),
    closesAt: new Date(Date.now() + 60 * MIN),
    timeLimitMinutes: 30,
    maxAttempts: 1,
    passPercent: 60,
    reviewMode: "full",
    reviewWhen: "immediately",
    shuffleOptions: true,
    audienceUnitId: null,
    partyOnly: false,
  };
}

describe("prerequisites and assignment as access rules", () => {
  test("an exam may require an assignment and a signed pledge, each refusing with its reason", async () => {
    const { staff, exam: _e, trainer, tag } = await setup();
    const gated = await createExam(
      { ...examBase(), requireAssignment: true, prerequisites: { courses: [], pledgeYear: 2030 }, blueprint: [{ type: "single", count: 1, points: 10, tags: [tag], difficulty: null, bank: null }] },
      trainer.id,
    );
    const refused = await startAttempt(gated.id, staff).catch((e: Error) => e.message);
    expect(refused).toContain("本考试只面向被布置了该考试任务的人员。");
    expect(refused).toContain("参加考试前需要先完成：签署 2030 年度廉政承诺书。");
    // Through the assignment module, as the screen does: it also drops the exam's cached access facts.
    await createAssignment(assignmentInput.parse({ kind: "exam", targetId: gated.id, title: "考试", unitId: staff.unitId, startsAt: new Date(Date.now() - 60 * MIN), dueAt: new Date(Date.now() + 60 * MIN) }), trainer.id);
    const still = await startAttempt(gated.id, staff).catch((e: Error) => e.message);
    expect(still).not.toContain("布置");
    expect(still).toContain("廉政承诺书");
  });
});

// ─── issue 13, item 7: a draw that cannot be made at start is a 409, never a 500 ──────────────────

describe("a pool that no longer meets the blueprint at start", () => {
  test("startAttempt refuses with 409 and a clear message; the route answers 409, and nothing is written", async () => {
    const { staff, exam, tag } = await setup();
    // The exam was accepted; then one of its two single-choice questions is retired.
    await db.question.update({ where: { id: `${tag}-b` }, data: { status: "retired" } });
    await questionPool(Date.now() + 60 * MIN); // read the pool afresh, as after its lifetime
    const error = await startAttempt(exam.id, staff).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 409, message: "题库已有变化，本考试现在无法按抽题规则组卷，暂时不能开始作答。请联系出题老师调整抽题规则。" });
    const response = await callRoute(async () => examAction({ request: await requestAs(staff.id, `/exams/${exam.id}`, {}), params: { examId: exam.id }, context: {} } as never));
    expect(response.status).toBe(409);
    expect(response.data).toEqual({ error: "题库已有变化，本考试现在无法按抽题规则组卷，暂时不能开始作答。请联系出题老师调整抽题规则。" });
    expect(await db.attempt.count({ where: { examId: exam.id } })).toBe(0);
  });
});

// ─── issue 13, item 8: regrade checks everything first, applies in one transaction, always logs ───

/** A new current version of a question, made the way every change to a question is (it drops the pool). */
async function newVersion(raw: unknown) {
  const q = questionSchema.parse(raw);
  return db.$transaction((tx) => addQuestionVersion(tx, q, { origin: "browser" }));
}

async function person(unitId: string, unitPath: string) {
  const row = await makeUser(unitId);
  return { id: row.id, unitId, unitPath, isPartyMember: true };
}

/** Saves, per question id, a stored option (`choice`) or a true/false value; other slots stay unanswered. */
async function answer(attemptId: string, userId: string, answers: Record<string, { choice?: number; value?: boolean }>, now?: Date) {
  const slots = await db.attemptSlot.findMany({ where: { attemptId }, orderBy: { slot: "asc" } });
  for (const s of slots) {
    const a = answers[s.questionId];
    if (!a) continue;
    const order = JSON.parse(s.optionOrderJson) as number[];
    await saveAnswer(attemptId, userId, s.slot, a.choice !== undefined ? { choice: order.indexOf(a.choice) } : { value: a.value ?? null }, now);
  }
}

async function bookOf(userId: string) {
  const rows = await db.wrongAnswer.findMany({ where: { userId }, orderBy: { questionId: "asc" } });
  return rows.map((r) => ({ questionId: r.questionId, timesWrong: r.timesWrong, resolved: r.resolvedAt !== null }));
}

describe("regrade", () => {
  test("a regrade that cannot apply to the 3rd slot changes nothing at all, and leaves a log row saying why", async () => {
    const { staff, exam, trainer, tag, org } = await setup();
    const others = [await person(org.eastBranch.id, org.eastBranch.path), await person(org.eastBranch.id, org.eastBranch.path)];
    // Two people answer version 1 of question "a" with option 乙 (wrong under the key 甲).
    for (const p of [staff, others[0]!]) {
      const a = await startAttempt(exam.id, p);
      await answer(a.id, p.id, { [`${tag}-a`]: { choice: 1 } });
      await submitAttempt(a.id, { by: "manual" });
    }
    // Version 2 has five options; the third person answers that one.
    await newVersion(single(`${tag}-a`, 1, { tags: [tag], options: ["甲", "乙", "丙", "丁", "戊"] }));
    const third = await startAttempt(exam.id, others[1]!);
    await answer(third.id, others[1]!.id, { [`${tag}-a`]: { choice: 1 } });
    await submitAttempt(third.id, { by: "manual" });
    // Version 3: four options again, key 乙. Versions 1 and 2 are compatible with it and 2 is not.
    await newVersion(single(`${tag}-a`, 2, { tags: [tag] }));
    const snapshot = async () => ({
      attempts: await db.attempt.findMany({ where: { examId: exam.id }, orderBy: { id: "asc" }, select: { id: true, score: true, percent: true, passed: true, recordId: true } }),
      slots: await db.attemptSlot.findMany({ where: { attempt: { examId: exam.id } }, orderBy: { id: "asc" }, select: { id: true, fraction: true, gradeState: true } }),
      records: await db.record.count(),
      steps: await db.attemptStep.count({ where: { kind: "regrade" } }),
      book: await db.wrongAnswer.findMany({ orderBy: { id: "asc" } }),
    });
    const before = await snapshot();
    const error = await regradeQuestion(`${tag}-a`, "答案有误，更正为乙", trainer.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 409, message: "新版本的题型或选项数量与旧版本不同，不能用于重新评分。" });
    expect(await snapshot()).toEqual(before);
    const logs = await db.regradeLog.findMany({ where: { questionId: `${tag}-a` } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ attempts: 3, changed: 0, reason: "答案有误，更正为乙", actorId: trainer.id, refusal: "新版本的题型或选项数量与旧版本不同，不能用于重新评分。" });
  });

  test("a refused regrade without a reason is logged too", async () => {
    const { trainer, tag } = await setup();
    await expect(regradeQuestion(`${tag}-a`, " ", trainer.id)).rejects.toThrow("请说明重新评分的原因。");
    expect(await db.regradeLog.findFirst({ where: { questionId: `${tag}-a` } })).toMatchObject({ changed: 0, refusal: "请说明重新评分的原因。" });
  });

  test("a regraded result is built as submit builds it: same duration, and the wrong-answer book as submit would leave it", async () => {
    const { staff, exam, trainer, tag, org } = await setup();
    const t0 = new Date(Date.now() - 20 * MIN);
    const bKey = (JSON.parse((await db.questionVersion.findFirstOrThrow({ where: { questionId: `${tag}-b` } })).answerJson) as number[])[0]!;
    // The same answers from both people: "a" 乙 (wrong under 甲), "b" right, "c" false (right under false).
    const answers = { [`${tag}-a`]: { choice: 1 }, [`${tag}-b`]: { choice: bKey }, [`${tag}-c`]: { value: false } };
    const a = await startAttempt(exam.id, staff, t0);
    await answer(a.id, staff.id, answers, new Date(t0.getTime() + MIN));
    await submitAttempt(a.id, { by: "manual", now: new Date(t0.getTime() + 7 * MIN) });
    const first = await db.record.findUniqueOrThrow({ where: { id: (await db.attempt.findUniqueOrThrow({ where: { id: a.id } })).recordId! } });
    expect(JSON.parse(first.resultJson)).toMatchObject({ durationSeconds: 420 });
    expect(await bookOf(staff.id)).toEqual([{ questionId: `${tag}-a`, timesWrong: 1, resolved: false }]);

    // Two fixes: "a"'s key becomes 乙 (the answer turns right), "c"'s becomes true (the answer turns wrong).
    await newVersion(single(`${tag}-a`, 2, { tags: [tag] }));
    await newVersion({ id: `${tag}-c`, type: "truefalse", difficulty: 1, tags: [tag], source: { case: "c1" }, stem: "判断题", answer: true, explanation: "解析" });
    expect(await regradeQuestion(`${tag}-a`, "答案有误，更正为乙", trainer.id, new Date(t0.getTime() + 60 * MIN))).toEqual({ attempts: 1, changed: 1 });
    expect(await regradeQuestion(`${tag}-c`, "答案有误，应为正确", trainer.id, new Date(t0.getTime() + 61 * MIN))).toEqual({ attempts: 1, changed: 1 });
    const after = await db.attempt.findUniqueOrThrow({ where: { id: a.id } });
    const correction = await db.record.findUniqueOrThrow({ where: { id: after.recordId! } });
    expect(JSON.parse(correction.resultJson)).toMatchObject({ durationSeconds: 420, score: { raw: 20 } });
    expect(JSON.parse(correction.contextJson)).toMatchObject({ attemptId: a.id, regrade: { questionId: `${tag}-c` } });
    expect(await db.regradeLog.count({ where: { questionId: { in: [`${tag}-a`, `${tag}-c`] }, refusal: null } })).toBe(2);

    // Someone answering the same after both fixes, graded by submit.
    const other = await person(org.eastBranch.id, org.eastBranch.path);
    const b = await startAttempt(exam.id, other, t0);
    await answer(b.id, other.id, answers, new Date(t0.getTime() + MIN));
    await submitAttempt(b.id, { by: "manual", now: new Date(t0.getTime() + 7 * MIN) });
    expect((await db.attempt.findUniqueOrThrow({ where: { id: b.id } })).score).toBe(after.score);
    expect(await bookOf(staff.id)).toEqual(await bookOf(other.id));
    expect(await bookOf(staff.id)).toEqual([{ questionId: `${tag}-c`, timesWrong: 1, resolved: false }]);
  });

  test("regrade reads each response from the step log, not from the slot's column", async () => {
    const { staff, exam, trainer, tag } = await setup();
    const a = await startAttempt(exam.id, staff);
    await answer(a.id, staff.id, { [`${tag}-a`]: { choice: 1 } });
    await submitAttempt(a.id, { by: "manual" });
    // The column is changed behind the engine's back (to the answer that will be right): the log says 乙.
    const slot = await db.attemptSlot.findFirstOrThrow({ where: { attemptId: a.id, questionId: `${tag}-a` } });
    await db.attemptSlot.update({ where: { id: slot.id }, data: { responseJson: JSON.stringify({ type: "single", choice: 2 }) } });
    await newVersion(single(`${tag}-a`, 2, { tags: [tag] }));
    expect(await regradeQuestion(`${tag}-a`, "答案有误，更正为乙", trainer.id)).toEqual({ attempts: 1, changed: 1 });
    expect(await db.attemptSlot.findUniqueOrThrow({ where: { id: slot.id } })).toMatchObject({ fraction: 1, gradeState: "correct" });
  });
});
