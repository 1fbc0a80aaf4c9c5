// Routes converted to the one parse step (app/lib/parse-form.server.ts), called for real with what
// the fuzz run found gave 500s (deadline=9999-99-99 and friends): each must answer 400 with a Chinese
// message and leave the database as it was.
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { createItem } from "#app/modules/screening/ledger.server.ts";
import type { Actor } from "#app/modules/identity/permissions.server.ts";
import * as ledger from "#app/routes/screening.ledger.tsx";
import * as item from "#app/routes/screening.item.tsx";
import * as yearEnd from "#app/routes/screening.year-end.tsx";
import * as yearEndExport from "#app/routes/screening.year-end.export.ts";
import * as file from "#app/routes/file.tsx";
import * as filePdf from "#app/routes/file.pdf.ts";
import * as xapi from "#app/routes/records.xapi.ts";
import * as adminUsers from "#app/routes/admin.users.tsx";
import * as bulletin from "#app/routes/oversight.bulletin.tsx";
import * as bulletinExport from "#app/routes/oversight.bulletin.export.ts";
import * as manageExams from "#app/routes/manage.exams.tsx";
import * as manageExam from "#app/routes/manage.exam.tsx";
import * as manageAssignments from "#app/routes/manage.assignments.tsx";
import * as manageSessions from "#app/routes/manage.sessions.tsx";
import * as discussions from "#app/routes/discussions.tsx";
import { OFFLINE_KINDS } from "#app/modules/learning/kinds.ts";
import { createExam } from "#app/modules/assessment/exams.server.ts";
import { callRoute, grant, makeOrg, makeQuestions, makeUser, requestAs, single } from "#tests/factories.ts";

type Fn = (args: never) => unknown;
const post = async (fn: Fn, userId: string, url: string, params: Record<string, string>, form: [string, string][]) =>
  callRoute(async () => fn({ request: await requestAs(userId, url, form), params, context: {} } as never) as Promise<{ message?: string } | null>);

const CHINESE = /[\u4e00-\u9fff]/;
const BAD_DATES = ["9999-99-99", "2026-02-30", "1e309", "NaN", "-1", "2026-01-01\u0000", "1999-12-31", "x".repeat(100_000)];

let county: { id: string };
let secretary: { id: string; username: string };
let org: Awaited<ReturnType<typeof makeOrg>>;
let itemId: string;

async function actor(userId: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { unit: true, grants: { include: { unit: true } } } });
  return { id: u.id, unitId: u.unitId, unitPath: u.unit.path, grants: u.grants.map((g) => ({ role: g.role as never, unitId: g.unitId, unitPath: g.unit.path })) };
}

// Everything the ledger writes, so "nothing changed" is checked, not assumed.
const snapshot = async () => ({
  items: await db.ledgerItem.findMany({ orderBy: { id: "asc" } }),
  updates: await db.ledgerUpdate.count(),
  orders: await db.supervisionOrder.count(),
});

beforeAll(async () => {
  org = await makeOrg();
  county = await makeUser(org.east.id, { name: "东区局长" });
  await grant(county.id, "manager", org.east.id);
  const sec = await makeUser(org.eastBranch.id, { name: "支部书记" });
  await grant(sec.id, "manager", org.eastBranch.id);
  secretary = { id: sec.id, username: sec.username };
  const it = await createItem(await actor(county.id), {
    unitId: org.eastBranch.id, source: "review", problemId: null, riskPointId: null, title: "整改事项", description: "",
    leaderId: sec.id, department: "办公室", responsible: sec.username, deadline: new Date(Date.now() + 30 * 86_400_000), standard: "按期整改", effect: "杜绝类似问题",
  });
  itemId = it.id;
});

describe("screening.ledger action (create)", () => {
  const good = (): [string, string][] => [
    ["unitId", org.eastBranch.id], ["source", "review"], ["problemId", ""], ["riskPointId", ""], ["title", "新的整改事项"],
    ["leaderId", secretary.id], ["department", "办公室"], ["responsible", secretary.username], ["deadline", "2026-12-31"], ["standard", "按期整改"], ["effect", "杜绝类似问题"],
  ];
  const withField = (name: string, value: string) => good().map(([k, v]) => [k, k === name ? value : v] as [string, string]);

  test.each(BAD_DATES.map((v, i) => [i, v] as const))("hostile deadline #%i: 400, Chinese message, nothing written", async (_i, v) => {
    const before = await snapshot();
    const r = await post(ledger.action as Fn, county.id, "/screening/ledger", {}, withField("deadline", v));
    expect(r.status).toBe(400);
    expect(r.data?.message).toMatch(CHINESE);
    expect((r.data as { fieldErrors?: object } | null)?.fieldErrors).toHaveProperty("deadline");
    expect(await snapshot()).toEqual(before);
  });

  test("a blank deadline keeps the screen's own message; junk field names are harmless", async () => {
    const before = await snapshot();
    const r = await post(ledger.action as Fn, county.id, "/screening/ledger", {}, [["__proto__", "x"], ["constructor[prototype]", "y"], ...withField("deadline", "")]);
    expect(r).toMatchObject({ status: 400, data: { message: t.screeningLedger.errors.deadlineRequired } });
    expect(await snapshot()).toEqual(before);
  });

  test("a missing field is a Chinese 400, not Zod's English", async () => {
    const r = await post(ledger.action as Fn, county.id, "/screening/ledger", {}, good().filter(([k]) => k !== "title"));
    expect(r).toMatchObject({ status: 400, data: { message: t.screeningLedger.errors.titleRequired } });
  });

  test("the valid form still creates the item, due at the end of that Beijing day", async () => {
    const r = await post(ledger.action as Fn, county.id, "/screening/ledger", {}, good());
    expect(r.data).toBeNull();
    expect(r.status).toBe(302);
    const made = await db.ledgerItem.findFirstOrThrow({ where: { title: "新的整改事项" } });
    expect(made.deadline.toISOString()).toBe("2026-12-31T15:59:59.000Z");
  });
});

describe("screening.item action", () => {
  const url = () => `/screening/ledger/${itemId}`;

  test.each(BAD_DATES.map((v, i) => [i, v] as const))("order with hostile deadline #%i: 400, nothing written", async (_i, v) => {
    const before = await snapshot();
    const r = await post(item.action as Fn, county.id, url(), { itemId }, [["intent", "order"], ["content", "请说明进展"], ["deadline", v]]);
    expect(r.status).toBe(400);
    expect(r.data?.message).toMatch(CHINESE);
    expect((r.data as { fieldErrors?: object } | null)?.fieldErrors).toHaveProperty("deadline");
    expect(await snapshot()).toEqual(before);
  });

  test("an order without a deadline keeps its message", async () => {
    const r = await post(item.action as Fn, county.id, url(), { itemId }, [["intent", "order"], ["content", "请说明进展"], ["deadline", ""]]);
    expect(r).toMatchObject({ status: 400, data: { message: t.screeningLedger.item.orderDeadlineRequired } });
  });

  test("reopen with a hostile new deadline is refused before anything is written", async () => {
    const before = await snapshot();
    const r = await post(item.action as Fn, county.id, url(), { itemId }, [["intent", "reopen"], ["reason", "复查发现反弹"], ["deadline", "9999-99-99"]]);
    expect(r.status).toBe(400);
    expect(r.data?.message).toMatch(CHINESE);
    expect((r.data as { fieldErrors?: object } | null)?.fieldErrors).toHaveProperty("deadline");
    expect(await snapshot()).toEqual(before);
  });

  test.each([[""], ["nope"], ["__proto__"], ["constructor"]])("unknown intent %j: 400 with the screen's message", async (intent) => {
    const before = await snapshot();
    const r = await post(item.action as Fn, county.id, url(), { itemId }, [["intent", intent]]);
    expect(r).toMatchObject({ status: 400, data: { message: t.screeningTerms.unknownAction } });
    expect(await snapshot()).toEqual(before);
  });

  test("a valid order is still issued", async () => {
    const r = await post(item.action as Fn, county.id, url(), { itemId }, [["intent", "order"], ["content", "请说明进展"], ["deadline", "2026-12-20"]]);
    expect(r.status).toBe(200);
    const order = await db.supervisionOrder.findFirstOrThrow({ where: { itemId } });
    expect(order.deadline.toISOString()).toBe("2026-12-20T15:59:59.000Z");
  });
});

// A loader's refusal is thrown; this keeps its status and its message.
async function load(fn: Fn, userId: string, url: string, params: Record<string, string> = {}) {
  try {
    await fn({ request: await requestAs(userId, url), params, context: {} } as never);
    return { status: 200, message: null };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, message: null };
    const d = error as { type?: string; init?: { status?: number } | null; data?: { message?: string } };
    if (d?.type === "DataWithResponseInit") return { status: d.init?.status ?? 500, message: d.data?.message ?? null };
    throw error;
  }
}

describe("?year= and ?page= query parameters", () => {
  const HOSTILE = ["1e309", "NaN", "-1", "0", "9999", "2024.5", "%00", "x".repeat(10_000), "__proto__"];
  let city: string;
  let admin: string;
  beforeAll(async () => {
    const c = await makeUser(org.city.id, { name: "市局领导" });
    await grant(c.id, "manager", org.city.id);
    city = c.id;
    const a = await makeUser(org.city.id, { name: "系统管理员" });
    await grant(a.id, "admin", org.city.id);
    admin = a.id;
  });

  test.each(HOSTILE.map((v, i) => [i, v] as const))("hostile year #%i: 400 with the year message, no read logged", async (_i, v) => {
    const logs = await db.fileAccessLog.count();
    const y = encodeURIComponent(v);
    for (const [fn, url, params] of [
      [yearEnd.loader, `/screening/year-end?year=${y}`, {}],
      [yearEndExport.loader, `/screening/year-end/export?year=${y}`, {}],
      [file.loader, `/people/${secretary.id}/file?year=${y}`, { userId: secretary.id }],
      [filePdf.loader, `/people/${secretary.id}/file.pdf?year=${y}`, { userId: secretary.id }],
      [xapi.loader, `/records/xapi?user=${secretary.id}&year=${y}`, {}],
    ] as const) {
      expect(await load(fn as Fn, city, url, params), url.slice(0, 60)).toEqual({ status: 400, message: t.formInput.year });
    }
    expect(await db.fileAccessLog.count()).toBe(logs);
  });

  test("no year, or a real one, still loads", async () => {
    expect((await load(yearEnd.loader as Fn, city, "/screening/year-end")).status).toBe(200);
    expect((await load(yearEnd.loader as Fn, city, "/screening/year-end?year=2025")).status).toBe(200);
    expect((await load(file.loader as Fn, city, `/people/${secretary.id}/file?year=`, { userId: secretary.id })).status).toBe(200);
  });

  test.each(["1e309", "NaN", "-1", "0", "1.5", "100001", "x".repeat(10_000)].map((v, i) => [i, v] as const))("hostile page #%i on the user list: 400", async (_i, v) => {
    expect(await load(adminUsers.loader as Fn, admin, `/admin/users?page=${encodeURIComponent(v)}`)).toEqual({ status: 400, message: t.formInput.page });
  });

  test.each(["9999-99", "2026-13", "1e309", "NaN", "-1", "x".repeat(10_000)].map((v, i) => [i, v] as const))("hostile bulletin month #%i: 400", async (_i, v) => {
    for (const fn of [bulletin.loader, bulletinExport.loader]) {
      expect(await load(fn as Fn, city, `/oversight/bulletin?unit=${org.city.id}&at=${encodeURIComponent(v)}`)).toEqual({ status: 400, message: t.formInput.month });
    }
  });

  test("a bulletin period that is no period is refused; none, or a real month, still loads", async () => {
    expect(await load(bulletin.loader as Fn, city, `/oversight/bulletin?unit=${org.city.id}&period=__proto__`)).toEqual({ status: 400, message: t.formInput.choice });
    expect((await load(bulletin.loader as Fn, city, `/oversight/bulletin?unit=${org.city.id}`)).status).toBe(200);
    expect((await load(bulletin.loader as Fn, city, `/oversight/bulletin?unit=${org.city.id}&period=quarter&at=2026-11`)).status).toBe(200);
  });

  test("page 2, or none, still loads", async () => {
    expect((await load(adminUsers.loader as Fn, admin, "/admin/users")).status).toBe(200);
    expect((await load(adminUsers.loader as Fn, admin, "/admin/users?page=2")).status).toBe(200);
  });
});

describe("manage.exams action (create)", () => {
  let trainer: string;
  beforeAll(async () => {
    const u = await makeUser(org.city.id, { name: "培训管理员" });
    await grant(u.id, "trainer", org.city.id);
    trainer = u.id;
    await makeQuestions("parse-form", [single("pf-q1"), single("pf-q2")]);
  });
  const good = (): [string, string][] => [
    ["title", "廉洁知识测试"], ["description", ""], ["type0", "single"], ["count0", "2"], ["points0", "2.5"], ["tags0", ""], ["difficulty0", ""],
    ["opensAt", "2026-12-01T09:00"], ["closesAt", "2026-12-31T18:00"], ["timeLimitMinutes", "30"], ["maxAttempts", "1"], ["passPercent", "60"],
    ["reviewMode", "full"], ["reviewWhen", "immediately"], ["shuffleOptions", "on"],
  ];
  const withField = (name: string, value: string) => [...good().filter(([k]) => k !== name), [name, value] as [string, string]];

  test.each(
    [
      ["count0", "1e309"], ["count0", "NaN"], ["count0", "-1"], ["count0", "9".repeat(100_000)], ["points0", "NaN"], ["points0", "1e309"],
      ["difficulty0", "7"], ["opensAt", "9999-99-99T00:00"], ["opensAt", "2026-02-30T09:00"], ["closesAt", "2026-12-31T25:00"],
      ["timeLimitMinutes", "1e309"], ["timeLimitMinutes", "-1"], ["maxAttempts", "NaN"], ["passPercent", "101"], ["title", "考试\u0000"], ["prereqCourse", "x".repeat(100_000)],
    ].map(([k, v], i) => [i, k!, v!] as const),
  )("hostile #%i (%s): 400 with a Chinese message, no exam made", async (_i, name, value) => {
    const before = await db.exam.count();
    const r = await post(manageExams.action as Fn, trainer, "/manage/exams", {}, withField(name, value));
    expect(r.status).toBe(400);
    expect(r.data?.message).toMatch(CHINESE);
    expect(Object.keys((r.data as { fieldErrors: object }).fieldErrors).some((k) => k.startsWith(name))).toBe(true);
    expect(await db.exam.count()).toBe(before);
  });

  test("the valid form still creates the exam, its times read as Beijing time", async () => {
    const r = await post(manageExams.action as Fn, trainer, "/manage/exams", {}, good());
    expect(r.data).toBeNull();
    expect(r.status).toBe(302);
    const exam = await db.exam.findFirstOrThrow({ where: { title: "廉洁知识测试" } });
    expect(exam.opensAt.toISOString()).toBe("2026-12-01T01:00:00.000Z");
    expect(JSON.parse(exam.blueprintJson)).toMatchObject([{ type: "single", count: 2, points: 2.5 }]);
  });
});

describe("manage.exam action (override, grade, regrade)", () => {
  let trainer: string;
  let examId: string;
  beforeAll(async () => {
    const u = await makeUser(org.city.id, { name: "考试管理员" });
    await grant(u.id, "trainer", org.city.id);
    trainer = u.id;
    await makeQuestions("parse-form-2", [single("pf2-q1")]);
    const exam = await createExam(
      { title: "覆盖测试", blueprint: [{ type: "single", count: 1, points: 5 }], opensAt: new Date("2026-12-01T01:00:00Z"), closesAt: new Date("2026-12-31T10:00:00Z"), timeLimitMinutes: 30, maxAttempts: 1, passPercent: 60, reviewMode: "full", reviewWhen: "immediately" },
      u.id,
    );
    examId = exam.id;
  });
  const url = () => `/manage/exams/${examId}`;
  const state = async () => ({ overrides: await db.examOverride.findMany(), slots: await db.attemptSlot.findMany() });
  const override = (over: Record<string, string>): [string, string][] =>
    Object.entries({ intent: "override", target: "unit", unitId: "EAST", username: "", extraMinutes: "10", extraAttempts: "0", closesAt: "", reason: "网络故障补时", ...over });

  test.each(
    [
      override({ closesAt: "9999-99-99T00:00" }), override({ closesAt: "2026-02-30T09:00" }), override({ extraMinutes: "1e309" }), override({ extraMinutes: "NaN" }),
      override({ extraAttempts: "-1" }), override({ target: "__proto__" }), override({ unitId: "x".repeat(100_000) }),
      [["intent", "grade"], ["attemptId", "a1"], ["slot", "abc"], ["max", "5"], ["points", "1"]],
      [["intent", "grade"], ["attemptId", "a1"], ["slot", "1e309"], ["max", "5"], ["points", "1"]],
      [["intent", "grade"], ["attemptId", "a1"], ["slot", "1"], ["max", "NaN"], ["points", "1"]],
      [["intent", "grade"], ["attemptId", "a1"], ["slot", "1"], ["max", "5"], ["points", "1e309"]],
      [["intent", "grade"], ["attemptId", "a1"], ["slot", "1"], ["max", "5"], ["points", "6"]],
      [["intent", "regrade"], ["questionId", "q\u0000"], ["reason", "x"]],
      [["intent", "nope"]],
      [],
    ].map((form, i) => [i, form as [string, string][]] as const),
  )("hostile form #%i: 400 with a Chinese message, nothing written", async (_i, form) => {
    const before = await state();
    const r = await post(manageExam.action as Fn, trainer, url(), { examId }, form.map(([k, v]) => [k, v === "EAST" ? org.east.id : v]));
    expect(r.status).toBe(400);
    expect(r.data?.message).toMatch(CHINESE);
    expect(await state()).toEqual(before);
  });

  test("points above the question's are refused with the grading message", async () => {
    const r = await post(manageExam.action as Fn, trainer, url(), { examId }, [["intent", "grade"], ["attemptId", "a1"], ["slot", "1"], ["max", "5"], ["points", "6"]]);
    expect(r).toMatchObject({ status: 400, data: { message: t.examManage.gradeRange(5) } });
  });

  test("a valid override is still added", async () => {
    const r = await post(manageExam.action as Fn, trainer, url(), { examId }, override({ unitId: org.east.id, closesAt: "2027-01-05T18:00" }));
    expect(r.status).toBe(200);
    const o = await db.examOverride.findFirstOrThrow({ where: { examId } });
    expect(o).toMatchObject({ unitId: org.east.id, extraMinutes: 10 });
    expect(o.closesAt?.toISOString()).toBe("2027-01-05T10:00:00.000Z");
  });
});

describe("manage.assignments action", () => {
  let trainer: string;
  beforeAll(async () => {
    const u = await makeUser(org.city.id, { name: "任务管理员" });
    await grant(u.id, "trainer", org.city.id);
    trainer = u.id;
  });
  const create = (over: Record<string, string>): [string, string][] =>
    Object.entries({ kind: "pledge", target_pledge: "2026", title: "年度承诺", unitId: "EAST", positions: "", startsAt: "2026-12-01", dueAt: "2026-12-31", requiredMinutes: "", ...over });
  const count = () => db.assignment.count();

  test.each(
    [
      create({ startsAt: "9999-99-99" }), create({ dueAt: "2026-02-30" }), create({ dueAt: "1e309" }), create({ startsAt: "" }),
      create({ requiredMinutes: "1e309" }), create({ requiredMinutes: "-1" }), create({ requiredMinutes: "NaN" }),
      create({ positions: "x".repeat(100_000) }), create({ kind: "__proto__" }), create({ title: "承诺\u0000" }),
      [["intent", "withdraw"], ["id", "x".repeat(100_000)]],
    ].map((form, i) => [i, form as [string, string][]] as const),
  )("hostile form #%i: 400 with a Chinese message, nothing written", async (_i, form) => {
    const before = await count();
    const r = await post(manageAssignments.action as Fn, trainer, "/manage/assignments", {}, form.map(([k, v]) => [k, v === "EAST" ? org.east.id : v]));
    expect(r.status).toBe(400);
    expect(r.data?.message).toMatch(CHINESE);
    expect(await count()).toBe(before);
  });

  test("a blank start keeps the screen's message; due before start keeps the domain's", async () => {
    const send = (over: Record<string, string>) => post(manageAssignments.action as Fn, trainer, "/manage/assignments", {}, create({ unitId: org.east.id, ...over }));
    expect(await send({ startsAt: "" })).toMatchObject({ status: 400, data: { message: t.assign.errors.startsAt } });
    expect(await send({ startsAt: "2026-12-31", dueAt: "2026-12-01" })).toMatchObject({ status: 400, data: { message: t.assign.errors.dueBeforeStart } });
  });

  test("a valid assignment is still created, from the start of its first day to the end of its last", async () => {
    const r = await post(manageAssignments.action as Fn, trainer, "/manage/assignments", {}, create({ unitId: org.east.id }));
    expect(r.status, JSON.stringify(r.data)).toBe(200);
    const a = await db.assignment.findFirstOrThrow({ where: { title: "年度承诺" } });
    expect([a.startsAt.toISOString(), a.dueAt.toISOString()]).toEqual(["2026-11-30T16:00:00.000Z", "2026-12-31T15:59:59.000Z"]);
  });
});

describe("manage.sessions and discussions actions (dates)", () => {
  let trainer: string;
  beforeAll(async () => {
    const u = await makeUser(org.city.id, { name: "活动管理员" });
    await grant(u.id, "trainer", org.city.id);
    trainer = u.id;
  });
  const kind = Object.keys(OFFLINE_KINDS)[0]!;
  const session = (over: Record<string, string>): [string, string][] =>
    Object.entries({ kind, title: "警示教育", unitId: "EAST", place: "三楼会议室", startsAt: "2026-12-10T09:00", endsAt: "2026-12-10T11:00", ...over });
  const HOSTILE_AT = ["9999-99-99T00:00", "2026-02-30T09:00", "2026-12-10T25:61", "1e309", "NaN", "-1", "x\u0000y", "x".repeat(100_000)];

  test.each(HOSTILE_AT.flatMap((v) => [["startsAt", v], ["endsAt", v]]).map(([k, v], i) => [i, k!, v!] as const))("session #%i (%s): 400, nothing written", async (_i, name, value) => {
    const before = await db.offlineSession.count();
    const r = await post(manageSessions.action as Fn, trainer, "/manage/sessions", {}, session({ unitId: org.east.id, [name]: value }));
    expect(r.status).toBe(400);
    expect(r.data?.message).toMatch(CHINESE);
    expect(await db.offlineSession.count()).toBe(before);
  });

  test("a valid session is still created, in Beijing time", async () => {
    const r = await post(manageSessions.action as Fn, trainer, "/manage/sessions", {}, session({ unitId: org.east.id }));
    expect(r.status, JSON.stringify(r.data)).toBe(302);
    const made = await db.offlineSession.findFirstOrThrow({ where: { title: "警示教育" } });
    expect(made.startsAt.toISOString()).toBe("2026-12-10T01:00:00.000Z");
  });

  test.each(["9999-99-99", "2026-02-30", "1e309", "NaN", "", "x".repeat(100_000)].flatMap((v) => [["opensAt", v], ["closesAt", v]]).map(([k, v], i) => [i, k!, v!] as const))(
    "discussion round #%i (%s): 400, nothing written",
    async (_i, name, value) => {
      const before = await db.discussionRound.count();
      const form: [string, string][] = [["unitId", org.eastBranch.id], ["template", "x"], ["title", "专题讨论"], ["opensAt", "2026-12-01"], ["closesAt", "2026-12-10"]];
      const r = await post(discussions.action as Fn, secretary.id, "/discussions", {}, form.map(([k, v]) => [k, k === name ? value : v]));
      expect(r.status).toBe(400);
      expect(r.data?.message).toMatch(CHINESE);
      expect((r.data as { fieldErrors?: object }).fieldErrors).toHaveProperty(name);
      expect(await db.discussionRound.count()).toBe(before);
    },
  );
});
