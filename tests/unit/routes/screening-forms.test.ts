// The screening screens' forms and query parameters go through the one parse step (parseForm /
// parseQuery): junk — a 100 000-character text, a NUL byte, a missing or unknown intent, a key that is
// not in the domain's list, an impossible date — is a 400 with a Chinese message and writes nothing;
// what the screens themselves send still works as before. Real actions and loaders, real SQLite.
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { CHECKLIST_KEY } from "#app/modules/screening/self-inspection.server.ts";
import * as home from "#app/routes/screening.tsx";
import * as checklist from "#app/routes/screening.checklist.tsx";
import * as portrait from "#app/routes/screening.portrait.tsx";
import * as risks from "#app/routes/screening.risks.tsx";
import * as self from "#app/routes/screening.self.tsx";
import * as yearEnd from "#app/routes/screening.year-end.tsx";
import * as ledger from "#app/routes/screening.ledger.tsx";
import * as ledgerExport from "#app/routes/screening.ledger.export.ts";
import * as oversight from "#app/routes/oversight.tsx";
import * as xapi from "#app/routes/records.xapi.ts";
import { callRoute, grant, makeOrg, makeUser, requestAs } from "#tests/factories.ts";

type Fn = (args: never) => unknown;
type Reply = { ok?: boolean; message?: string; fieldErrors?: Record<string, string[]>; confirm?: unknown } | null;
const post = async (fn: Fn, userId: string, url: string, params: Record<string, string>, form: [string, string][]) =>
  callRoute(async () => fn({ request: await requestAs(userId, url, form), params, context: {} } as never) as Promise<Reply>);

// A loader's refusal is thrown; this keeps its status and its message.
async function load(fn: Fn, userId: string, url: string, params: Record<string, string> = {}) {
  try {
    const value = await fn({ request: await requestAs(userId, url), params, context: {} } as never);
    return { status: value instanceof Response ? value.status : 200, message: null };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, message: null };
    const d = error as { type?: string; init?: { status?: number } | null; data?: { message?: string } };
    if (d?.type === "DataWithResponseInit") return { status: d.init?.status ?? 500, message: d.data?.message ?? null };
    throw error;
  }
}

const CHINESE = /[\u4e00-\u9fff]/;
const HUGE = "长".repeat(100_000);
const NUL = "确有此事\u0000";

/** A 400 whose message is Chinese (and, when given, exactly `message`). */
function refused(r: { status: number; data: Reply }, message?: string) {
  expect(r.status).toBe(400);
  expect(r.data?.ok).toBe(false);
  expect(r.data?.message).toMatch(CHINESE);
  if (message) expect(r.data?.message).toBe(message);
}

// Everything these screens write, so "nothing changed" is checked, not assumed.
const snapshot = async () => ({
  rounds: await db.portraitRound.findMany({ orderBy: { id: "asc" } }),
  problems: await db.portraitProblem.findMany({ orderBy: { id: "asc" } }),
  talks: await db.talkRecord.count(),
  risks: await db.riskPoint.findMany({ orderBy: { id: "asc" } }),
  self: await db.selfInspection.findMany({ orderBy: { id: "asc" } }),
  checklists: await db.checklist.findMany(),
  nominations: await db.nomination.findMany({ orderBy: { id: "asc" } }),
  records: await db.record.count(),
  reads: await db.fileAccessLog.count(),
});

let org: Awaited<ReturnType<typeof makeOrg>>;
let secretary: string;
let county: string;
let city: string;
let admin: string;
let member: string;
let subject: { id: string; username: string };
let roundId: string;

beforeAll(async () => {
  org = await makeOrg();
  const person = async (unitId: string, name: string, role?: string) => {
    const u = await makeUser(unitId, { name });
    if (role) await grant(u.id, role, unitId);
    return u;
  };
  secretary = (await person(org.eastBranch.id, "支部书记", "manager")).id;
  county = (await person(org.east.id, "东区局长", "manager")).id;
  city = (await person(org.city.id, "市局领导", "manager")).id;
  admin = (await person(org.city.id, "系统管理员", "admin")).id;
  member = (await person(org.eastBranch.id, "支部党员")).id;
  const s = await person(org.eastBranch.id, "当事党员");
  subject = { id: s.id, username: s.username };
  await db.checklist.create({ data: { key: CHECKLIST_KEY, title: "自查清单", sectionsJson: JSON.stringify([{ key: "political", title: "政治纪律", items: ["是否存在问题", "是否落实部署"] }]) } });
  const r = await post(home.action as Fn, secretary, "/screening", {}, [["unitId", org.eastBranch.id], ["title", "一季度画像"]]);
  expect(r.status).toBe(302);
  roundId = (await db.portraitRound.findFirstOrThrow({ where: { title: "一季度画像" } })).id;
});

describe("/screening: opening a portrait round", () => {
  test.each([
    ["a 100 000-character name", [["unitId", "@branch"], ["title", HUGE]]],
    ["a NUL byte in the name", [["unitId", "@branch"], ["title", NUL]]],
    ["a 1000-character unit id", [["unitId", "x".repeat(1000)], ["title", "画像"]]],
  ] as [string, [string, string][]][])("%s: 400, nothing written", async (_name, form) => {
    const before = await snapshot();
    const r = await post(home.action as Fn, secretary, "/screening", {}, form.map(([k, v]) => [k, v === "@branch" ? org.eastBranch.id : v]));
    refused(r);
    expect(await snapshot()).toEqual(before);
  });

  test("a branch of one's own still opens, named or with the default name", async () => {
    const named = await post(home.action as Fn, secretary, "/screening", {}, [["unitId", org.eastBranch.id], ["title", "  二季度画像 "]]);
    expect(named.status).toBe(302);
    expect(await db.portraitRound.count({ where: { title: "二季度画像" } })).toBe(1);
    const unnamed = await post(home.action as Fn, secretary, "/screening", {}, [["unitId", org.eastBranch.id], ["title", ""]]);
    expect(unnamed.status).toBe(302);
    expect(await db.portraitRound.count({ where: { title: t.screeningPortrait.defaultTitle(org.eastBranch.name) } })).toBe(1);
  });
});

describe("/screening/checklist", () => {
  const url = "/screening/checklist";
  test.each([
    ["a 100 000-character text", HUGE],
    // Well-formed, and a checklist the domain would take: only its size is refused.
    ["a valid checklist of 100 000 characters", JSON.stringify({ title: "自查清单", sections: [{ key: "political", title: "政治纪律", items: Array.from({ length: 10_000 }, (_, i) => `问题${i}`) }] })],
    ["a NUL byte", `{"title":"清单\u0000","sections":[]}`],
    // A JSON escape carries what the form field refuses: the checklist's own schema bounds it.
    ["a NUL written as a JSON escape", JSON.stringify({ title: "自查清单", sections: [{ key: "political", title: "政治纪律", items: ["是否\u0000存在问题"] }] })], // JSON.stringify writes the NUL as the text \u0000
    ["an item of 5 000 characters", JSON.stringify({ title: "自查清单", sections: [{ key: "political", title: "政治纪律", items: ["问".repeat(5000)] }] })],
  ])("%s: 400, the checklist unchanged", async (_name, json) => {
    const before = await snapshot();
    refused(await post(checklist.action as Fn, admin, url, {}, [["json", json]]));
    expect(await snapshot()).toEqual(before);
  });

  test("a missing field still gets the checklist's own message", async () => {
    const before = await snapshot();
    refused(await post(checklist.action as Fn, admin, url, {}, [["__proto__", "x"]]), t.screeningSelf.errors.badJson);
    expect(await snapshot()).toEqual(before);
  });

  test("a valid checklist is still saved as a new version", async () => {
    const json = JSON.stringify({ title: "自查清单", sections: [{ key: "political", title: "政治纪律", items: ["是否存在问题", "是否落实部署"] }] }, null, 2);
    const r = await post(checklist.action as Fn, admin, url, {}, [["json", json]]);
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ ok: true, message: t.screeningChecklist.saved(2) });
    expect((await db.checklist.findUniqueOrThrow({ where: { key: CHECKLIST_KEY } })).version).toBe(2);
  });
});

describe("/screening/portraits/:roundId", () => {
  const url = () => `/screening/portraits/${roundId}`;
  // "@subject" stands for the subject's id, which the tables below are written before.
  const send = (userId: string, form: [string, string][]) => post(portrait.action as Fn, userId, url(), { roundId }, form.map(([k, v]) => [k, v === "@subject" ? subject.id : v]));
  const raise = (over: Record<string, string | null> = {}): [string, string][] => {
    const fields: Record<string, string | null> = { intent: "raise", subjectId: "@subject", source: "superior", area: "integrity", description: "节日期间接受宴请", ...over };
    return Object.entries(fields).filter((e): e is [string, string] => e[1] !== null);
  };

  test.each([
    ["no intent", [["subjectId", "@subject"]], t.screeningTerms.unknownAction],
    ["an unknown intent", [["intent", "delete"]], t.screeningTerms.unknownAction],
    ["intent __proto__", [["intent", "__proto__"]], t.screeningTerms.unknownAction],
    ["no area: the area is always an explicit choice", raise({ area: null }), t.screeningPortrait.errors.areaRequired],
    ["a blank area", raise({ area: "" }), t.screeningPortrait.errors.areaRequired],
    ["an area that is no area", raise({ area: "constructor" }), t.screeningPortrait.errors.areaRequired],
    ["a source that is no source", raise({ source: "__proto__" }), t.screeningPortrait.errors.sourceRequired],
    ["a 100 000-character description", raise({ description: HUGE }), undefined],
    ["a NUL byte in the description", raise({ description: "节日期间接受宴请\u0000" }), t.formInput.controlChars],
    ["a 1000-character risk point id", raise({ riskPointId: "r".repeat(1000) }), undefined],
    ["a 100 000-character ruling", [["intent", "rule"], ["problemId", "p"], ["ruling", HUGE]], undefined],
    ["a 100 000-character dispute note", [["intent", "disputed"], ["problemId", "p"], ["note", HUGE]], undefined],
    ["a 1000-character problem id", [["intent", "early"], ["problemId", "p".repeat(1000)], ["flag", "1"]], undefined],
    ["a 1000-character subject id", [["intent", "finalise"], ["subjectId", "s".repeat(1000)]], undefined],
    ["an impossible talk date", [["intent", "talk"], ["problemId", "p"], ["scheduledAt", "9999-99-99"]], t.screeningPortrait.errors.talkDateInvalid],
    ["30 February as the talk", [["intent", "talk"], ["problemId", "p"], ["scheduledAt", "2026-02-30"]], t.screeningPortrait.errors.talkDateInvalid],
    ["a non-date as the day held", [["intent", "talk"], ["problemId", "p"], ["scheduledAt", "2026-03-02"], ["heldAt", "1e309"]], t.screeningPortrait.errors.talkDateInvalid],
    ["no talk date", [["intent", "talk"], ["problemId", "p"]], t.screeningPortrait.errors.talkDateInvalid],
    ["a NUL byte in the outcome", [["intent", "talk"], ["problemId", "p"], ["scheduledAt", "2026-03-02"], ["outcome", NUL]], t.formInput.controlChars],
  ] as [string, [string, string][], string | undefined][])("%s: 400, nothing written", async (_name, form, message) => {
    const before = await snapshot();
    refused(await send(secretary, form), message);
    expect(await snapshot()).toEqual(before);
  });

  test("the round's forms still work: raise, confirm, flag, talk; earlySign only when ticked", async () => {
    const peer = await send(member, raise({ source: "peer", area: "style-work", description: "回复纳税人咨询不够耐心" }));
    expect(peer.status).toBe(200);
    expect(peer.data).toMatchObject({ ok: true, message: t.screeningPortrait.raised });
    const byPeer = await db.portraitProblem.findFirstOrThrow({ where: { description: "回复纳税人咨询不够耐心" } });
    expect(byPeer).toMatchObject({ source: "peer", area: "style-work", earlySign: false, riskPointId: null });

    // The secretary's form: the box unticked is no early sign; ticked, it is.
    expect((await send(secretary, raise({ description: "节日期间接受宴请" }))).status).toBe(200);
    expect((await db.portraitProblem.findFirstOrThrow({ where: { description: "节日期间接受宴请" } })).earlySign).toBe(false);
    expect((await send(secretary, raise({ description: "违规收受购物卡", earlySign: "on" }))).status).toBe(200);
    const early = await db.portraitProblem.findFirstOrThrow({ where: { description: "违规收受购物卡" } });
    expect(early.earlySign).toBe(true);

    const confirmed = await send(subject.id, [["intent", "confirmed"], ["problemId", byPeer.id], ["note", ""]]);
    expect(confirmed.data).toEqual({ ok: true, message: t.screeningPortrait.confirmed });
    expect((await db.portraitProblem.findUniqueOrThrow({ where: { id: byPeer.id } })).response).toBe("confirmed");

    expect((await send(secretary, [["intent", "early"], ["problemId", byPeer.id], ["flag", "1"]])).data).toEqual({ ok: true, message: t.screeningPortrait.updated });
    expect((await db.portraitProblem.findUniqueOrThrow({ where: { id: byPeer.id } })).earlySign).toBe(true);

    const talk = await send(secretary, [["intent", "talk"], ["problemId", early.id], ["scheduledAt", "2026-03-02"], ["heldAt", ""], ["outcome", ""]]);
    expect(talk.data).toEqual({ ok: true, message: t.screeningPortrait.talkRecorded });
    const record = await db.talkRecord.findFirstOrThrow({ where: { problemId: early.id } });
    expect(record.scheduledAt.toISOString()).toBe("2026-03-02T01:00:00.000Z");
    expect(record.heldAt).toBeNull();

    // The two-step finalise: the first asks, and only the confirmed one files.
    const ask = await send(secretary, [["intent", "finalise"], ["subjectId", subject.id]]);
    expect(ask.status).toBe(200);
    expect(ask.data?.confirm).toBeTruthy();
    expect(await db.portraitProblem.count({ where: { finalised: true } })).toBe(0);
  });
});

describe("/screening/risks", () => {
  const url = "/screening/risks";
  const add = (over: Record<string, string> = {}): [string, string][] =>
    Object.entries({ unitId: org.eastBranch.id, category: "post", level: "high", name: "税务稽查选案", measures: "选案双人复核，系统留痕", ...over });

  test.each([
    ["a 100 000-character name", () => add({ name: HUGE })],
    ["a NUL byte in the measures", () => add({ measures: NUL + "双人复核" })],
    ["a category that is no category", () => add({ category: "__proto__" })],
    ["a 1000-character unit id", () => add({ unitId: "u".repeat(1000) })],
    ["an unknown intent", () => [["intent", "remove"], ["id", "x"]] as [string, string][]],
    ["a 1000-character id to review", () => [["intent", "review"], ["id", "x".repeat(1000)]] as [string, string][]],
  ])("%s: 400, nothing written", async (_name, form) => {
    const before = await snapshot();
    refused(await post(risks.action as Fn, county, url, {}, form()));
    expect(await snapshot()).toEqual(before);
  });

  test("a missing name keeps the register's own message", async () => {
    refused(await post(risks.action as Fn, county, url, {}, add().filter(([k]) => k !== "name")), t.screeningRisks.errors.nameRequired);
  });

  test("a point is still registered, and reviewed", async () => {
    const r = await post(risks.action as Fn, county, url, {}, add());
    expect(r.data).toEqual({ ok: true, message: t.screeningRisks.added });
    const point = await db.riskPoint.findFirstOrThrow({ where: { name: "税务稽查选案" } });
    expect(point).toMatchObject({ unitId: org.eastBranch.id, category: "post", level: "high", measures: "选案双人复核，系统留痕", description: "" });
    const reviewed = await post(risks.action as Fn, county, url, {}, [["intent", "review"], ["id", point.id]]);
    expect(reviewed.data).toEqual({ ok: true, message: t.screeningRisks.reviewed });
  });
});

describe("/screening/self", () => {
  const url = "/screening/self";
  test.each([
    ["no intent", () => [["found:political:0", "no"]]],
    ["an unknown intent", () => [["intent", "publish"], ["found:political:0", "no"]]],
    ["more answers than any checklist has", () => [["intent", "save"], ...Array.from({ length: 1001 }, (_, i) => [`found:k${i}`, "no"])]],
    ["a 100 000-character note", () => [["intent", "save"], ["found:political:0", "yes"], ["note:political:0", HUGE]]],
    ["a NUL byte in a note", () => [["intent", "save"], ["found:political:0", "yes"], ["note:political:0", NUL]]],
    ["a note of __proto__ that is too long", () => [["intent", "save"], ["note:__proto__", HUGE]]],
    ["an answer that is neither yes nor no", () => [["intent", "submit"], ["found:political:0", "maybe"]]],
    ["a 300-character item key", () => [["intent", "save"], [`found:${"k".repeat(300)}`, "no"]]],
  ] as [string, () => [string, string][]][])("%s: 400, nothing written", async (_name, form) => {
    const before = await snapshot();
    refused(await post(self.action as Fn, member, url, {}, form()));
    expect(await snapshot()).toEqual(before);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  test("a draft is still saved and a submission still filed", async () => {
    const draft = await post(self.action as Fn, member, url, {}, [["found:political:0", "yes"], ["note:political:0", "确有此事，已整改"], ["found:political:1", "no"], ["note:political:1", ""], ["intent", "save"]]);
    expect(draft.data).toEqual({ ok: true, message: t.screeningSelf.draftSaved });
    const saved = await db.selfInspection.findFirstOrThrow({ where: { userId: member } });
    expect(saved.status).toBe("draft");
    expect(JSON.parse(saved.answersJson)).toEqual({ "political:0": { found: true, note: "确有此事，已整改" }, "political:1": { found: false, note: "" } });
    const submitted = await post(self.action as Fn, member, url, {}, [["found:political:0", "yes"], ["note:political:0", "确有此事，已整改"], ["intent", "submit"]]);
    expect(submitted.data).toEqual({ ok: true, message: t.screeningSelf.submitted });
    expect((await db.selfInspection.findFirstOrThrow({ where: { userId: member } })).status).toBe("submitted");
  });
});

describe("/screening/year-end nominations", () => {
  const url = "/screening/year-end";
  const nominate = (over: Record<string, string> = {}): [string, string][] =>
    Object.entries({ username: "@subject", honour: "廉洁标兵", reason: "坚持原则，廉洁自律，多次拒收礼品", evidence: "全年无投诉，两次主动上交礼金，受到群众好评", ...over });
  const withSubject = (form: [string, string][]) => form.map(([k, v]) => [k, v === "@subject" ? subject.username : v] as [string, string]);

  test.each([
    ["a 100 000-character account of deeds", nominate({ evidence: HUGE }), t.screeningYearEnd.errors.evidenceLong],
    ["a NUL byte in the reason", nominate({ reason: "坚持原则，廉洁自律，多次拒收礼品\u0000" }), t.formInput.controlChars],
    ["an honour not on the list", nominate({ honour: "__proto__" }), t.screeningYearEnd.errors.honourRequired],
    ["a 1000-character username", nominate({ username: "u".repeat(1000) }), t.screeningYearEnd.errors.usernameLong],
    ["an unknown intent", [["intent", "approve"], ["id", "x"]], t.screeningTerms.unknownAction],
    ["a 1000-character id to withdraw", [["intent", "withdraw"], ["id", "x".repeat(1000)]], undefined],
  ] as [string, [string, string][], string | undefined][])("%s: 400, nothing written", async (_name, form, message) => {
    const before = await snapshot();
    refused(await post(yearEnd.action as Fn, county, url, {}, withSubject(form)), message);
    expect(await snapshot()).toEqual(before);
  });

  test("a short reason keeps the domain's own message", async () => {
    refused(await post(yearEnd.action as Fn, county, url, {}, withSubject(nominate({ reason: "很好" }))), t.screeningYearEnd.errors.reasonShort);
  });

  test("a person is still nominated for the year asked, and the nomination withdrawn", async () => {
    const r = await post(yearEnd.action as Fn, county, `${url}?year=2025`, {}, withSubject(nominate()));
    expect(r.data).toEqual({ ok: true, message: t.screeningYearEnd.nominated });
    const n = await db.nomination.findFirstOrThrow({ where: { userId: subject.id } });
    expect(n).toMatchObject({ year: 2025, honour: "廉洁标兵", reason: "坚持原则，廉洁自律，多次拒收礼品", withdrawnAt: null });
    const w = await post(yearEnd.action as Fn, county, url, {}, [["intent", "withdraw"], ["id", n.id]]);
    expect(w.data).toEqual({ ok: true, message: t.screeningYearEnd.withdrawn });
    expect((await db.nomination.findUniqueOrThrow({ where: { id: n.id } })).withdrawnAt).not.toBeNull();
  });
});

describe("query parameters: ?status= ?source= ?unit= ?user= ?from= ?to=", () => {
  test.each(["bogus", "__proto__", "constructor", "x".repeat(10_000), "%00"].map((v, i) => [i, v] as const))("hostile ledger filter #%i: 400 on the page and the export", async (_i, v) => {
    const q = encodeURIComponent(v);
    for (const fn of [ledger.loader, ledgerExport.loader]) {
      expect(await load(fn as Fn, county, `/screening/ledger?status=${q}`)).toEqual({ status: 400, message: t.formInput.choice });
      expect(await load(fn as Fn, county, `/screening/ledger?source=${q}`)).toEqual({ status: 400, message: t.formInput.choice });
    }
  });

  test("a real ledger filter, or none, still loads", async () => {
    for (const q of ["", "?status=closed", "?status=&source=", "?status=overdue&source=portrait"]) {
      expect((await load(ledger.loader as Fn, county, `/screening/ledger${q}`)).status, q).toBe(200);
      expect((await load(ledgerExport.loader as Fn, county, `/screening/ledger/export${q}`)).status, q).toBe(200);
    }
  });

  test("a hostile ?unit= on the oversight page: 400; none redirects, a real one loads", async () => {
    for (const v of ["u".repeat(1000), "%00", "x".repeat(100_000)]) {
      const r = await load(oversight.loader as Fn, city, `/oversight?unit=${v}`);
      expect(r.status).toBe(400);
      expect(r.message).toMatch(CHINESE);
    }
    expect((await load(oversight.loader as Fn, city, "/oversight")).status).toBe(302);
    expect((await load(oversight.loader as Fn, city, "/oversight?unit=")).status).toBe(302);
    expect((await load(oversight.loader as Fn, city, `/oversight?unit=${org.east.id}`)).status).toBe(200);
  });

  test.each(["9999-99-99", "2026-02-30", "1e309", "NaN", "-1", "2026-01-01%00", "1999-12-31", "x".repeat(10_000)].map((v, i) => [i, v] as const))(
    "hostile xAPI period #%i: 400 with its message, no read logged",
    async (_i, v) => {
      const reads = await db.fileAccessLog.count();
      for (const p of ["from", "to"]) {
        expect(await load(xapi.loader as Fn, city, `/records/xapi?user=${subject.id}&${p}=${v}`)).toEqual({ status: 400, message: t.recordsXapi.badDate });
      }
      expect(await db.fileAccessLog.count()).toBe(reads);
    },
  );

  test("a hostile xAPI person or unit: 400, no read logged; a real period still exports", async () => {
    const reads = await db.fileAccessLog.count();
    for (const q of [`user=${"u".repeat(1000)}`, `unit=${"u".repeat(1000)}`, "user=%00"]) {
      const r = await load(xapi.loader as Fn, city, `/records/xapi?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.message, q).toMatch(CHINESE);
    }
    expect(await db.fileAccessLog.count()).toBe(reads);
    expect((await load(xapi.loader as Fn, city, "/records/xapi")).status).toBe(400);
    expect((await load(xapi.loader as Fn, city, `/records/xapi?user=${subject.id}&from=2000-01-01&to=2100-01-01`)).status).toBe(200);
    expect((await load(xapi.loader as Fn, city, `/records/xapi?unit=${org.eastBranch.id}&from=2025-01-01T00:00:00Z`)).status).toBe(200);
    expect(await db.fileAccessLog.count()).toBeGreaterThan(reads);
  });
});
