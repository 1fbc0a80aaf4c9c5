// A knowledge check grades only its own questions, and no key it shows can be drawn into an exam
// (ADR 011): the attack was to post exam question ids to /api/check during a running attempt.
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { createCourse, createLesson, publishDraft, saveDraft } from "./authoring.server.ts";
import { action as checkAction } from "#app/routes/api.check.ts";
import { callRoute, grant, makeOrg, makeQuestions, makeUser, requestAs, single } from "#tests/factories.ts";
import { startAttempt } from "#app/modules/assessment/attempts.server.ts";
import { createExam } from "#app/modules/assessment/exams.server.ts";
import { questionPool } from "#app/modules/assessment/question-bank.server.ts";
import { checkFor, gradeKnowledgeCheck } from "./knowledge-check.server.ts";

const MIN = 60_000;

async function setup() {
  const org = await makeOrg();
  const trainer = await makeUser(org.city.id);
  await grant(trainer.id, "trainer", org.city.id);
  const learner = await makeUser(org.eastBranch.id);
  const tag = `k${Math.random().toString(36).slice(2, 8)}`;
  // a and b sit in the lesson's check; c, d, e only ever in exams.
  await makeQuestions(`bank-${tag}`, ["a", "b", "c", "d", "e"].map((x, i) => single(`${tag}-${x}`, (i % 4) + 1, { tags: [tag] })));
  const course = await createCourse({ classroom: "theory", slug: `c-${tag}`, title: "测验课程", summary: "" });
  const lesson = await createLesson(course.id, { slug: `l-${tag}`, title: "第一课" }, trainer.id);
  await saveDraft(lesson.id, `---\ntitle: 第一课\n---\n\n正文。\n\n<KnowledgeCheck questions="${tag}-a ${tag}-b" />\n`, trainer.id);
  await publishDraft(lesson.id, trainer.id);
  return { org, trainer, learner, tag, lesson };
}

const answersFor = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([k, v]) => [k, [v]]));

describe("knowledge checks", () => {
  test("checkFor: the ids must all come from one check of the lesson", () => {
    const checks = [["a", "b"], ["c"]];
    expect(checkFor(checks, ["a", "b"])).toEqual(["a", "b"]);
    expect(checkFor(checks, ["b"])).toEqual(["a", "b"]);
    expect(checkFor(checks, ["a", "c"])).toBeNull();
    expect(checkFor(checks, ["x"])).toBeNull();
    expect(checkFor(checks, ["a", "a"])).toBeNull();
    expect(checkFor(checks, [])).toBeNull();
  });

  test("a check grades its own questions and refuses any other, revealing nothing", async () => {
    const { learner, tag, lesson } = await setup();
    const user = { id: learner.id, unitId: learner.unitId };
    await expect(gradeKnowledgeCheck({ user, lessonId: lesson.id, questionIds: [`${tag}-c`], answers: answersFor({ [`${tag}-c`]: "0" }) })).rejects.toThrow("不属于本课");
    await expect(gradeKnowledgeCheck({ user, lessonId: lesson.id, questionIds: [`${tag}-a`, `${tag}-c`], answers: answersFor({}) })).rejects.toThrow("不属于本课");
    await expect(gradeKnowledgeCheck({ user, lessonId: "nope", questionIds: [`${tag}-a`], answers: answersFor({}) })).rejects.toThrow("课时不存在");
    // a (key 0) right, b (key 1) answered right too: passed.
    const ok = await gradeKnowledgeCheck({ user, lessonId: lesson.id, questionIds: [`${tag}-a`, `${tag}-b`], answers: answersFor({ [`${tag}-a`]: "0", [`${tag}-b`]: "1" }) });
    expect(ok.passed).toBe(true);
    expect(Object.keys(ok.results).sort()).toEqual([`${tag}-a`, `${tag}-b`]);
    // A subset, all right, never passes the check.
    const part = await gradeKnowledgeCheck({ user, lessonId: lesson.id, questionIds: [`${tag}-a`], answers: answersFor({ [`${tag}-a`]: "0" }) });
    expect(part.right).toBe(1);
    expect(part.passed).toBe(false);
  });

  test("check questions are flagged at publish and never drawn; during a running attempt the exam's keys stay secret", async () => {
    const { trainer, learner, tag, lesson } = await setup();
    const flagged = await db.question.findMany({ where: { id: { startsWith: `${tag}-` }, revealedInCheck: true }, select: { id: true } });
    expect(flagged.map((q) => q.id).sort()).toEqual([`${tag}-a`, `${tag}-b`]);
    const pool = (await questionPool(Date.now() + 60 * MIN)).filter((q) => q.tags.includes(tag));
    expect(pool.map((q) => q.questionId).sort()).toEqual([`${tag}-c`, `${tag}-d`, `${tag}-e`]);

    const now = Date.now();
    const exam = await createExam(
      {
        title: "测验后考试",
        description: "",
        blueprint: [{ type: "single", count: 3, points: 10, tags: [tag], difficulty: null, bank: null }],
        opensAt: new Date(now - 60 * MIN),
        closesAt: new Date(now + 60 * MIN),
        timeLimitMinutes: 30,
        maxAttempts: 1,
        passPercent: 60,
        reviewMode: "full",
        reviewWhen: "immediately",
        shuffleOptions: false,
        audienceUnitId: null,
        partyOnly: false,
      },
      trainer.id,
    );
    const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: learner.unitId } });
    const attempt = await startAttempt(exam.id, { id: learner.id, unitId: learner.unitId, unitPath: unit.path, isPartyMember: true });
    const slots = await db.attemptSlot.findMany({ where: { attemptId: attempt.id }, select: { questionId: true } });
    const drawn = slots.map((s) => s.questionId).sort();
    expect(drawn).toEqual([`${tag}-c`, `${tag}-d`, `${tag}-e`]);

    // Through the real route, as the browser would post it, with the attempt running.
    for (const id of drawn) {
      const res = await callRoute(async () =>
        checkAction({ request: await requestAs(learner.id, "/api/check", [["lessonId", lesson.id], ["questions", id], [`q:${id}`, "0"]]), params: {}, context: {} } as never),
      );
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.data)).not.toContain("解析");
    }
  });
});
