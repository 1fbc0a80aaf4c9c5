// The screening route family, called as each role would call it: the real loaders and actions,
// a real session cookie per person, a real SQLite. What a screen offers and what its action allows
// both come from the module's policy (ledgerPolicy, portraitPolicy), so they must agree here.
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { createSession as createOfflineSession } from "#app/modules/learning/offline.server.ts";
import { createItem } from "#app/modules/screening/ledger.server.ts";
import { openPortraitRound, raiseProblem, respond } from "#app/modules/screening/portrait.server.ts";
import { addRiskPoint } from "#app/modules/screening/risk.server.ts";
import type { Actor } from "#app/modules/identity/permissions.server.ts";
import * as home from "#app/routes/screening.tsx";
import * as portrait from "#app/routes/screening.portrait.tsx";
import * as ledger from "#app/routes/screening.ledger.tsx";
import * as item from "#app/routes/screening.item.tsx";
import * as ledgerExport from "#app/routes/screening.ledger.export.ts";
import * as filed from "#app/routes/screening.filed.tsx";
import * as yearEnd from "#app/routes/screening.year-end.tsx";
import * as risks from "#app/routes/screening.risks.tsx";
import * as self from "#app/routes/screening.self.tsx";
import * as checklist from "#app/routes/screening.checklist.tsx";
import * as session from "#app/routes/manage.session.tsx";
import { callRoute, grant, makeOrg, makeUser, requestAs } from "#tests/factories.ts";

type Fn = (args: never) => unknown;
const call = async (fn: Fn, userId: string, url: string, params: Record<string, string> = {}, form?: Record<string, string>) =>
  callRoute(async () => fn({ request: await requestAs(userId, url, form), params, context: {} } as never) as Promise<unknown>);

async function actor(userId: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { unit: true, grants: { include: { unit: true } } } });
  return { id: u.id, unitId: u.unitId, unitPath: u.unit.path, grants: u.grants.map((g) => ({ role: g.role as never, unitId: g.unitId, unitPath: g.unit.path })) };
}

const ROLES = ["staff", "member", "secretary", "county", "city", "inspector", "admin"] as const;
type RoleName = (typeof ROLES)[number];
let who: Record<RoleName, string>;
let subject: { id: string; username: string };
let westPerson: { id: string; username: string; name: string };
let roundId: string;
let itemId: string;
let org: Awaited<ReturnType<typeof makeOrg>>;

beforeAll(async () => {
  org = await makeOrg();
  const person = async (unitId: string, name: string, role?: string, over?: string) => {
    const u = await makeUser(unitId, { name });
    if (role) await grant(u.id, role, over ?? unitId);
    return u;
  };
  const staff = await person(org.westBranch.id, "西区职工"); // staff of another bureau
  const member = await person(org.eastBranch.id, "旁观党员"); // a member of the branch the item does not concern
  const secretary = await person(org.eastBranch.id, "支部书记", "manager");
  const county = await person(org.east.id, "东区局长", "manager");
  const city = await person(org.city.id, "市局领导", "manager");
  const inspector = await person(org.city.id, "纪检组长", "inspector");
  const admin = await person(org.city.id, "系统管理员", "admin");
  who = { staff: staff.id, member: member.id, secretary: secretary.id, county: county.id, city: city.id, inspector: inspector.id, admin: admin.id };
  const s = await person(org.eastBranch.id, "当事党员");
  subject = { id: s.id, username: s.username };
  const w = await person(org.westBranch.id, "西区某人");
  westPerson = { id: w.id, username: w.username, name: "西区某人" };

  const sec = await actor(secretary.id);
  const round = await openPortraitRound(sec, org.eastBranch.id, "");
  roundId = round.id;
  const p = await raiseProblem(await actor(member.id), round.id, { subjectId: s.id, source: "peer", area: "style-work", description: "回复纳税人咨询不够耐心" });
  const q = await raiseProblem(sec, round.id, { subjectId: s.id, source: "superior", area: "integrity", description: "节日期间接受宴请" });
  await respond(await actor(s.id), p.id, "confirmed", "");
  await respond(await actor(s.id), q.id, "confirmed", "");
  // The ledger item: assigned by the county, from the subject's portrait; the secretary leads it.
  await db.portraitProblem.update({ where: { id: q.id }, data: { finalised: true, finalisedAt: new Date() } });
  const it = await createItem(await actor(county.id), {
    unitId: org.eastBranch.id, source: "portrait", problemId: q.id, riskPointId: null, title: "宴请问题整改", description: "",
    leaderId: secretary.id, department: "办公室", responsible: s.username, deadline: new Date(Date.now() + 30 * 86_400_000), standard: "退还费用", effect: "杜绝类似问题",
  });
  itemId = it.id;
});

describe("screening routes, by role", () => {
  test("/screening/ledger/:itemId loader: seen by those concerned and over the unit; the order form only where the domain allows it", async () => {
    const expected: Record<RoleName, number> = { staff: 404, member: 404, secretary: 200, county: 200, city: 200, inspector: 200, admin: 200 };
    const order: Partial<Record<RoleName, boolean>> = { secretary: false, county: true, city: true, inspector: true, admin: true };
    for (const role of ROLES) {
      const r = await call(item.loader, who[role], `/screening/ledger/${itemId}`, { itemId });
      expect(r.status, role).toBe(expected[role]);
      if (r.status === 200) expect((r.data as { policy: { order: boolean } }).policy.order, role).toBe(order[role]);
    }
    expect((await call(item.loader, subject.id, `/screening/ledger/${itemId}`, { itemId })).status).toBe(200);
  });

  test("/screening/ledger/:itemId action: order, sign-off and acceptance as the policy says", async () => {
    const post = (role: string, form: Record<string, string>) => call(item.action, role, `/screening/ledger/${itemId}`, { itemId }, form);
    const order = { intent: "order", content: "请于三日内报告整改情况", deadline: "2099-01-01" };
    expect((await post(who.staff, order)).status).toBe(404);
    expect((await post(who.member, order)).status).toBe(404);
    expect((await post(who.secretary, order)).status).toBe(403);
    expect((await post(who.county, order)).status).toBe(200);
    expect(await db.supervisionOrder.count({ where: { itemId } })).toBe(1);

    expect((await post(who.member, { intent: "progress", text: "旁观者冒充的进展" })).status).toBe(404);
    expect((await post(who.secretary, { intent: "progress", text: "已退还费用" })).status).toBe(200);
    expect((await post(subject.id, { intent: "close", evidence: "当事人不能替领导签字销号" })).status).toBe(403);
    expect((await post(who.secretary, { intent: "close", evidence: "费用已退还，书面检查已存档" })).status).toBe(200);
    // The leader (a manager over the branch) cannot accept their own; the assigning county can.
    for (const role of ["secretary", "inspector"] as const) expect((await post(who[role], { intent: "accept" })).status, role).toBe(403);
    expect((await post(who.member, { intent: "accept" })).status).toBe(404);
    expect((await post(who.county, { intent: "accept", note: "验收合格" })).status).toBe(200);
    expect(await db.record.count({ where: { actorId: subject.id, verb: "closed", objectId: itemId } })).toBe(1);
    expect((await post(who.member, { intent: "reopen", reason: "旁观者要求重新打开" })).status).toBe(404);
    expect((await post(who.inspector, { intent: "reopen", reason: "暗访发现仍有类似问题" })).status).toBe(200);
    expect(await db.record.count({ where: { actorId: subject.id, verb: "reopened", objectId: itemId } })).toBe(1);
  });

  test("/screening/ledger/:itemId evidence upload: refused before a byte is stored for those who may not add evidence", async () => {
    const upload = async (userId: string) => {
      const base = await requestAs(userId, `/screening/ledger/${itemId}`);
      const body = new FormData();
      body.set("intent", "progress");
      body.set("text", "附上材料");
      body.set("file", new Blob([Buffer.from("%PDF-1.4\n%%EOF\n")], { type: "application/pdf" }), "evidence.pdf");
      const request = new Request(base.url, { method: "POST", headers: { cookie: base.headers.get("cookie")!, origin: "http://localhost" }, body });
      return callRoute(async () => item.action({ request, params: { itemId }, context: {} } as never) as Promise<unknown>);
    };
    const before = await db.storedFile.count();
    expect((await upload(who.member)).status).toBe(404);
    expect((await upload(who.inspector)).status).toBe(403);
    expect(await db.storedFile.count()).toBe(before);
  });

  test("/screening/ledger: the list holds only visible items; the create form only for those who may create; foreign ids are refused", async () => {
    const offered: Record<RoleName, boolean> = { staff: false, member: false, secretary: true, county: true, city: true, inspector: true, admin: true };
    const lists: Record<RoleName, boolean> = { staff: false, member: false, secretary: true, county: true, city: true, inspector: true, admin: true };
    for (const role of ROLES) {
      const r = await call(ledger.loader, who[role], "/screening/ledger");
      expect(r.status, role).toBe(200);
      const d = r.data as { manages: boolean; items: { id: string }[] };
      expect(d.manages, role).toBe(offered[role]);
      expect(d.items.some((i) => i.id === itemId), role).toBe(lists[role]);
      const x = await call(ledgerExport.loader, who[role], "/screening/ledger/export");
      expect(x.status, role).toBe(200);
    }
    const form = { unitId: org.eastBranch.id, source: "review", title: "跨局事项", leaderId: westPerson.id, department: "办公室", responsible: subject.username, deadline: "2099-01-01", standard: "整改到位", effect: "效果明显" };
    const before = await db.ledgerItem.count();
    const refused = await call(ledger.action, who.county, "/screening/ledger", {}, form);
    expect(refused.status).toBe(400);
    expect((await call(ledger.action, who.county, "/screening/ledger", {}, { ...form, leaderId: who.secretary, responsible: westPerson.username })).status).toBe(400);
    expect((await call(ledger.action, who.member, "/screening/ledger", {}, { ...form, leaderId: who.secretary })).status).toBe(403);
    expect(await db.ledgerItem.count()).toBe(before);
  });

  test("/screening/portraits/:roundId: members see their own; raisers only for secretary and inspectors; finalising asks first", async () => {
    const expected: Record<RoleName, number> = { staff: 403, member: 200, secretary: 200, county: 200, city: 200, inspector: 200, admin: 200 };
    const raisers: Partial<Record<RoleName, boolean>> = { member: false, secretary: true, county: true, city: true, inspector: true, admin: false };
    for (const role of ROLES) {
      const r = await call(portrait.loader, who[role], `/screening/portraits/${roundId}`, { roundId });
      expect(r.status, role).toBe(expected[role]);
      if (r.status !== 200) continue;
      const d = r.data as { policy: { seeRaisers: boolean }; problems: { source: string; raisedBy: string | null }[] };
      expect(d.policy.seeRaisers, role).toBe(raisers[role]);
      const peer = d.problems.find((p) => p.source === "peer");
      if (role === "member") expect(d.problems).toEqual([]);
      else expect(peer!.raisedBy === null, role).toBe(!raisers[role]);
    }
    const post = (role: string, form: Record<string, string>) => call(portrait.action, role, `/screening/portraits/${roundId}`, { roundId }, form);
    expect((await post(who.member, { intent: "finalise", subjectId: subject.id, confirmed: "1" })).status).toBe(403);
    expect((await post(who.staff, { intent: "finalise", subjectId: subject.id, confirmed: "1" })).status).toBe(403);
    const ask = await post(who.secretary, { intent: "finalise", subjectId: subject.id });
    expect(ask.status).toBe(200);
    expect((ask.data as { confirm: { count: number } }).confirm.count).toBe(1);
    expect(await db.record.count({ where: { actorId: subject.id, verb: "filed" } })).toBe(0);
    expect((await post(who.secretary, { intent: "finalise", subjectId: subject.id, confirmed: "1" })).status).toBe(200);
    expect(await db.record.count({ where: { actorId: subject.id, verb: "filed" } })).toBe(1);
    // No area chosen: refused with a message.
    const noArea = await post(who.secretary, { intent: "raise", subjectId: subject.id, source: "superior", area: "", description: "落实部署不够及时" });
    expect(noArea.status).toBe(400);
    expect((noArea.data as { message: string }).message).toBe("请选择问题所涉及的纪律或作风。");
  });

  test("the other screening screens: home, filed list, year-end, risks, self-inspection, checklist", async () => {
    await addRiskPoint(await actor(who.county), { unitId: org.eastBranch.id, category: "post", name: "税务稽查选案", description: "", level: "high", measures: "选案双人复核，系统留痕" });
    const reviewRisk: Partial<Record<RoleName, boolean>> = { member: false, secretary: true, county: true, city: true, inspector: false, admin: true };
    for (const role of Object.keys(reviewRisk) as RoleName[]) {
      const rows = ((await call(risks.loader, who[role], "/screening/risks")).data as { rows: { name: string; canReview: boolean }[] }).rows;
      expect(rows.find((r) => r.name === "税务稽查选案")?.canReview, role).toBe(reviewRisk[role]);
    }
    expect((await call(risks.action, who.member, "/screening/risks", {}, { intent: "review", id: (await db.riskPoint.findFirstOrThrow()).id })).status).toBe(403);
    const homeBranches: Record<RoleName, boolean> = { staff: false, member: false, secretary: true, county: true, city: true, inspector: false, admin: true };
    const filedStatus: Record<RoleName, number> = { staff: 403, member: 403, secretary: 200, county: 200, city: 200, inspector: 200, admin: 200 };
    const nominate: Partial<Record<RoleName, boolean>> = { secretary: true, county: true, city: true, inspector: false, admin: true };
    for (const role of ROLES) {
      const h = await call(home.loader, who[role], "/screening");
      expect(h.status, role).toBe(200);
      expect((h.data as { branches: unknown[] }).branches.length > 0, role).toBe(homeBranches[role]);
      expect((await call(filed.loader, who[role], "/screening/filed")).status, role).toBe(filedStatus[role]);
      const y = await call(yearEnd.loader, who[role], "/screening/year-end");
      expect(y.status, role).toBe(filedStatus[role]);
      if (y.status === 200) expect((y.data as { canNominate: boolean }).canNominate, role).toBe(nominate[role]);
      expect((await call(risks.loader, who[role], "/screening/risks")).status, role).toBe(200);
      expect((await call(self.loader, who[role], "/screening/self")).status, role).toBe(200);
      expect((await call(checklist.loader, who[role], "/screening/checklist")).status, role).toBe(role === "admin" ? 200 : 403);
    }
    // Opening a round: only over one's own branches.
    expect((await call(home.action, who.member, "/screening", {}, { unitId: org.eastBranch.id })).status).toBe(403);
    expect((await call(home.action, who.county, "/screening", {}, { unitId: org.westBranch.id })).status).toBe(403);
    // The year-end of another bureau is refused.
    expect((await call(yearEnd.loader, who.county, `/screening/year-end?unit=${org.west.id}`)).status).toBe(403);
  });

  test("manage/sessions/:id marking by username: another bureau's name is never revealed", async () => {
    const organiser = await makeUser(org.east.id, { name: "组织者" });
    await grant(organiser.id, "trainer", org.east.id);
    const s = await createOfflineSession({ kind: "lecture", title: "警示教育", unitId: org.east.id, place: "会议室", startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000) }, organiser.id);
    const post = (userId: string, username: string) => call(session.action, userId, `/manage/sessions/${s.id}`, { sessionId: s.id }, { username });
    const foreign = await post(organiser.id, westPerson.username);
    const unknown = await post(organiser.id, "no-such-person");
    expect(foreign.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect((foreign.data as { message: string }).message).not.toContain(westPerson.name);
    expect((foreign.data as { message: string }).message).toBe(`本活动的参加范围内没有用户名为“${westPerson.username}”的人员。`);
    expect((await post(who.staff, subject.username)).status).toBe(403);
    expect((await post(organiser.id, subject.username)).status).toBe(200);
  });
});
