// The admin, sign-in, check-in and question-bank forms through the one parse step: junk (100k
// characters, NUL, missing intents, hostile names, text where a file belongs) gets a 400 with a
// Chinese message and writes nothing; good input still does what it did.
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { USER_COLUMNS } from "#app/modules/identity/import.server.ts";
import { hashPassword } from "#app/modules/identity/password.server.ts";
import { codeFor, createSession as createOfflineSession } from "#app/modules/learning/offline.server.ts";
import * as adminImport from "#app/routes/admin.import.tsx";
import * as adminUnits from "#app/routes/admin.units.tsx";
import * as adminUser from "#app/routes/admin.user.tsx";
import * as adminUsers from "#app/routes/admin.users.tsx";
import * as login from "#app/routes/login.tsx";
import * as checkin from "#app/routes/checkin.tsx";
import * as manageSession from "#app/routes/manage.session.tsx";
import * as manageQuestion from "#app/routes/manage.question.tsx";
import * as manageQuestions from "#app/routes/manage.questions.tsx";
import { callRoute, grant, makeOrg, makeQuestions, makeUser, requestAs, single } from "#tests/factories.ts";

type Fn = (args: never) => unknown;
type Reply = { ok?: boolean; message?: string | null; error?: string; errors?: Record<string, string>; problems?: unknown[]; code?: string; username?: string; cells?: Record<string, string> };

const CHINESE = /[\u4e00-\u9fff]/;
const HUGE = "x".repeat(100_000);
const NUL = "名\u0000字";

const post = async (fn: Fn, userId: string | null, url: string, params: Record<string, string>, form: [string, string][]) =>
  callRoute(async () => fn({ request: await requestAs(userId, url, form), params, context: {} } as never) as Promise<Reply>);

/** A multipart POST (file uploads) with the session cookie and Origin that requestAs sets. */
async function upload(fn: Fn, userId: string, url: string, entries: [string, string | File][]) {
  const signed = await requestAs(userId, url);
  const body = new FormData();
  for (const [k, v] of entries) body.append(k, v);
  const request = new Request(signed.url, { method: "POST", headers: { cookie: signed.headers.get("cookie") ?? "", origin: "http://localhost" }, body });
  return callRoute(async () => fn({ request, params: {}, context: {} } as never) as Promise<Reply>);
}

// A loader's refusal is thrown; this keeps its status and message.
async function load(fn: Fn, userId: string, url: string, params: Record<string, string> = {}) {
  try {
    const value = (await fn({ request: await requestAs(userId, url), params, context: {} } as never)) as Reply;
    return { status: 200, message: null, value };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, message: null, value: null };
    const d = error as { type?: string; init?: { status?: number } | null; data?: { message?: string } };
    if (d?.type === "DataWithResponseInit") return { status: d.init?.status ?? 500, message: d.data?.message ?? null, value: null };
    throw error;
  }
}

/** The refusal's words, in whichever shape the screen reads them. */
const words = (r: { data: Reply | null }) => [r.data?.message, r.data?.error, ...Object.values(r.data?.errors ?? {})].filter(Boolean).join(" ");

function expectRefused(r: { status: number; data: Reply | null }, message?: string) {
  expect(r.status).toBe(400);
  expect(words(r)).toMatch(CHINESE);
  if (message) expect(words(r)).toContain(message);
}

let org: Awaited<ReturnType<typeof makeOrg>>;
let admin: string;

beforeAll(async () => {
  org = await makeOrg();
  const a = await makeUser(org.city.id, { name: "系统管理员" });
  await grant(a.id, "admin", org.city.id);
  admin = a.id;
  // The article the test questions cite (factories' single(): "test:1"), so the bank accepts them.
  await db.regulation.create({ data: { slug: "test", title: "测试条例", shortTitle: "测试", sourceHash: "x" } });
  await db.article.create({ data: { id: "test:1", regulationSlug: "test", number: 1, label: "第一条", chapter: "总则", body: "正文" } });
});

describe("admin.import action", () => {
  const counts = async () => ({ users: await db.user.count(), units: await db.orgUnit.count() });

  test.each([
    ["a 100k text in place of the file", [["file", HUGE]]],
    ["no file at all", [["__proto__", "x"]]],
    ["an empty file", [["file", new File([], "empty.csv")]]],
  ] as [string, [string, string | File][]][])("%s: 400, Chinese, nothing imported", async (_name, entries) => {
    const before = await counts();
    const r = await upload(adminImport.action as Fn, admin, "/admin/import", entries);
    expect(r.status).toBe(400);
    expect(r.data?.error).toBe(t.adminImport.noFile);
    expect(r.data?.problems).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  test("a good CSV is still imported", async () => {
    const csv = `${USER_COLUMNS.join(",")}\r\nimported-one,导入人员,,${org.east.code},科员,是,在职,\r\n`;
    const r = await upload(adminImport.action as Fn, admin, "/admin/import", [["file", new File([csv], "人员.csv", { type: "text/csv" })]]);
    expect(r.status).toBe(200);
    expect(r.data?.ok).toBe(true);
    expect(r.data?.message).toMatch(CHINESE);
    expect(await db.user.findUnique({ where: { username: "imported-one" } })).toMatchObject({ name: "导入人员", unitId: org.east.id });
  });
});

describe("admin.units action", () => {
  const good = (): [string, string][] => [["intent", "create"], ["parentId", org.east.id], ["code", "AF-UNIT-1"], ["name", "新设党支部"], ["kind", "branch"]];
  const withField = (name: string, value: string) => good().map(([k, v]) => [k, k === name ? value : v] as [string, string]);

  test.each([
    ["name", HUGE, t.adminUnits.nameTooLong],
    ["name", NUL, t.formInput.controlChars],
    ["code", HUGE, t.adminUnits.codeRule],
    ["parentId", HUGE, undefined],
    ["kind", "__proto__", t.adminUnits.kindMissing],
    ["intent", "", undefined],
  ] as const)("hostile %s #%#: 400, Chinese, no unit", async (field, value, message) => {
    const before = await db.orgUnit.count();
    const r = await post(adminUnits.action as Fn, admin, "/admin/units", {}, withField(field, value));
    expectRefused(r, message);
    expect(await db.orgUnit.count()).toBe(before);
  });

  test("a move with a 100k unit id is refused", async () => {
    const r = await post(adminUnits.action as Fn, admin, "/admin/units", {}, [["intent", "move"], ["unitId", HUGE], ["parentId", org.west.id]]);
    expectRefused(r);
  });

  test("a good unit is still created", async () => {
    const r = await post(adminUnits.action as Fn, admin, "/admin/units", {}, good());
    expect(r.status).toBe(200);
    expect(r.data?.message).toBe(t.adminUnits.created("新设党支部"));
    expect(await db.orgUnit.findUnique({ where: { code: "AF-UNIT-1" } })).toMatchObject({ name: "新设党支部", kind: "branch" });
  });
});

describe("admin.users action and ?q=", () => {
  const good = (username: string): [string, string][] => [
    ["username", username], ["name", "新同事"], ["staffNo", ""], ["unitId", org.eastBranch.id], ["position", "科员"], ["isPartyMember", "on"], ["password", ""],
  ];
  const withField = (name: string, value: string) => good("af-new").map(([k, v]) => [k, k === name ? value : v] as [string, string]);

  test.each([
    ["name", HUGE, t.people.errors.nameTooLong],
    ["name", NUL, t.formInput.controlChars],
    ["username", `a${NUL}`, undefined],
    ["username", HUGE, t.people.errors.usernameTooLong],
    ["staffNo", HUGE, t.people.errors.staffNoTooLong],
    ["unitId", HUGE, undefined],
    ["password", HUGE, t.passwordRules.tooLong(64)],
  ] as const)("hostile %s #%#: 400, Chinese on the field, nobody created", async (field, value, message) => {
    const before = await db.user.count();
    const r = await post(adminUsers.action as Fn, admin, "/admin/users", {}, withField(field, value));
    expectRefused(r, message);
    expect(r.data?.errors?.[field]).toMatch(CHINESE);
    expect(await db.user.count()).toBe(before);
  });

  test("the domain's own rules still word the fields, several at once", async () => {
    const r = await post(adminUsers.action as Fn, admin, "/admin/users", {}, [["username", "x"], ["name", ""], ["unitId", org.eastBranch.id]]);
    expect(r.status).toBe(400);
    expect(r.data?.errors).toMatchObject({ username: t.people.errors.usernameTooShort, name: t.people.errors.nameMissing });
  });

  test("a good person is still created", async () => {
    const r = await post(adminUsers.action as Fn, admin, "/admin/users", {}, good(" AF-Good "));
    expect(r.status).toBe(302);
    const created = await db.user.findUniqueOrThrow({ where: { username: "af-good" } });
    expect(r.response?.headers.get("location")).toBe(`/admin/users/${created.id}`);
    expect(created).toMatchObject({ name: "新同事", staffNo: null, position: "科员", isPartyMember: true, active: true, unitId: org.eastBranch.id });
  });

  test.each([HUGE, "\u0000", "a\u0001b"].map((v, i) => [i, v] as const))("hostile ?q= #%i: 400 with a Chinese message", async (_i, v) => {
    const r = await load(adminUsers.loader as Fn, admin, `/admin/users?q=${encodeURIComponent(v)}`);
    expect(r.status).toBe(400);
    expect(r.message).toMatch(CHINESE);
  });

  test("a search still finds, and no search still lists", async () => {
    const r = await load(adminUsers.loader as Fn, admin, `/admin/users?q=${encodeURIComponent(" 系统管理员 ")}`);
    expect(r.status).toBe(200);
    expect((r.value as unknown as { users: { name: string }[] }).users.map((u) => u.name)).toEqual(["系统管理员"]);
    expect((await load(adminUsers.loader as Fn, admin, "/admin/users?q=")).status).toBe(200);
  });
});

describe("admin.user action", () => {
  let person: { id: string; name: string; username: string };
  beforeAll(async () => {
    person = await makeUser(org.eastBranch.id, { name: "被管理人" });
  });
  const url = () => `/admin/users/${person.id}`;
  const act = (form: [string, string][]) => post(adminUser.action as Fn, admin, url(), { id: person.id }, form);
  const update = (name: string, value: string): [string, string][] =>
    ([["intent", "update"], ["name", "被管理人"], ["staffNo", ""], ["unitId", org.eastBranch.id], ["position", ""], ["isPartyMember", "on"], ["active", "on"]] as [string, string][]).map(([k, v]) => [k, k === name ? value : v]);
  const snapshot = async () => ({ user: await db.user.findUniqueOrThrow({ where: { id: person.id } }), grants: await db.roleGrant.count({ where: { userId: person.id } }) });

  test.each([
    ["no intent", () => [["name", "改名"]], t.adminUser.unknownIntent, "_form"],
    ["an unknown intent", () => [["intent", "__proto__"]], t.adminUser.unknownIntent, "_form"],
    ["a 100k name", () => update("name", HUGE), t.people.errors.nameTooLong, "name"],
    ["a NUL in the position", () => update("position", NUL), t.formInput.controlChars, "position"],
    ["a 100k unit id", () => update("unitId", HUGE), undefined, "unitId"],
    ["a 100k password", () => [["intent", "password"], ["password", HUGE]], t.passwordRules.tooLong(64), "password"],
    ["a role that is no role", () => [["intent", "grant"], ["role", "__proto__"], ["grantUnitId", org.eastBranch.id]], t.people.errors.roleMissing, "role"],
    ["a 100k grant unit", () => [["intent", "grant"], ["role", "manager"], ["grantUnitId", HUGE]], undefined, "role"],
    ["a 100k grant id", () => [["intent", "revoke"], ["grantId", HUGE]], undefined, "_form"],
  ] as [string, () => [string, string][], string | undefined, string][])("%s: 400, Chinese where the screen shows it, nothing changed", async (_name, form, message, key) => {
    const before = await snapshot();
    const r = await act(form());
    expectRefused(r, message);
    expect(r.data?.errors?.[key]).toMatch(CHINESE);
    expect(await snapshot()).toEqual(before);
  });

  test("good updates, grants and revokes still work", async () => {
    const saved = await act(update("name", "改过的名字"));
    expect(saved).toMatchObject({ status: 200, data: { ok: true, message: t.adminUser.saved } });
    expect((await db.user.findUniqueOrThrow({ where: { id: person.id } })).name).toBe("改过的名字");
    const granted = await act([["intent", "grant"], ["role", "manager"], ["grantUnitId", org.eastBranch.id]]);
    expect(granted).toMatchObject({ status: 200, data: { ok: true, message: t.adminUser.granted(t.roles.manager ?? "", org.eastBranch.name) } });
    const g = await db.roleGrant.findFirstOrThrow({ where: { userId: person.id, role: "manager" } });
    expect(await act([["intent", "revoke"], ["grantId", g.id]])).toMatchObject({ status: 200, data: { message: t.adminUser.revoked } });
    expect(await db.roleGrant.count({ where: { userId: person.id } })).toBe(0);
    // The password rules still speak for a bad password, and a good one is set.
    expect(await act([["intent", "password"], ["password", "short"]])).toMatchObject({ status: 400, data: { errors: { password: t.passwordRules.tooShort(8) } } });
    expect(await act([["intent", "password"], ["password", "Qingfeng-Lianjie-2026"]])).toMatchObject({ status: 200, data: { message: t.adminUser.passwordReset } });
    expect((await db.user.findUniqueOrThrow({ where: { id: person.id } })).passwordHash).toBeTruthy();
  });
});

describe("login action", () => {
  const PASSWORD = "Qingfeng-Lianjie-2026";
  let username: string;
  beforeAll(async () => {
    const u = await makeUser(org.eastBranch.id, { username: "af-login", passwordHash: await hashPassword(PASSWORD) });
    username = u.username;
  });
  const signIn = (form: [string, string][]) =>
    callRoute(async () =>
      login.action({ request: new Request("http://localhost/login", { method: "POST", body: new URLSearchParams(form), headers: { "content-type": "application/x-www-form-urlencoded" } }), params: {}, context: { clientIp: "10.7.0.1" } } as never) as Promise<Reply>,
    );

  test.each([
    ["a 100k username", [["username", HUGE], ["password", PASSWORD]], ""],
    ["100k spaces as the username", [["username", " ".repeat(100_000)], ["password", PASSWORD]], ""],
    ["a NUL in the username", [["username", "af-login\u0000"], ["password", PASSWORD]], ""],
    ["a 100k password", [["username", "af-login"], ["password", HUGE]], "af-login"],
    ["no password", [["username", " af-login "]], "af-login"],
    ["no username", [["password", PASSWORD]], ""],
  ] as [string, [string, string][], string][])("%s: 400, Chinese, never counted or verified", async (_name, form, echoed) => {
    const before = await db.loginAttempt.count();
    const r = await signIn(form);
    expect(r.status).toBe(400);
    expect(r.data?.error).toMatch(CHINESE);
    expect(r.data?.username).toBe(echoed);
    // The limiter reserves a row before any password is verified: none means neither happened.
    expect(await db.loginAttempt.count()).toBe(before);
  });

  test("a good sign-in still lands on the in-site target, and a hostile target on the home page", async () => {
    const ok = await signIn([["username", ` ${username.toUpperCase()} `], ["password", PASSWORD], ["redirectTo", "/exams/abc?x=1#y"]]);
    expect(ok.status).toBe(302);
    expect(ok.response?.headers.get("location")).toBe("/exams/abc?x=1#y");
    expect(ok.response?.headers.getSetCookie().some((c) => c.startsWith("qf_session="))).toBe(true);
    expect(await db.loginAttempt.findFirst({ where: { username, success: true } })).toBeTruthy();
    for (const target of ["//evil.example", HUGE, ""]) {
      const r = await signIn([["username", username], ["password", PASSWORD], ["redirectTo", target]]);
      expect(r.response?.headers.get("location")).toBe("/");
    }
    // A wrong password is still the limiter's and the verifier's: 401, counted.
    const before = await db.loginAttempt.count();
    expect((await signIn([["username", username], ["password", "wrong-password-1"]])).status).toBe(401);
    expect(await db.loginAttempt.count()).toBe(before + 1);
  });
});

describe("check-in (?c= and the action) and marking present", () => {
  let session: { id: string; secret: string };
  let member: { id: string; username: string };
  beforeAll(async () => {
    session = await createOfflineSession({ kind: "lecture", title: "廉政党课", unitId: org.east.id, place: "会议室", startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3_600_000) }, admin);
    member = await makeUser(org.eastBranch.id, { name: "参会党员" });
  });
  const attendance = () => db.attendance.count({ where: { sessionId: session.id } });

  test.each([HUGE, "<script>", "a\u0000b", "__proto__.x"].map((v, i) => [i, v] as const))("hostile ?c= #%i: 400 with a Chinese message", async (_i, v) => {
    const r = await load(checkin.loader as Fn, member.id, `/checkin/${session.id}?c=${encodeURIComponent(v)}`, { sessionId: session.id });
    expect(r).toMatchObject({ status: 400, message: t.sessions.badCode });
  });

  test("a real code, or none, still loads", async () => {
    const code = codeFor(session, Date.now());
    expect((await load(checkin.loader as Fn, member.id, `/checkin/${session.id}?c=${code}`, { sessionId: session.id })).value?.code).toBe(code);
    expect((await load(checkin.loader as Fn, member.id, `/checkin/${session.id}`, { sessionId: session.id })).value?.code).toBe("");
  });

  test.each([HUGE, "a\u0000b", "不是签到码"].map((v, i) => [i, v] as const))("hostile code #%i: 400, Chinese, no attendance", async (_i, v) => {
    const r = await post(checkin.action as Fn, member.id, `/checkin/${session.id}`, { sessionId: session.id }, [["code", v]]);
    expectRefused(r, t.sessions.badCode);
    expect(await attendance()).toBe(0);
  });

  test.each([HUGE, `${"a".repeat(10)}\u0000`].map((v, i) => [i, v] as const))("hostile username to mark present #%i: 400, Chinese, no attendance", async (_i, v) => {
    const r = await post(manageSession.action as Fn, admin, `/manage/sessions/${session.id}`, { sessionId: session.id }, [["username", v]]);
    expectRefused(r);
    expect(await attendance()).toBe(0);
  });

  test("a good code checks in; the organiser's marking still works", async () => {
    const r = await post(checkin.action as Fn, member.id, `/checkin/${session.id}`, { sessionId: session.id }, [["code", codeFor(session, Date.now())]]);
    expect(r).toMatchObject({ status: 200, data: { ok: true, message: t.checkin.success } });
    expect(await attendance()).toBe(1);
    const other = await makeUser(org.eastBranch.id, { name: "补签党员" });
    const marked = await post(manageSession.action as Fn, admin, `/manage/sessions/${session.id}`, { sessionId: session.id }, [["username", ` ${other.username.toUpperCase()} `]]);
    expect(marked).toMatchObject({ status: 200, data: { ok: true, message: t.sessions.markedPresent("补签党员") } });
    expect(await attendance()).toBe(2);
    // A blank name is still the domain's to word.
    expect((await post(manageSession.action as Fn, admin, `/manage/sessions/${session.id}`, { sessionId: session.id }, [["username", ""]])).status).toBe(400);
  });
});

describe("manage.question action", () => {
  const C = t.questionFormat.xlsx.columns;
  let cells: Record<string, string>;
  beforeAll(async () => {
    await makeQuestions("admin-forms", [single("af-q1")]);
    const r = await load(manageQuestion.loader as Fn, admin, "/manage/questions/af-q1", { questionId: "af-q1" });
    cells = r.value!.cells!;
  });
  const form = (column: string, value: string): [string, string][] => [...Object.entries({ ...cells, [column]: value }).filter(([k]) => k !== C.id), ["note", "改题干"]];
  const versions = () => db.questionVersion.count({ where: { questionId: "af-q1" } });

  test.each([
    [C.stem, HUGE],
    [C.answer, `B${"\u0000"}`],
    [C.explanation, HUGE],
    ["note", HUGE],
    [C.type, HUGE],
  ])("hostile %s #%#: 400, Chinese naming the column, no new version", async (column, value) => {
    const before = await versions();
    const r = await post(manageQuestion.action as Fn, admin, "/manage/questions/af-q1", { questionId: "af-q1" }, form(column, value));
    expectRefused(r, column === "note" ? t.questionBank.fields.note : column);
    expect(await versions()).toBe(before);
  });

  test("a good edit still saves a new version", async () => {
    const before = await versions();
    const r = await post(manageQuestion.action as Fn, admin, "/manage/questions/af-q1", { questionId: "af-q1" }, form(C.stem, " 修改后的单选题题干 "));
    expect(r).toMatchObject({ status: 200, data: { ok: true, message: t.questionBank.savedVersion } });
    expect(await versions()).toBe(before + 1);
    const q = await db.question.findUniqueOrThrow({ where: { id: "af-q1" }, include: { currentVersion: true } });
    expect(q.currentVersion?.stem).toBe("修改后的单选题题干");
  });
});

describe("manage.questions loader (?bank=, ?q=) and import action", () => {
  const GIFT = "// qingfeng: id=af-g1 difficulty=1 tags=廉洁纪律 article=test:1\n::af-g1:: 收受礼品礼金违反的是哪一类纪律？{~政治纪律 =廉洁纪律 ~群众纪律}\n";
  const banks = () => db.questionBank.count();

  test.each([
    ["bank", HUGE],
    ["bank", "a\u0000"],
    ["q", HUGE],
    ["q", "\u0000"],
  ])("hostile ?%s= #%#: 400 with a Chinese message", async (name, v) => {
    const r = await load(manageQuestions.loader as Fn, admin, `/manage/questions?${name}=${encodeURIComponent(v)}`);
    expect(r.status).toBe(400);
    expect(r.message).toMatch(CHINESE);
  });

  test("a bank and a search still load", async () => {
    await makeQuestions("af-search", [single("af-s1"), single("af-s2")]);
    const r = await load(manageQuestions.loader as Fn, admin, `/manage/questions?bank=af-search&q=${encodeURIComponent(" af-s1 ")}`);
    expect(r.status).toBe(200);
    expect((r.value as unknown as { bank: string; q: string; questions: { id: string }[] })).toMatchObject({ bank: "af-search", q: "af-s1", questions: [{ id: "af-s1" }] });
    expect((await load(manageQuestions.loader as Fn, admin, "/manage/questions")).status).toBe(200);
  });

  test.each([
    ["a bank slug that is no slug", [["bank", "__proto__"], ["file", new File([GIFT], "q.gift")]], t.questionBank.slugInvalid],
    ["a 100k bank slug", [["bank", HUGE], ["file", new File([GIFT], "q.gift")]], t.questionBank.slugInvalid],
    ["a 100k bank title", [["bank", "af-bank"], ["bankTitle", HUGE], ["file", new File([GIFT], "q.gift")]], undefined],
    ["a NUL in the bank title", [["bank", "af-bank"], ["bankTitle", NUL], ["file", new File([GIFT], "q.gift")]], t.formInput.controlChars],
    ["text in place of the file", [["bank", "af-bank"], ["file", HUGE]], t.questionBank.fileRequired],
    ["no file", [["bank", "af-bank"]], t.questionBank.fileRequired],
  ] as [string, [string, string | File][], string | undefined][])("%s: 400, Chinese, nothing imported", async (_name, entries, message) => {
    const before = await banks();
    const r = await upload(manageQuestions.action as Fn, admin, "/manage/questions", entries);
    expectRefused(r, message);
    expect(r.data?.problems).toEqual([]);
    expect(await banks()).toBe(before);
    expect(await db.question.findUnique({ where: { id: "af-g1" } })).toBeNull();
  });

  test("a good GIFT file is still imported, the slug standing in for a blank title", async () => {
    const r = await upload(manageQuestions.action as Fn, admin, "/manage/questions", [["bank", " af-bank "], ["bankTitle", ""], ["file", new File([GIFT], "q.gift")]]);
    expect(r).toMatchObject({ status: 200, data: { ok: true, message: t.questionBank.imported(1, 0, 0), problems: [] } });
    expect(await db.questionBank.findUniqueOrThrow({ where: { slug: "af-bank" } })).toMatchObject({ title: "af-bank" });
    expect(await db.question.findUnique({ where: { id: "af-g1" } })).toBeTruthy();
  });
});
