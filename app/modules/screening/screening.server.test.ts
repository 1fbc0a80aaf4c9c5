import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { grant, makeOrg, makeUser } from "#tests/factories.ts";
import type { Actor } from "#app/modules/identity/permissions.server.ts";
import { acceptClose, addProgress, closeItem, createItem, isOverdue, issueOrder, ledgerFor, reopenItem, respondOrder } from "./ledger.server.ts";
import { finalise, openPortraitRound, raiseProblem, respond, roundForViewer, ruleOnDispute } from "./portrait.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";

const DAY = 86_400_000;

async function actor(userId: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { unit: true, grants: { include: { unit: true } } } });
  return { id: u.id, unitId: u.unitId, unitPath: u.unit.path, grants: u.grants.map((g) => ({ role: g.role as never, unitId: g.unitId, unitPath: g.unit.path })) };
}

async function branch() {
  const org = await makeOrg();
  const secretary = await makeUser(org.eastBranch.id, { name: "书记" });
  await grant(secretary.id, "manager", org.eastBranch.id);
  const member = await makeUser(org.eastBranch.id, { name: "党员甲" });
  const peer = await makeUser(org.eastBranch.id, { name: "党员乙" });
  const inspector = await makeUser(org.city.id, { name: "纪检" });
  await grant(inspector.id, "inspector", org.city.id);
  const county = await makeUser(org.east.id, { name: "县局领导" });
  await grant(county.id, "manager", org.east.id);
  return { org, secretary: await actor(secretary.id), member: await actor(member.id), peer: await actor(peer.id), inspector: await actor(inspector.id), county: await actor(county.id), memberUsername: member.username, peerUsername: peer.username };
}

describe("the portrait", () => {
  test("four sources, each raised by the right person; who raised a peer problem is seen only by the secretary and inspectors", async () => {
    const b = await branch();
    const round = await openPortraitRound(b.secretary, b.org.eastBranch.id, "");
    await raiseProblem(b.secretary, round.id, { subjectId: b.member.id, source: "superior", area: "work", description: "落实上级部署不够及时" });
    await raiseProblem(b.peer, round.id, { subjectId: b.member.id, source: "peer", area: "style-work", description: "对纳税人咨询有时不够耐心" });
    await raiseProblem(b.member, round.id, { subjectId: b.member.id, source: "self", area: "integrity", description: "曾接受过下属请吃便饭" });
    await raiseProblem(b.secretary, round.id, { subjectId: b.member.id, source: "collective", area: "life", description: "工作群里转发不实信息" });
    await expect(raiseProblem(b.peer, round.id, { subjectId: b.member.id, source: "self", area: "work", description: "冒名顶替的自查" })).rejects.toThrow("“自己找”的问题只能由本人提出。");
    await expect(raiseProblem(b.member, round.id, { subjectId: b.member.id, source: "superior", area: "work", description: "越权提出的问题" })).rejects.toThrow(/由支部书记或上级提出/);

    const asMember = await roundForViewer(b.member, round.id);
    expect(asMember.policy.viewAll).toBe(false);
    const peerProblem = asMember.problems.find((p) => p.source === "peer")!;
    expect(peerProblem.raisedBy).toBeNull();
    expect(asMember.problems.find((p) => p.source === "superior")!.raisedBy).toBe("书记");
    const asPeer = await roundForViewer(b.peer, round.id);
    expect(asPeer.problems).toEqual([]); // other members' problems are not shown
    for (const viewer of [b.secretary, b.inspector]) {
      expect((await roundForViewer(viewer, round.id)).problems.find((p) => p.source === "peer")!.raisedBy).toBe("党员乙");
    }
  });

  test("the member confirms or disputes each; the secretary finalises; the list lands in the integrity file", async () => {
    const b = await branch();
    const round = await openPortraitRound(b.secretary, b.org.eastBranch.id, "");
    const p1 = await raiseProblem(b.secretary, round.id, { subjectId: b.member.id, source: "superior", area: "work", description: "会议精神传达不到位" });
    const p2 = await raiseProblem(b.peer, round.id, { subjectId: b.member.id, source: "peer", area: "mass", description: "窗口服务态度生硬" });
    await expect(finalise(b.secretary, round.id, b.member.id)).rejects.toThrow(/尚未确认/);
    await respond(b.member, p1.id, "confirmed", "");
    await expect(respond(b.member, p2.id, "disputed", "")).rejects.toThrow("有异议时请说明理由。");
    await respond(b.member, p2.id, "disputed", "当天是系统故障");
    await expect(finalise(b.member, round.id, b.member.id)).rejects.toThrow(/支部书记/);
    await expect(finalise(b.secretary, round.id, b.member.id)).rejects.toThrow("还有 1 个有异议的问题尚未裁定，不能定稿。");
    await ruleOnDispute(b.secretary, p2.id, "经核实当天系统确有故障，态度问题仍需改进");
    expect(await finalise(b.secretary, round.id, b.member.id)).toBe(2);
    expect(await db.record.count({ where: { actorId: b.member.id, verb: "filed", objectType: "problem" } })).toBe(2);
    await expect(respond(b.member, p1.id, "disputed", "改主意")).rejects.toThrow("问题清单已定稿，不能再修改。");
  });
});

describe("the rectification ledger", () => {
  async function item(b: Awaited<ReturnType<typeof branch>>, leaderId: string, deadline = new Date(Date.now() + 10 * DAY)) {
    // The responsible person is a user of the secretary's scope, named by username.
    return createItem(b.secretary, {
      unitId: b.org.eastBranch.id,
      source: "review",
      problemId: null,
      riskPointId: null,
      title: "窗口服务首问责任落实不到位",
      description: "",
      leaderId,
      department: "征收管理科",
      responsible: b.peerUsername,
      deadline,
      standard: "首问责任制执行率 100%",
      effect: "群众满意度明显提升",
    });
  }

  test("all six clarities are required", async () => {
    const { ledgerInput } = await import("./ledger.server.ts");
    const r = ledgerInput.safeParse({ unitId: "u", source: "review", title: "问题", leaderId: "", department: "", responsible: "", deadline: "", standard: "", effect: "" });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => i.message).join("|");
    for (const clarity of ["责任领导", "责任部门", "责任人", "整改时限", "整改标准", "预期效果"]) expect(messages).toContain(clarity);
  });

  test("no close without evidence and the leader's own sign-off; reopen keeps the history", async () => {
    const b = await branch();
    const leader = b.secretary;
    const it = await item(b, leader.id);
    await expect(closeItem(b.peer, it.id, "已全部整改完毕并建立长效机制", null)).rejects.toThrow("销号需要责任领导本人签字确认。");
    await expect(closeItem(leader, it.id, "已整改", null)).rejects.toThrow(/销号需要整改佐证材料/);
    await expect(closeItem(leader, it.id, "已全部整改完毕并建立长效机制", null)).rejects.toThrow(/至少要有一次整改进展/);
    await addProgress(leader, it.id, "组织窗口人员专题学习首问责任制", null);
    await closeItem(leader, it.id, "已全部整改完毕并建立长效机制", null);
    const closed = await acceptClose(b.county, it.id, "accept", "");
    expect(closed.status).toBe("closed");
    expect(await db.record.count({ where: { verb: "closed", objectType: "rectification", objectId: it.id } })).toBe(1);
    await expect(reopenItem(b.member, it.id, "暗访发现仍有推诿", null)).rejects.toThrow(DomainError);
    const reopened = await reopenItem(b.inspector, it.id, "暗访发现仍有推诿现象", new Date(Date.now() + 20 * DAY));
    expect(reopened.status).toBe("open");
    const history = await db.ledgerUpdate.findMany({ where: { itemId: it.id }, orderBy: { at: "asc" } });
    expect(history.map((h) => h.kind)).toEqual(["progress", "close", "accept", "reopen"]);
  });

  test("overdue items are flagged and can be supervised", async () => {
    const b = await branch();
    const late = await item(b, b.secretary.id, new Date(Date.now() - DAY));
    expect(isOverdue(late)).toBe(true);
    const list = await ledgerFor(b.county, { status: "overdue" });
    expect(list.map((x) => x.id)).toEqual([late.id]);
    await expect(issueOrder(b.secretary, late.id, "请于三日内整改到位", new Date(Date.now() + 3 * DAY))).rejects.toThrow(/督办单由上级或纪检监督人员下发/);
    const order = await issueOrder(b.inspector, late.id, "请于三日内整改到位并报告", new Date(Date.now() + 3 * DAY));
    await respondOrder(b.secretary, late.id, order.id, "已召开专题会部署整改，三日内报告");
    expect((await ledgerFor(b.county))[0]!.openOrders).toBe(0);
  });
});

describe("risk points and the year-end summary", () => {
  test("a problem may cite only a risk point of its own branch; the year-end counts cases and closures per unit", async () => {
    const b = await branch();
    const { addRiskPoint } = await import("./risk.server.ts");
    const { yearEnd } = await import("./year-end.server.ts");
    const own = await addRiskPoint(b.secretary, { unitId: b.org.eastBranch.id, category: "post", name: "税务稽查选案", description: "", level: "high", measures: "选案双人复核，系统留痕" });
    const westManager = await makeUser(b.org.west.id);
    await grant(westManager.id, "manager", b.org.west.id);
    const foreign = await addRiskPoint(await actor(westManager.id), { unitId: b.org.westBranch.id, category: "process", name: "发票领用", description: "", level: "medium", measures: "按月核对领用记录" });
    const round = await openPortraitRound(b.secretary, b.org.eastBranch.id, "");
    await expect(raiseProblem(b.secretary, round.id, { subjectId: b.member.id, source: "superior", area: "work", description: "选案随意性较大", riskPointId: foreign.id })).rejects.toThrow("所选风险点不属于本支部。");
    const p = await raiseProblem(b.secretary, round.id, { subjectId: b.member.id, source: "superior", area: "work", description: "选案随意性较大", riskPointId: own.id });
    expect(p.riskPointId).toBe(own.id);
    await createItem(b.secretary, { unitId: b.org.eastBranch.id, source: "case", problemId: null, riskPointId: own.id, title: "违规干预稽查案件", description: "", leaderId: b.secretary.id, department: "稽查科", responsible: b.peerUsername, deadline: new Date(Date.now() + DAY), standard: "依纪处理到位", effect: "以案促改" });
    const summary = (await yearEnd(b.org.city.id, new Date().getFullYear()))!;
    expect(summary.rows.find((r) => r.unit === "东区局")).toMatchObject({ cases: 1, clean: false, open: 1 });
    expect(summary.rows.find((r) => r.unit === "西区局")).toMatchObject({ cases: 0, clean: true });
  });

  test("a manager nominates people of their own subtree for commendation; it shows in the year-end summary until withdrawn", async () => {
    const b = await branch();
    const { nominatePerson, withdrawNomination } = await import("./nominations.server.ts");
    const { yearEnd } = await import("./year-end.server.ts");
    const year = new Date().getFullYear();
    const member = await db.user.findUniqueOrThrow({ where: { id: b.member.id } });
    const good = { username: member.username, honour: "廉洁标兵", reason: "全年严守纪律，主动拒收礼金两次", evidence: "拒收礼金登记表两份，支部表扬通报一份" };

    await expect(nominatePerson(b.secretary, { ...good, reason: "很好" }, year)).rejects.toThrow("推荐理由请至少写 10 个字。");
    await expect(nominatePerson(b.secretary, { ...good, honour: "最佳员工" }, year)).rejects.toThrow("请选择推荐的荣誉。");
    await expect(nominatePerson(b.secretary, { ...good, username: "nobody-here" }, year)).rejects.toThrow("找不到用户名为“nobody-here”的在职人员。");
    const westPerson = await makeUser(b.org.westBranch.id);
    await expect(nominatePerson(b.secretary, { ...good, username: westPerson.username }, year)).rejects.toThrow("您只能推荐本单位及下级单位的人员。");
    expect(await db.nomination.count()).toBe(0);

    const n = await nominatePerson(b.secretary, good, year);
    await expect(nominatePerson(b.secretary, good, year)).rejects.toThrow(`党员甲已被推荐为${year}年度“廉洁标兵”。`);
    const city = (await yearEnd(b.org.city.id, year))!;
    expect(city.people).toEqual([expect.objectContaining({ person: "党员甲", unit: "东区局第一党支部", honour: "廉洁标兵", reason: good.reason, evidence: good.evidence, by: "书记" })]);
    expect((await yearEnd(b.org.west.id, year))!.people).toEqual([]);
    expect((await yearEnd(b.org.city.id, year - 1))!.people).toEqual([]);

    await expect(withdrawNomination(b.inspector, n.id)).rejects.toThrow("您没有撤回该推荐的权限。");
    await withdrawNomination(b.secretary, n.id);
    expect((await yearEnd(b.org.city.id, year))!.people).toEqual([]);
    await expect(withdrawNomination(b.secretary, n.id)).rejects.toThrow("该推荐不存在或已撤回。");
  });
});
