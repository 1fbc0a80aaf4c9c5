// Issue 13, items 5, 13, 14, 15, 18(f) and 18(h): who may write what into the ledger and the
// portrait, and what the integrity file then says.
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import type { Actor } from "#app/modules/identity/permissions.server.ts";
import { createSession as createOfflineSession, markPresentByUsername } from "#app/modules/learning/offline.server.ts";
import { integrityFile } from "#app/modules/records/file.server.ts";
import { integrityFileHtml } from "#app/modules/records/file-pdf.server.ts";
import { grant, makeOrg, makeUser } from "#tests/factories.ts";
import { acceptClose, addProgress, closeItem, createItem, issueOrder, ledgerFor, ledgerItemFor, reopenItem, type LedgerInput } from "./ledger.server.ts";
import { finalise, openPortraitRound, raiseProblem, respond, roundForViewer, ruleOnDispute } from "./portrait.server.ts";
import { addRiskPoint } from "./risk.server.ts";

const DAY = 86_400_000;
const year = () => Number(new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Asia/Shanghai" }).format(new Date()));

async function actor(userId: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { unit: true, grants: { include: { unit: true } } } });
  return { id: u.id, unitId: u.unitId, unitPath: u.unit.path, grants: u.grants.map((g) => ({ role: g.role as never, unitId: g.unitId, unitPath: g.unit.path })) };
}

async function world() {
  const org = await makeOrg();
  const person = async (unitId: string, name: string, role?: string, over?: string) => {
    const u = await makeUser(unitId, { name });
    if (role) await grant(u.id, role, over ?? unitId);
    return { ...(await actor(u.id)), username: u.username, name };
  };
  const secretary = await person(org.eastBranch.id, "东书记", "manager");
  const member = await person(org.eastBranch.id, "东党员甲");
  const peer = await person(org.eastBranch.id, "东党员乙");
  const county = await person(org.east.id, "东县局长", "manager");
  const inspector = await person(org.city.id, "市纪检", "inspector");
  const admin = await person(org.city.id, "管理员", "admin");
  const westManager = await person(org.west.id, "西县局长", "manager");
  const westSecretary = await person(org.westBranch.id, "西书记", "manager");
  const westMember = await person(org.westBranch.id, "西党员丙");
  return { org, secretary, member, peer, county, inspector, admin, westManager, westSecretary, westMember };
}

/** A finalised, confirmed problem of `subject` in `branchId`, raised by `secretary`. */
async function finalisedProblem(secretary: Actor, subject: Actor, branchId: string) {
  const round = await openPortraitRound(secretary, branchId, "");
  const p = await raiseProblem(secretary, round.id, { subjectId: subject.id, source: "superior", area: "integrity", description: "节日期间接受宴请" });
  await respond(subject, p.id, "confirmed", "");
  await finalise(secretary, round.id, subject.id);
  return p;
}

const base = (w: Awaited<ReturnType<typeof world>>, over: Partial<LedgerInput> = {}): LedgerInput => ({
  unitId: w.org.eastBranch.id,
  source: "portrait",
  problemId: null,
  riskPointId: null,
  title: "节日期间接受宴请问题整改",
  description: "",
  leaderId: w.secretary.id,
  department: "办公室",
  responsible: w.peer.username,
  deadline: new Date(Date.now() + 30 * DAY),
  standard: "退还费用并作出书面检查",
  effect: "杜绝类似问题",
  ...over,
});

describe("item 5: every id in a ledger write is checked against the actor's scope", () => {
  test("a county manager cannot name another bureau's person, problem, risk point or unit; nothing reaches their file", async () => {
    const w = await world();
    const westProblem = await finalisedProblem(w.westSecretary, w.westMember, w.org.westBranch.id);
    const westRisk = await addRiskPoint(w.westManager, { unitId: w.org.westBranch.id, category: "post", name: "发票领用", description: "", level: "medium", measures: "按月核对领用记录" });
    await expect(createItem(w.county, base(w, { leaderId: w.westManager.id }))).rejects.toThrow("六个明确：责任领导不存在或不在您的管理范围内。");
    await expect(createItem(w.county, base(w, { responsible: w.westMember.username }))).rejects.toThrow("六个明确：找不到该用户名的责任人，或其不在您的管理范围内。");
    // An unknown username gets the very same answer: the form reveals no names.
    await expect(createItem(w.county, base(w, { responsible: "no-such-user" }))).rejects.toThrow("六个明确：找不到该用户名的责任人，或其不在您的管理范围内。");
    await expect(createItem(w.county, base(w, { problemId: westProblem.id }))).rejects.toThrow("关联的画像问题不存在或不属于该单位。");
    await expect(createItem(w.county, base(w, { riskPointId: westRisk.id }))).rejects.toThrow("关联的廉政风险点不存在或不在您的管理范围内。");
    await expect(createItem(w.county, base(w, { unitId: w.org.westBranch.id, leaderId: w.westManager.id }))).rejects.toMatchObject({ status: 403 });
    expect(await db.ledgerItem.count({ where: { createdById: w.county.id } })).toBe(0);
    expect(await db.record.count({ where: { actorId: w.westMember.id, objectType: "rectification" } })).toBe(0);
    // Within scope it works, and the responsible person is stored as the user.
    const ok = await createItem(w.county, base(w));
    expect(ok).toMatchObject({ responsibleId: w.peer.id, responsible: "东党员乙", assignedByUnitId: w.org.east.id });
  });

  test("an evidence file must be one uploaded for this item", async () => {
    const w = await world();
    const a = await createItem(w.secretary, base(w));
    const other = await createItem(w.secretary, base(w, { title: "另一事项整改" }));
    const file = await db.storedFile.create({ data: { id: "f-" + other.id, ownerId: `ledger-evidence:${other.id}`, storageKey: `k-${other.id}`, mime: "application/pdf", ext: "pdf", size: 1, sha256: "x", originalName: "x.pdf" } });
    await expect(addProgress(w.secretary, a.id, "上传了另一事项的材料", file.id)).rejects.toThrow("佐证材料不存在或不属于该事项。");
    await expect(addProgress(w.secretary, a.id, "编造的文件", "no-such-file")).rejects.toThrow("佐证材料不存在或不属于该事项。");
    expect(await db.ledgerUpdate.count({ where: { itemId: a.id } })).toBe(0);
    await addProgress(w.secretary, other.id, "本事项的材料", file.id);
    expect(await db.ledgerUpdate.count({ where: { itemId: other.id } })).toBe(1);
  });

  test("marking attendance by username: another bureau's person reads as unknown, and is not marked", async () => {
    const w = await world();
    const organiser = await makeUser(w.org.east.id, { name: "组织者" });
    await grant(organiser.id, "trainer", w.org.east.id);
    const session = await createOfflineSession({ kind: "lecture", title: "警示教育", unitId: w.org.east.id, place: "会议室", startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000) }, organiser.id);
    const as = await actor(organiser.id);
    const unknown = await markPresentByUsername(as, session.id, "nobody-at-all").catch((e: Error) => e.message);
    const foreign = await markPresentByUsername(as, session.id, w.westMember.username).catch((e: Error) => e.message);
    expect(foreign).toBe(`本活动的参加范围内没有用户名为“${w.westMember.username}”的人员。`);
    expect(unknown).toBe("本活动的参加范围内没有用户名为“nobody-at-all”的人员。");
    expect(foreign).not.toContain(w.westMember.name);
    expect(await db.attendance.count({ where: { sessionId: session.id } })).toBe(0);
    expect((await markPresentByUsername(as, session.id, w.member.username.toUpperCase())).name).toBe("东党员甲");
  });
});

describe("item 13: a disputed problem is filed with the dispute, the explanation and the ruling", () => {
  test("finalising needs a ruling on each dispute; the integrity file carries note and ruling", async () => {
    const w = await world();
    const round = await openPortraitRound(w.secretary, w.org.eastBranch.id, "");
    const p = await raiseProblem(w.peer, round.id, { subjectId: w.member.id, source: "peer", area: "style-work", description: "窗口服务态度生硬" });
    await respond(w.member, p.id, "disputed", "当天系统故障，并非态度问题");
    await expect(ruleOnDispute(w.peer, p.id, "我认为应当维持")).rejects.toMatchObject({ status: 403 });
    await expect(finalise(w.secretary, round.id, w.member.id)).rejects.toThrow("还有 1 个有异议的问题尚未裁定，不能定稿。");
    expect(await db.record.count({ where: { actorId: w.member.id, objectType: "problem" } })).toBe(0);
    await ruleOnDispute(w.secretary, p.id, "经核实系统确有故障，但解释不耐心，维持问题");
    await finalise(w.secretary, round.id, w.member.id);
    const file = (await integrityFile(w.member.id, year()))!;
    const entry = file.timeline.find((e) => e.objectType === "problem")!;
    expect(entry.dispute).toEqual({ note: "当天系统故障，并非态度问题", ruling: "经核实系统确有故障，但解释不耐心，维持问题" });
    // …and its PDF prints them beside the problem.
    const html = integrityFileHtml(file, "纪检");
    expect(html).toContain("本人异议：当天系统故障，并非态度问题；支部书记裁定：经核实系统确有故障，但解释不耐心，维持问题");
  });

  test("the area is an explicit choice: none, or a non-area, is refused with a message", async () => {
    const w = await world();
    const round = await openPortraitRound(w.secretary, w.org.eastBranch.id, "");
    for (const area of ["", "constructor", "__proto__"]) {
      await expect(raiseProblem(w.secretary, round.id, { subjectId: w.member.id, source: "superior", area, description: "落实部署不及时" })).rejects.toThrow("请选择问题所涉及的纪律或作风。");
    }
    expect(await db.portraitProblem.count({ where: { roundId: round.id } })).toBe(0);
  });
});

describe("item 14: closing is accepted by the assigning body; reopening is filed too", () => {
  test("the leader signs off but cannot accept; the county accepts; a reopening undoes 整改销号 in the file", async () => {
    const w = await world();
    const problem = await finalisedProblem(w.secretary, w.member, w.org.eastBranch.id);
    // Made by the branch secretary, who is also its leader and a manager over the branch.
    const it = await createItem(w.secretary, base(w, { problemId: problem.id }));
    await addProgress(w.secretary, it.id, "已退还费用并提交书面检查", null);
    await closeItem(w.secretary, it.id, "费用已退还，书面检查已存档", null);
    for (const who of [w.secretary, w.peer, w.member, w.inspector]) await expect(acceptClose(who, it.id, "accept", "")).rejects.toMatchObject({ status: 403 });
    expect(await db.record.count({ where: { objectType: "rectification", objectId: it.id } })).toBe(0);
    expect((await db.ledgerItem.findUniqueOrThrow({ where: { id: it.id } })).status).toBe("open");
    await acceptClose(w.county, it.id, "accept", "经验收整改到位");
    let file = (await integrityFile(w.member.id, year()))!;
    expect(file.summary.rectifications).toBe(1);

    await reopenItem(w.inspector, it.id, "暗访发现仍有类似问题", null);
    file = (await integrityFile(w.member.id, year()))!;
    expect(file.timeline.filter((e) => e.objectType === "rectification").map((e) => e.verb)).toEqual(["reopened", "closed"]);
    expect(file.timeline[0]!.objectName).toBe("整改重新打开：节日期间接受宴请问题整改");
    expect(file.summary.rectifications).toBe(0);
  });

  test("the assigning body may return a sign-off with a reason", async () => {
    const w = await world();
    const it = await createItem(w.county, base(w));
    await addProgress(w.secretary, it.id, "已开展专题学习", null);
    await closeItem(w.secretary, it.id, "已全部整改完毕并建立长效机制", null);
    await expect(acceptClose(w.county, it.id, "return", "")).rejects.toThrow("退回时请说明理由（至少 5 个字）。");
    await acceptClose(w.county, it.id, "return", "佐证材料不足，请补充");
    const back = await db.ledgerItem.findUniqueOrThrow({ where: { id: it.id } });
    expect(back).toMatchObject({ status: "open", closeRequestedAt: null });
    await expect(acceptClose(w.county, it.id, "accept", "")).rejects.toThrow("责任领导尚未签字销号，没有可验收的内容。");
  });
});

describe("item 15: who sees a ledger item is decided by ledgerPolicy", () => {
  test("an item from a member's portrait is seen by the people concerned and those over the unit, not by other members", async () => {
    const w = await world();
    const problem = await finalisedProblem(w.secretary, w.member, w.org.eastBranch.id);
    const other = await makeUser(w.org.eastBranch.id, { name: "东党员丁" });
    const it = await createItem(w.county, base(w, { problemId: problem.id, responsible: w.peer.username }));
    await addProgress(w.secretary, it.id, "已整改", null);
    await closeItem(w.secretary, it.id, "已全部整改完毕并建立长效机制", null);
    await acceptClose(w.county, it.id, "accept", "");
    await reopenItem(w.inspector, it.id, "暗访发现仍有推诿现象", null);
    const bystander = await actor(other.id);
    for (const who of [bystander, w.westMember, w.westManager]) {
      await expect(ledgerItemFor(who, it.id)).rejects.toMatchObject({ status: 404 });
      expect((await ledgerFor(who)).map((i) => i.id)).not.toContain(it.id);
    }
    for (const who of [w.member, w.peer, w.secretary, w.county, w.inspector, w.admin]) {
      expect((await ledgerItemFor(who, it.id)).policy.view).toBe(true);
      expect((await ledgerFor(who)).map((i) => i.id)).toContain(it.id);
    }
  });
});

describe("18(f) and 18(h): the portrait and order rules come from the policies", () => {
  test("an admin who is neither secretary nor inspector does not see who raised a peer problem", async () => {
    const w = await world();
    const round = await openPortraitRound(w.secretary, w.org.eastBranch.id, "");
    await raiseProblem(w.peer, round.id, { subjectId: w.member.id, source: "peer", area: "style-work", description: "回复咨询不够耐心" });
    const asAdmin = await roundForViewer(w.admin, round.id);
    expect(asAdmin.policy.seeRaisers).toBe(false);
    expect(asAdmin.problems[0]!.raisedBy).toBeNull();
    expect((await roundForViewer(w.secretary, round.id)).problems[0]!.raisedBy).toBe("东党员乙");
    expect((await roundForViewer(w.inspector, round.id)).problems[0]!.raisedBy).toBe("东党员乙");
  });

  test("the branch secretary is not offered the order form and is refused; the county is offered it and may", async () => {
    const w = await world();
    const it = await createItem(w.secretary, base(w));
    expect((await ledgerItemFor(w.secretary, it.id)).policy.order).toBe(false);
    await expect(issueOrder(w.secretary, it.id, "请于三日内整改到位", new Date(Date.now() + 3 * DAY))).rejects.toMatchObject({ status: 403 });
    expect((await ledgerItemFor(w.county, it.id)).policy.order).toBe(true);
    await issueOrder(w.county, it.id, "请于三日内整改到位", new Date(Date.now() + 3 * DAY));
    expect(await db.supervisionOrder.count({ where: { itemId: it.id } })).toBe(1);
  });
});
