// 完成情况 and the bulletin count the same things the same way (issue 13, item 17).
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { createAssignment } from "#app/modules/learning/assignments.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { bulletin } from "./bulletin.server.ts";
import { rollup } from "./rollup.server.ts";
import { countsOver, rate } from "./shared.ts";

const DAY = 86_400_000;
const monthOf = (d: Date) => new Intl.DateTimeFormat("sv", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(d);

describe("one count for completion, overdue and passes", () => {
  test("overdue is the same figure on both screens; passes follow the attempt as regraded", async () => {
    const org = await makeOrg();
    const a = await makeUser(org.eastBranch.id);
    const b = await makeUser(org.eastBranch.id);
    const now = new Date();
    // One pledge assignment overdue since last month, one due later this month.
    const base = { kind: "pledge" as const, title: "", unitId: org.east.id, partyOnly: false, positions: [], requiredMinutes: 0 };
    await createAssignment({ ...base, targetId: "2025", startsAt: new Date(now.getTime() - 90 * DAY), dueAt: new Date(now.getTime() - 40 * DAY) }, a.id);
    await createAssignment({ ...base, targetId: "2026", startsAt: new Date(now.getTime() - DAY), dueAt: new Date(now.getTime() + 60_000) }, a.id);

    const r = (await rollup(org.east.id, now))!;
    const row = r.units.find((u) => u.id === org.eastBranch.id)!;
    const b1 = (await bulletin(org.east.id, "month", monthOf(now), now))!;
    const brow = b1.rows.find((x) => x.unitId === org.eastBranch.id)!;
    expect(countsOver(row, null).overdue).toBe(2);
    expect(brow.overdue).toBe(countsOver(row, null).overdue);
    // This month's rate counts only the task due this month, by the same function.
    const dueNow = new Set(b1.assignments.map((x) => x.id));
    expect(brow.assignmentRate).toBe(rate(countsOver(row, dueNow)));

    // An attempt that passed, then lost its pass in a regrade: the bulletin shows no pass.
    const exam = await db.exam.create({ data: { title: "测试", blueprintJson: "[]", opensAt: new Date(now.getTime() - DAY), closesAt: new Date(now.getTime() + DAY), timeLimitMinutes: 10 } });
    for (const [u, passed] of [[a, true], [b, false]] as const) {
      await db.attempt.create({ data: { examId: exam.id, userId: u.id, unitId: u.unitId, number: 1, state: "finished", startedAt: now, deadlineAt: now, submittedAt: now, maxScore: 10, score: passed ? 10 : 0, percent: passed ? 100 : 0, passed } });
    }
    const before = (await bulletin(org.east.id, "month", monthOf(now), now))!.rows.find((x) => x.unitId === org.eastBranch.id)!;
    expect(before.examPassRate).toBe(50);
    await db.attempt.updateMany({ where: { examId: exam.id, userId: a.id }, data: { passed: false, percent: 40, score: 4 } });
    const after = (await bulletin(org.east.id, "month", monthOf(now), now))!.rows.find((x) => x.unitId === org.eastBranch.id)!;
    expect(after.examPassRate).toBe(0);
  });
});
