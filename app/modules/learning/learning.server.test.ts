import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { assignmentSummary, createAssignment, myTasks, statusesFor, withdrawAssignment } from "./assignments.server.ts";
import { checkIn, codeFor, createSession, markPresent } from "./offline.server.ts";
import { markCheckPassed, reportProgress } from "./progress.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";

const DAY = 86_400_000;

async function person(unitId: string, extra: { isPartyMember?: boolean; position?: string } = {}) {
  const u = await makeUser(unitId);
  const updated = await db.user.update({ where: { id: u.id }, data: { isPartyMember: extra.isPartyMember ?? true, position: extra.position ?? "科员" }, include: { unit: true } });
  return { id: updated.id, unitId: updated.unitId, unitPath: updated.unit.path, isPartyMember: updated.isPartyMember, position: updated.position };
}

/** A course with two lessons, one of which has a knowledge check. */
async function course() {
  const slug = `c-${Math.random().toString(36).slice(2, 8)}`;
  const c = await db.course.create({ data: { slug, classroom: "theory", title: "测试课程" } });
  const lessons = [];
  for (const [i, source] of ["---\ntitle: 第一课\n---\n\n正文。\n", '---\ntitle: 第二课\n---\n\n正文。\n\n<KnowledgeCheck questions="q1" />\n'].entries()) {
    const l = await db.lesson.create({ data: { courseId: c.id, slug: `l${i}`, title: `第${i + 1}课`, sortOrder: i } });
    const v = await db.lessonVersion.create({ data: { lessonId: l.id, number: 1, status: "published", origin: "file", source, title: `第${i + 1}课`, contentHash: `h-${slug}-${i}` } });
    await db.lesson.update({ where: { id: l.id }, data: { publishedVersionId: v.id } });
    lessons.push(l);
  }
  return { course: c, lessons };
}

describe("assignments across the org tree", () => {
  test("a course assigned to a county bureau reaches its branch staff, not another bureau's", async () => {
    const org = await makeOrg();
    const inEast = await person(org.eastBranch.id);
    const inWest = await person(org.westBranch.id);
    const { course: c } = await course();
    const now = new Date();
    await createAssignment({ kind: "course", targetId: c.id, title: "", unitId: org.east.id, partyOnly: false, positions: [], startsAt: new Date(now.getTime() - DAY), dueAt: new Date(now.getTime() + 10 * DAY), requiredMinutes: 0 }, inEast.id);
    expect((await myTasks(inEast)).map((task) => task.title)).toEqual(["学习课程：测试课程"]);
    expect(await myTasks(inWest)).toEqual([]);
  });

  test("filters: only party members, only some positions", async () => {
    const org = await makeOrg();
    const member = await person(org.eastBranch.id, { isPartyMember: true, position: "科长" });
    const nonMember = await person(org.eastBranch.id, { isPartyMember: false, position: "科长" });
    const clerk = await person(org.eastBranch.id, { isPartyMember: true, position: "科员" });
    const { course: c } = await course();
    await createAssignment({ kind: "course", targetId: c.id, title: "领导干部专题", unitId: org.east.id, partyOnly: true, positions: ["科长"], startsAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), requiredMinutes: 0 }, member.id);
    expect(await myTasks(member)).toHaveLength(1);
    expect(await myTasks(nonMember)).toHaveLength(0);
    expect(await myTasks(clerk)).toHaveLength(0);
  });

  test("someone who joins the unit later gets its open assignments", async () => {
    const org = await makeOrg();
    const { course: c } = await course();
    const a = await createAssignment({ kind: "course", targetId: c.id, title: "", unitId: org.east.id, partyOnly: false, positions: [], startsAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), requiredMinutes: 0 }, "x");
    const before = await assignmentSummary(a);
    const newcomer = await person(org.eastBranch.id);
    const after = await assignmentSummary(a);
    expect(after.total).toBe(before.total + 1);
    expect(await myTasks(newcomer)).toHaveLength(1);
  });

  test("progress moves the status; completion is recorded once; withdrawing deletes nothing", async () => {
    const org = await makeOrg();
    const me = await person(org.eastBranch.id);
    const { course: c, lessons } = await course();
    const due = new Date(Date.now() + 5 * DAY);
    const a = await createAssignment({ kind: "course", targetId: c.id, title: "", unitId: org.east.id, partyOnly: false, positions: [], startsAt: new Date(Date.now() - DAY), dueAt: due, requiredMinutes: 0 }, me.id);
    expect((await myTasks(me))[0]!.status.state).toBe("notStarted");
    await reportProgress(me, lessons[0]!.id, { end: true });
    const mid = (await myTasks(me))[0]!.status;
    expect(mid).toMatchObject({ state: "inProgress", percent: 50 });
    expect(mid.next?.href).toBe(`/learn/${c.slug}/l1`);
    const reached = await reportProgress(me, lessons[1]!.id, { end: true });
    expect(reached?.complete).toBe(false); // its check is not passed yet
    await markCheckPassed(me, lessons[1]!.id);
    expect((await myTasks(me))[0]!.status.state).toBe("done");
    expect(await db.record.count({ where: { actorId: me.id, verb: "completed", objectType: "lesson" } })).toBe(2);
    expect(await db.record.count({ where: { actorId: me.id, verb: "completed", objectType: "course" } })).toBe(1);
    await reportProgress(me, lessons[0]!.id, { end: true });
    expect(await db.record.count({ where: { actorId: me.id, verb: "completed", objectType: "lesson" } })).toBe(2);
    await withdrawAssignment(a.id);
    expect(await myTasks(me)).toEqual([]);
    expect(await db.lessonProgress.count({ where: { userId: me.id } })).toBe(2);
  });

  test("statuses for thousands of people (read whole, kept per person) equal those for a few", async () => {
    const org = await makeOrg();
    const done = await person(org.eastBranch.id);
    const started = await person(org.eastBranch.id);
    const idle = await person(org.eastBranch.id);
    const outsider = await person(org.westBranch.id);
    const { course: c, lessons } = await course();
    const a = await createAssignment({ kind: "course", targetId: c.id, title: "", unitId: org.east.id, partyOnly: false, positions: [], startsAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), requiredMinutes: 0 }, done.id);
    for (const l of lessons) await reportProgress(done, l.id, { end: true });
    await markCheckPassed(done, lessons[1]!.id);
    await reportProgress(started, lessons[0]!.id, { end: true });
    await reportProgress(outsider, lessons[0]!.id, { end: true });
    const few = [done.id, started.id, idle.id];
    const crowd = [...few, ...Array.from({ length: 2_500 }, (_, i) => `nobody-${i}`)];
    const small = await statusesFor(a, few);
    const large = await statusesFor(a, crowd);
    for (const id of few) expect(large.get(id)).toEqual(small.get(id));
    expect([done, started, idle].map((p) => large.get(p.id)!.state)).toEqual(["done", "inProgress", "notStarted"]);
    expect(large.has(outsider.id)).toBe(false);
    expect(large.size).toBe(crowd.length);
  });

  test("heartbeats credit real time only", async () => {
    const org = await makeOrg();
    const me = await person(org.eastBranch.id);
    const { lessons } = await course();
    const t0 = new Date("2026-05-01T08:00:00Z");
    await reportProgress(me, lessons[0]!.id, { beat: { visible: true, active: true } }, t0);
    await reportProgress(me, lessons[0]!.id, { beat: { visible: true, active: true } }, new Date(t0.getTime() + 15_000));
    await reportProgress(me, lessons[0]!.id, { beat: { visible: false, active: true } }, new Date(t0.getTime() + 30_000));
    const v = await reportProgress(me, lessons[0]!.id, { beat: { visible: true, active: true } }, new Date(t0.getTime() + 31_000));
    expect(v?.activeSeconds).toBe(16);
  });

  test("an overdue task comes first", async () => {
    const org = await makeOrg();
    const me = await person(org.eastBranch.id);
    const { course: c1 } = await course();
    const { course: c2 } = await course();
    await createAssignment({ kind: "course", targetId: c1.id, title: "未到期", unitId: org.east.id, partyOnly: false, positions: [], startsAt: new Date(Date.now() - 10 * DAY), dueAt: new Date(Date.now() + 2 * DAY), requiredMinutes: 0 }, me.id);
    await createAssignment({ kind: "course", targetId: c2.id, title: "已逾期", unitId: org.east.id, partyOnly: false, positions: [], startsAt: new Date(Date.now() - 10 * DAY), dueAt: new Date(Date.now() - DAY), requiredMinutes: 0 }, me.id);
    const tasks = await myTasks(me);
    expect(tasks.map((task) => [task.title, task.status.state, task.dueSoon])).toEqual([
      ["已逾期", "overdue", false],
      ["未到期", "notStarted", true],
    ]);
  });
});

describe("offline check-in", () => {
  test("a fresh code checks in once; an expired one or one outside the window is refused", async () => {
    const org = await makeOrg();
    const me = await person(org.eastBranch.id);
    const start = Date.now();
    const session = await createSession({ kind: "warning", title: "警示教育大会", unitId: org.east.id, place: "三楼会议室", startsAt: new Date(start), endsAt: new Date(start + 2 * 3_600_000) }, me.id);
    const code = codeFor(session, start + 10 * 60_000);
    await expect(checkIn(me, session.id, code, start + 10 * 60_000 + 30_000)).resolves.toMatchObject({ already: false });
    await expect(checkIn(me, session.id, code, start + 10 * 60_000 + 40_000)).resolves.toMatchObject({ already: true });
    expect(await db.record.count({ where: { actorId: me.id, verb: "attended" } })).toBe(1);

    const other = await person(org.eastBranch.id);
    await expect(checkIn(other, session.id, code, start + 10 * 60_000 + 5 * 60_000)).rejects.toThrow("签到码已过期或无效，请扫描现场最新的二维码。");
    await expect(checkIn(other, session.id, codeFor(session, start + 5 * 3_600_000), start + 5 * 3_600_000)).rejects.toThrow(/现在不在签到时间内/);
    const outsider = await person(org.westBranch.id);
    await expect(checkIn(outsider, session.id, code, start + 10 * 60_000)).rejects.toThrow(DomainError);
    await markPresent(session.id, other.id, me.id);
    expect(await db.attendance.count({ where: { sessionId: session.id } })).toBe(2);
  });
});
