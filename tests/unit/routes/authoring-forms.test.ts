// The authoring, pledge, practice, attempt, discussion, writing and works forms through the one parse
// step (issue 13, item 12): each action, called for real, answers junk (100 000 characters, a NUL byte,
// a missing or unknown intent, a hostile field name, a number that is not one) with a 400 and a Chinese
// message and writes nothing; the form as the page sends it still works.
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { createCourse, createLesson, publishDraft, saveDraft } from "#app/modules/content/authoring.server.ts";
import { templates } from "#app/modules/content/templates.server.ts";
import { publishPledge } from "#app/modules/activities/pledges.server.ts";
import { startAttempt } from "#app/modules/assessment/attempts.server.ts";
import { createExam } from "#app/modules/assessment/exams.server.ts";
import { createSession, SESSION_COOKIE } from "#app/modules/identity/session.server.ts";
import * as author from "#app/routes/author.tsx";
import * as authorCourse from "#app/routes/author.course.tsx";
import * as authorLesson from "#app/routes/author.lesson.tsx";
import * as authorPledges from "#app/routes/author.pledges.tsx";
import * as pledge from "#app/routes/pledge.tsx";
import * as practice from "#app/routes/practice.tsx";
import * as attempt from "#app/routes/attempt.tsx";
import * as discussion from "#app/routes/discussion.tsx";
import * as writing from "#app/routes/writing.tsx";
import * as worksNew from "#app/routes/works.new.tsx";
import * as worksDetail from "#app/routes/works.detail.tsx";
import * as check from "#app/routes/api.check.ts";
import { callRoute, grant, makeOrg, makeQuestions, makeUser, requestAs, single } from "#tests/factories.ts";

type Fn = (args: never) => unknown;
type Reply = { message?: string | null; error?: string; errors?: Record<string, string>; ok?: boolean } | null;
const post = async (fn: Fn, userId: string, url: string, params: Record<string, string>, form: [string, string][]) =>
  callRoute(async () => fn({ request: await requestAs(userId, url, form), params, context: {} } as never) as Promise<Reply>);
const get = async (fn: Fn, userId: string, url: string, params: Record<string, string>) =>
  callRoute(async () => fn({ request: await requestAs(userId, url), params, context: {} } as never) as Promise<unknown>);

const CHINESE = /[\u4e00-\u9fff]/;
const HUGE = "长".repeat(100_000);
const MIN = 60_000;

// Everything these actions write, so "nothing changed" is checked, not assumed.
const snapshot = async () => ({
  courses: await db.course.count(),
  lessons: await db.lesson.count(),
  versions: await db.lessonVersion.findMany({ select: { id: true, status: true, source: true }, orderBy: { id: "asc" } }),
  pledgeTexts: await db.pledgeText.count(),
  signatures: await db.pledgeSignature.count(),
  wrong: await db.wrongAnswer.findMany({ select: { id: true, resolvedAt: true }, orderBy: { id: "asc" } }),
  slots: await db.attemptSlot.findMany({ select: { id: true, responseJson: true }, orderBy: { id: "asc" } }),
  attempts: await db.attempt.findMany({ select: { id: true, state: true }, orderBy: { id: "asc" } }),
  steps: await db.attemptStep.count(),
  answers: await db.discussionAnswer.findMany({ select: { id: true, answersJson: true, status: true }, orderBy: { id: "asc" } }),
  reflections: await db.reflection.findMany({ select: { id: true, title: true, body: true, status: true }, orderBy: { id: "asc" } }),
  comments: await db.reflectionComment.count(),
  works: await db.work.findMany({ select: { id: true, status: true, nominated: true }, orderBy: { id: "asc" } }),
  workVersions: await db.workVersion.count(),
  reviews: await db.workReview.count(),
  files: await db.storedFile.count(),
  records: await db.record.count(),
  progress: await db.lessonProgress.count(),
});

/** A refusal: 400, a Chinese message (in `message`, `error` or the screen's field errors), nothing written. */
async function expectRefused(run: () => Promise<{ status: number; data: Reply }>, status = 400) {
  const before = await snapshot();
  const r = await run();
  expect(r.status).toBe(status);
  const said = r.data?.message ?? r.data?.error ?? Object.values(r.data?.errors ?? {}).join(" ");
  expect(said).toMatch(CHINESE);
  expect(await snapshot()).toEqual(before);
  return r;
}

const PNG = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
async function upload(userId: string, url: string, fields: Record<string, string>) {
  const { token } = await createSession(userId);
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([PNG], { type: "image/png" }), "字画.png");
  return new Request(`http://localhost${url}`, { method: "POST", body: form, headers: { origin: "http://localhost", cookie: `${SESSION_COOKIE}=${token}` } });
}

let org: Awaited<ReturnType<typeof makeOrg>>;
let trainer: { id: string };
let learner: { id: string; name: string; unitId: string };
const tag = `af${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  org = await makeOrg();
  trainer = await makeUser(org.city.id, { name: "培训管理员" });
  await grant(trainer.id, "trainer", org.city.id);
  learner = await makeUser(org.eastBranch.id, { name: "学员甲" });
});

describe("author: new course and import", () => {
  const create = (over: Record<string, string> = {}): [string, string][] =>
    Object.entries({ intent: "create", classroom: "theory", slug: `c-${tag}`, title: "新课程", summary: "简介", ...over });

  test.each([
    ["a 100 000-character title", create({ title: HUGE })],
    ["a NUL byte in the title", create({ title: "新\u0000课程" })],
    ["a slug of 100 000 characters", create({ slug: "a".repeat(100_000) })],
    ["an unknown room", create({ classroom: "__proto__" })],
    ["a missing intent", create().filter(([k]) => k !== "intent")],
    ["an unknown intent", create({ intent: "toString" })],
    ["an import whose file is text", [["intent", "import"], ["classroom", "theory"], ["file", "not a zip"]] as [string, string][]],
    ["an import into a room that is not one", [["intent", "import"], ["classroom", "constructor"], ["file", "x"]] as [string, string][]],
  ])("%s: 400, Chinese, nothing written", async (_name, form) => {
    const r = await expectRefused(() => post(author.action as Fn, trainer.id, "/author", {}, form));
    expect(r.data?.message).toBeNull();
  });

  test("a too-long title keeps the screen's own message, next to the field", async () => {
    const r = await post(author.action as Fn, trainer.id, "/author", {}, create({ title: "题".repeat(61) }));
    expect(r).toMatchObject({ status: 400, data: { errors: { title: t.author.errors.courseTitleTooLong }, message: null } });
  });

  test("the form as the page sends it still creates the course", async () => {
    const r = await post(author.action as Fn, trainer.id, "/author", {}, [["__proto__", "x"], ...create()]);
    expect(r.status).toBe(302);
    const course = await db.course.findUniqueOrThrow({ where: { slug: `c-${tag}` } });
    expect(course).toMatchObject({ title: "新课程", summary: "简介", classroom: "theory", origin: "browser" });
  });
});

describe("author.course: new lesson", () => {
  let courseId: string;
  beforeAll(async () => {
    courseId = (await createCourse({ classroom: "theory", slug: `lc-${tag}`, title: "课时课程", summary: "" })).id;
  });
  const url = () => `/author/courses/${courseId}`;

  test.each([
    ["a 100 000-character slug", [["slug", "x".repeat(100_000)], ["title", "第一课"]]],
    ["a 100 000-character title", [["slug", "l-one"], ["title", HUGE]]],
    ["a NUL byte in the title", [["slug", "l-one"], ["title", "第\u0000一课"]]],
    ["no fields at all", [["constructor[prototype]", "x"]]],
  ] as [string, [string, string][]][])("%s: 400, Chinese, nothing written", async (_name, form) => {
    await expectRefused(() => post(authorCourse.action as Fn, trainer.id, url(), { courseId }, form));
  });

  test("the form as the page sends it still creates the lesson", async () => {
    const r = await post(authorCourse.action as Fn, trainer.id, url(), { courseId }, [["title", "第一课"], ["slug", "l-one"]]);
    expect(r.status).toBe(302);
    expect(await db.lesson.findFirstOrThrow({ where: { courseId, slug: "l-one" } })).toMatchObject({ title: "第一课", status: "draft" });
  });
});

describe("author.lesson: the editor", () => {
  let lessonId: string;
  let firstVersion: string;
  beforeAll(async () => {
    const course = await createCourse({ classroom: "theory", slug: `ed-${tag}`, title: "编辑课程", summary: "" });
    const lesson = await createLesson(course.id, { slug: "ed-one", title: "编辑课" }, trainer.id);
    lessonId = lesson.id;
    firstVersion = (await db.lessonVersion.findFirstOrThrow({ where: { lessonId } })).id;
  });
  const url = () => `/author/lessons/${lessonId}`;
  const source = "---\ntitle: 编辑课\n---\n\n正文。\n";

  test.each([
    ["a source over the limit", [["intent", "save"], ["source", "正".repeat(200_001)]]],
    ["a NUL byte in the source", [["intent", "save"], ["source", `${source}\u0000`]]],
    ["a missing intent", [["source", source]]],
    ["an unknown intent", [["intent", "__proto__"], ["source", source]]],
    ["a rollback without a version", [["intent", "rollback"]]],
    ["a rollback to a 100 000-character id", [["intent", "rollback"], ["versionId", "v".repeat(100_000)]]],
    ["adopting a version named by a NUL byte", [["intent", "adopt"], ["versionId", "\u0000"]]],
  ] as [string, [string, string][]][])("%s: 400, Chinese, nothing written", async (_name, form) => {
    const r = await expectRefused(() => post(authorLesson.action as Fn, trainer.id, url(), { lessonId }, form));
    expect(r.data).toMatchObject({ ok: false, problems: [] });
  });

  test("a source over the limit keeps saveDraft's own message", async () => {
    const r = await post(authorLesson.action as Fn, trainer.id, url(), { lessonId }, [["intent", "save"], ["source", "正".repeat(200_001)]]);
    expect(r.data?.message).toBe(t.author.errors.sourceTooLong);
  });

  test("saving as the page sends it still keeps the draft, untrimmed", async () => {
    const r = await post(authorLesson.action as Fn, trainer.id, url(), { lessonId }, [["intent", "save"], ["source", `${source}\n\n`]]);
    expect(r).toMatchObject({ status: 200, data: { ok: true, message: t.author.saved } });
    expect((await db.lessonVersion.findFirstOrThrow({ where: { lessonId, status: "draft", origin: "browser" } })).source).toBe(`${source}\n\n`);
  });

  test("loader ?diff=: junk is a 400, a version shows its diff", async () => {
    for (const bad of ["d".repeat(65), "%00"]) {
      const r = await get(authorLesson.loader as Fn, trainer.id, `${url()}?diff=${bad}`, { lessonId });
      expect(r.status).toBe(400);
    }
    const ok = await get(authorLesson.loader as Fn, trainer.id, `${url()}?diff=${firstVersion}`, { lessonId });
    expect(ok.status).toBe(200);
    expect((ok.data as { diff: { title: string } | null }).diff?.title).toMatch(CHINESE);
    const none = await get(authorLesson.loader as Fn, trainer.id, url(), { lessonId });
    expect((none.data as { diff: unknown }).diff).toBeNull();
  });
});

describe("author.pledges: publishing a text", () => {
  const source = t.activityPledge.author.template.replace(/2027/g, "2031");

  test.each([
    ["a NUL byte", source.replace("本人郑重承诺", "本人\u0000郑重承诺")],
    ["a 200 001-character source", `${source}${"诺".repeat(200_001)}`],
  ])("%s: 400, Chinese, nothing written", async (_name, text) => {
    await expectRefused(() => post(authorPledges.action as Fn, trainer.id, "/author/pledges", {}, [["source", text]]));
  });

  test("the form as the page sends it still publishes", async () => {
    const r = await post(authorPledges.action as Fn, trainer.id, "/author/pledges", {}, [["source", source]]);
    expect(r).toMatchObject({ status: 200, data: { ok: true } });
    expect(await db.pledgeText.count({ where: { year: 2031, status: "published" } })).toBe(1);
  });
});

describe("pledge: signing", () => {
  let textId: string;
  const png = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(300).fill(1)]).toString("base64")}`;
  beforeAll(async () => {
    textId = (await publishPledge(t.activityPledge.author.template.replace(/2027/g, "2032"), null)).id;
  });
  const form = (over: Record<string, string> = {}): [string, string][] => Object.entries({ pledgeTextId: textId, confirmed: "on", typedName: "学员甲", signature: png, ...over });

  test.each([
    ["a 100 000-character id", form({ pledgeTextId: "p".repeat(100_000) })],
    ["a NUL byte in the typed name", form({ typedName: "学员\u0000甲" })],
    ["a 100 000-character name", form({ typedName: HUGE })],
    ["a signature of 500 000 characters", form({ signature: `data:image/png;base64,${"A".repeat(500_000)}` })],
  ])("%s: 400, Chinese, nothing written", async (_name, f) => {
    await expectRefused(() => post(pledge.action as Fn, learner.id, "/pledge", {}, f));
  });

  test("the form as the page sends it still signs", async () => {
    const r = await post(pledge.action as Fn, learner.id, "/pledge", {}, form({ typedName: " 学员甲 " }));
    expect(r).toMatchObject({ status: 200, data: { ok: true, message: t.activityPledge.signed } });
    expect(await db.pledgeSignature.count({ where: { userId: learner.id, pledgeTextId: textId } })).toBe(1);
  });
});

describe("practice: the wrong-answer book", () => {
  const qid = `${tag}-p`;
  beforeAll(async () => {
    await makeQuestions(`bank-${tag}-p`, [single(qid, 1)]);
    await db.wrongAnswer.create({ data: { userId: learner.id, questionId: qid, lastWrongAt: new Date() } });
  });

  test.each([
    ["21 values for one question", Array.from({ length: 21 }, () => [`q:${qid}`, "0"])],
    ["a 1001-character answer", [[`q:${qid}`, "0".repeat(1001)]]],
    ["201 questions", [...Array.from({ length: 201 }, (_, i) => [`q:x${i}`, "0"]), [`q:${qid}`, "0"]]],
    ["a 65-character question id", [[`q:${"z".repeat(65)}`, "0"], [`q:${qid}`, "0"]]],
  ] as [string, [string, string][]][])("%s: 400, Chinese, nothing written", async (_name, form) => {
    await expectRefused(() => post(practice.action as Fn, learner.id, "/practice", {}, form));
  });

  test("the form as the page sends it still grades and resolves", async () => {
    const r = await post(practice.action as Fn, learner.id, "/practice", {}, [["q:__proto__", "1"], [`q:${qid}`, "0"]]);
    expect(r).toMatchObject({ status: 200, data: { right: 1, total: 1 } });
    expect((await db.wrongAnswer.findFirstOrThrow({ where: { userId: learner.id, questionId: qid } })).resolvedAt).not.toBeNull();
  });
});

describe("attempt: the form without JavaScript", () => {
  let attemptId: string;
  let taker: { id: string };
  beforeAll(async () => {
    taker = await makeUser(org.eastBranch.id);
    await makeQuestions(`bank-${tag}-a`, [single(`${tag}-a1`, 1, { tags: [`${tag}a`] }), { id: `${tag}-a2`, type: "fill", difficulty: 1, tags: [`${tag}a`], source: { article: "test:1" }, stem: "填空题 ____ 。", answer: ["甲"], explanation: "" }]);
    const now = Date.now();
    const exam = await createExam(
      {
        title: "表单考试",
        description: "",
        blueprint: [
          { type: "single", count: 1, points: 10, tags: [`${tag}a`], difficulty: null, bank: null },
          { type: "fill", count: 1, points: 10, tags: [`${tag}a`], difficulty: null, bank: null },
        ],
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
    const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: org.eastBranch.id } });
    attemptId = (await startAttempt(exam.id, { id: taker.id, unitId: org.eastBranch.id, unitPath: unit.path, isPartyMember: true })).id;
  });
  const url = () => `/attempts/${attemptId}`;

  test.each([
    ["a choice that is not a number", [["s1", "abc"], ["intent", "save"]]],
    ["a choice of 1e1", [["s1", "1e1"], ["intent", "save"]]],
    ["21 values for one slot", [...Array.from({ length: 21 }, () => ["s2", "甲"]), ["intent", "save"]]],
    ["a 100 000-character blank", [["s2", HUGE], ["intent", "save"]]],
    ["an unknown intent", [["s1", "0"], ["intent", "__proto__"]]],
    ["a good answer beside a bad one", [["s1", "0"], ["s2", "x".repeat(201)], ["intent", "submit"]]],
  ] as [string, [string, string][]][])("%s: 400, Chinese, nothing written", async (_name, form) => {
    const r = await expectRefused(() => post(attempt.action as Fn, taker.id, url(), { attemptId }, form));
    expect([t.examErrors.badAnswerAt(1), t.examErrors.badAnswerAt(2), t.examErrors.badRequest]).toContain(r.data?.message);
  });

  test("a line break arrives as CR LF and counts as one character, as the page counted it", async () => {
    const blank = `${"甲".repeat(99)}\r\n${"乙".repeat(100)}`; // 201 characters sent, 200 meant
    const r = await post(attempt.action as Fn, taker.id, url(), { attemptId }, [["s2", blank], ["intent", "save"]]);
    expect(r.status).toBe(302);
    const slot = await db.attemptSlot.findFirstOrThrow({ where: { attemptId, slot: 2 } });
    expect(JSON.parse(slot.responseJson ?? "null")).toEqual({ type: "fill", blanks: [`${"甲".repeat(99)}\n${"乙".repeat(100)}`] });
  });

  test("the form as the page sends it still saves, and Enter (no intent) saves too", async () => {
    const r = await post(attempt.action as Fn, taker.id, url(), { attemptId }, [["s1", "0"], ["s2", "甲"], ["intent", "save"]]);
    expect(r.status).toBe(302);
    expect(r.response?.headers.get("location")).toBe(url());
    const slots = await db.attemptSlot.findMany({ where: { attemptId }, orderBy: { slot: "asc" } });
    expect(slots.map((s) => JSON.parse(s.responseJson ?? "null"))).toEqual([{ type: "single", choice: 0 }, { type: "fill", blanks: ["甲"] }]);
    const enter = await post(attempt.action as Fn, taker.id, url(), { attemptId }, [["s2", "乙"]]);
    expect(enter.response?.headers.get("location")).toBe(url());
    expect((await db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).state).toBe("inProgress");
  });
});

describe("discussion: answering a round", () => {
  let roundId: string;
  let key: string;
  beforeAll(async () => {
    const tpl = templates().discussions[0]!;
    key = tpl.prompts[0]!.key;
    roundId = (
      await db.discussionRound.create({
        data: { unitId: org.eastBranch.id, template: tpl.key, title: "专题讨论", opensAt: new Date(Date.now() - 60 * MIN), closesAt: new Date(Date.now() + 60 * MIN), createdById: trainer.id },
      })
    ).id;
  });
  const url = () => `/discussions/${roundId}`;

  test.each([
    ["a 5001-character answer", () => [[`a:${key}`, "议".repeat(5001)], ["intent", "save"]]],
    ["a NUL byte in an answer", () => [[`a:${key}`, "议\u0000论"], ["intent", "save"]]],
    ["two values for one prompt", () => [[`a:${key}`, "一"], [`a:${key}`, "二"], ["intent", "save"]]],
    ["51 prompts", () => [...Array.from({ length: 51 }, (_, i) => [`a:k${i}`, "x"]), ["intent", "save"]]],
    ["a 100 000-character intent", () => [[`a:${key}`, "议论"], ["intent", HUGE]]],
  ] as [string, () => [string, string][]][])("%s: 400, Chinese, nothing written", async (_name, form) => {
    await expectRefused(() => post(discussion.action as Fn, learner.id, url(), { roundId }, form()));
  });

  test("the form as the page sends it still keeps the draft", async () => {
    const r = await post(discussion.action as Fn, learner.id, url(), { roundId }, [["a:__proto__", "x"], [`a:${key}`, "  我的发言  "], ["intent", "save"]]);
    expect(r).toMatchObject({ status: 200, data: { ok: true, message: t.activityDiscussion.draftSaved } });
    const saved = await db.discussionAnswer.findFirstOrThrow({ where: { roundId, userId: learner.id } });
    expect(saved.status).toBe("draft");
    expect(JSON.parse(saved.answersJson)[key]).toBe("  我的发言  ");
  });
});

describe("writing: messages and reflections", () => {
  const draft = (over: Record<string, string> = {}): [string, string][] => Object.entries({ kind: "message", title: "我的寄语", body: "清清白白做人，干干净净做事。", intent: "save", ...over });

  test.each([
    ["a NUL byte in the body", draft({ body: "清白\u0000做人" })],
    ["a 100 000-character body", draft({ body: HUGE })],
    ["a 100 000-character title", draft({ title: HUGE })],
    ["an unknown intent", draft({ intent: "publish" })],
    ["a 100 000-character comment", draft({ intent: "comment", comment: HUGE })],
  ])("%s: 400, Chinese, nothing written", async (_name, form) => {
    await expectRefused(() => post(writing.action as Fn, learner.id, "/writing/new", {}, form));
  });

  test("the form as the page sends it still saves; Enter (no intent) saves a draft too", async () => {
    const r = await post(writing.action as Fn, learner.id, "/writing/new", {}, draft());
    expect(r.status).toBe(302);
    const doc = await db.reflection.findFirstOrThrow({ where: { userId: learner.id, title: "我的寄语" } });
    expect(doc).toMatchObject({ kind: "message", status: "draft", body: "清清白白做人，干干净净做事。" });
    const enter = await post(writing.action as Fn, learner.id, `/writing/${doc.id}`, { id: doc.id }, draft({ intent: "", title: "改过的寄语" }));
    expect(enter).toMatchObject({ status: 200, data: { ok: true, message: t.activityWriting.saved } });
    expect((await db.reflection.findUniqueOrThrow({ where: { id: doc.id } })).title).toBe("改过的寄语");
  });

  test("loader ?kind=: junk names no page (404, worded in Chinese), no kind is a reflection", async () => {
    for (const bad of ["__proto__", "toString", "x".repeat(1000)]) {
      const r = await get(writing.loader as Fn, learner.id, `/writing/new?kind=${bad}`, {});
      expect(r.status).toBe(404);
      expect(await r.response?.text()).toBe(t.formInput.choice);
    }
    expect(((await get(writing.loader as Fn, learner.id, "/writing/new", {})).data as { kind: string }).kind).toBe("reflection");
    expect(((await get(writing.loader as Fn, learner.id, "/writing/new?kind=message", {})).data as { kind: string }).kind).toBe("message");
  });
});

describe("works.detail: resubmitting and reviewing", () => {
  let workId: string;
  let author: { id: string };
  let reviewer: { id: string };
  beforeAll(async () => {
    author = await makeUser(org.eastBranch.id);
    reviewer = await makeUser(org.east.id);
    await grant(reviewer.id, "manager", org.east.id);
    const made = await callRoute(async () => worksNew.action({ request: await upload(author.id, "/works/new", { kind: "calligraphy", title: "清风", description: "" }), params: {}, context: {} } as never));
    expect(made.status).toBe(302);
    workId = (await db.work.findFirstOrThrow({ where: { userId: author.id } })).id;
  });
  const url = () => `/works/${workId}`;

  test("a resubmission with a 501-character note is refused and its upload is not kept", async () => {
    await db.work.update({ where: { id: workId }, data: { status: "returned" } });
    const r = await expectRefused(() => callRoute(async () => worksDetail.action({ request: await upload(author.id, url(), { note: "注".repeat(501) }), params: { workId }, context: {} } as never) as Promise<Reply>));
    expect(r.data?.message).toBe(t.formInput.tooLong(500));
  });

  test("a resubmission as the page sends it is still kept", async () => {
    const r = await callRoute(async () => worksDetail.action({ request: await upload(author.id, url(), { note: "重交一版" }), params: { workId }, context: {} } as never) as Promise<Reply>);
    expect(r).toMatchObject({ status: 200, data: { ok: true, message: t.activityWorks.resubmitted } });
    expect(await db.workVersion.findFirst({ where: { workId, number: 2, note: "重交一版" } })).not.toBeNull();
  });

  test.each([
    ["a missing intent", [["comment", "很好"]]],
    ["an unknown intent", [["intent", "constructor"], ["comment", "很好"]]],
    ["a 100 000-character comment", [["intent", "return"], ["comment", HUGE]]],
    ["a NUL byte in the comment", [["intent", "approve"], ["comment", "很\u0000好"]]],
  ] as [string, [string, string][]][])("review with %s: 400, Chinese, nothing written", async (_name, form) => {
    await expectRefused(() => post(worksDetail.action as Fn, reviewer.id, url(), { workId }, form));
  });

  test("approving and nominating as the page sends them still work", async () => {
    const r = await post(worksDetail.action as Fn, reviewer.id, url(), { workId }, [["intent", "approve"], ["comment", "很好"]]);
    expect(r).toMatchObject({ status: 200, data: { ok: true, message: t.activityWorks.approved } });
    const n = await post(worksDetail.action as Fn, reviewer.id, url(), { workId }, [["intent", "nominate"]]);
    expect(n).toMatchObject({ status: 200, data: { ok: true, message: t.activityWorks.nominated } });
    expect(await db.work.findUniqueOrThrow({ where: { id: workId } })).toMatchObject({ status: "approved", nominated: true });
  });
});

describe("api.check: a lesson's knowledge check", () => {
  let lessonId: string;
  const a = `${tag}-ka`;
  beforeAll(async () => {
    await makeQuestions(`bank-${tag}-k`, [single(a, 1, { tags: [`${tag}k`] })]);
    const course = await createCourse({ classroom: "theory", slug: `k-${tag}`, title: "测验课程", summary: "" });
    const lesson = await createLesson(course.id, { slug: "k-one", title: "测验课" }, trainer.id);
    await saveDraft(lesson.id, `---\ntitle: 测验课\n---\n\n正文。\n\n<KnowledgeCheck questions="${a}" />\n`, trainer.id);
    await publishDraft(lesson.id, trainer.id);
    lessonId = lesson.id;
  });

  test.each([
    ["a 100 000-character lesson id", () => [["lessonId", HUGE], ["questions", a], [`q:${a}`, "0"]]],
    ["a NUL byte in the question list", () => [["lessonId", lessonId], ["questions", `${a}\u0000`], [`q:${a}`, "0"]]],
    ["no question list", () => [["lessonId", lessonId], [`q:${a}`, "0"]]],
    ["a 1001-character answer", () => [["lessonId", lessonId], ["questions", a], [`q:${a}`, "0".repeat(1001)]]],
    ["21 values for one question", () => [["lessonId", lessonId], ["questions", a], ...Array.from({ length: 21 }, () => [`q:${a}`, "0"])]],
  ] as [string, () => [string, string][]][])("%s: 400, Chinese in `error`, nothing written", async (_name, form) => {
    const r = await expectRefused(() => post(check.action as Fn, learner.id, "/api/check", {}, form()));
    expect(r.data).toMatchObject({ ok: false });
    expect(r.data?.error).toMatch(CHINESE);
  });

  test("the check as the lesson sends it still grades", async () => {
    const r = await post(check.action as Fn, learner.id, "/api/check", {}, [["lessonId", lessonId], ["questions", a], [`q:${a}`, "0"], ["q:__proto__", "1"]]);
    expect(r).toMatchObject({ status: 200, data: { ok: true, right: 1, total: 1, passed: true } });
  });
});
