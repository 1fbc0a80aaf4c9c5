// The status of an assignment is read in a fixed number of queries, however many people it is asked
// for (issue 14): counted at the SQLite driver, every statement any connection prepares (Prisma's
// adapter prepares each query it runs), for every registered kind, for 5 people and for 50.
import Database from "better-sqlite3";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { assignmentSummary, createAssignment, statusesFor } from "#app/modules/learning/assignments.server.ts";
import { ASSIGNMENT_KIND_MODULES } from "#app/modules/learning/assignment-kinds/index.server.ts";
import * as manageAssignments from "#app/routes/manage.assignments.tsx";
import { callRoute, grant, makeOrg, makeUser, requestAs } from "#tests/factories.ts";

const DAY = 86_400_000;

/** Runs fn and counts the SQL statements prepared meanwhile (nothing else runs in this test file). */
async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const spy = vi.spyOn(Database.prototype, "prepare");
  try {
    const result = await fn();
    return { result, queries: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

let org: Awaited<ReturnType<typeof makeOrg>>;
let east: string[]; // 50 people
let west: string[]; // 5 people

beforeAll(async () => {
  org = await makeOrg();
  east = [];
  for (let i = 0; i < 50; i++) east.push((await makeUser(org.eastBranch.id)).id);
  west = [];
  for (let i = 0; i < 5; i++) west.push((await makeUser(org.westBranch.id)).id);
  // Targets for the kinds whose targets are rows, and something done, so per-row work is exercised too.
  const course = await db.course.create({ data: { slug: `c-${Math.random().toString(36).slice(2, 8)}`, classroom: "theory", title: "计数课程" } });
  const lessons = [];
  for (let i = 0; i < 2; i++) lessons.push(await db.lesson.create({ data: { courseId: course.id, slug: `l${i}`, title: `第${i + 1}课`, sortOrder: i } }));
  const exam = await db.exam.create({ data: { title: "计数考试", blueprintJson: "[]", opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + DAY), timeLimitMinutes: 30 } });
  for (const [i, userId] of [...east, ...west].entries()) {
    if (i % 2 === 0) await db.lessonProgress.create({ data: { userId, lessonId: lessons[0]!.id, completedAt: new Date(), activeSeconds: 600 } });
    if (i % 3 === 0) {
      const unitId = east.includes(userId) ? org.eastBranch.id : org.westBranch.id;
      await db.attempt.create({ data: { examId: exam.id, userId, unitId, number: 1, state: "finished", startedAt: new Date(), deadlineAt: new Date(Date.now() + DAY), submittedAt: new Date(), maxScore: 10, score: 8, percent: 80, passed: i % 2 === 0 } });
    }
  }
});

/** An assignment of the kind for a unit, to the first target its picker offers. */
async function assignmentOf(kind: (typeof ASSIGNMENT_KIND_MODULES)[number], unitId: string) {
  const target = await kind.picker(new Date());
  const targetId = target.type === "select" ? target.options[0]!.value : target.defaultValue;
  return createAssignment({ kind: kind.kind, targetId, title: "", unitId, partyOnly: false, positions: [], startsAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), requiredMinutes: 0 }, "x");
}

describe("statuses are read in a fixed number of queries", () => {
  test.each(ASSIGNMENT_KIND_MODULES.map((m) => [m.kind, m] as const))("%s: 50 people cost what 5 cost", async (_kind, kind) => {
    const a = await assignmentOf(kind, org.city.id);
    const few = await countQueries(() => statusesFor(a, west));
    const many = await countQueries(() => statusesFor(a, east));
    expect(few.result.size).toBe(5);
    expect(many.result.size).toBe(50);
    expect(few.queries).toBeGreaterThan(0); // the counter sees the queries at all
    expect(many.queries).toBe(few.queries);
    expect(many.queries).toBeLessThanOrEqual(3);
  });

  test("the manager's summary of an assignment does not grow with the people it reaches", async () => {
    for (const kind of ASSIGNMENT_KIND_MODULES) {
      const small = await assignmentOf(kind, org.west.id);
      const large = await assignmentOf(kind, org.east.id);
      const few = await countQueries(() => assignmentSummary(small));
      const many = await countQueries(() => assignmentSummary(large));
      expect([few.result.total, many.result.total]).toEqual([5, 50]);
      expect(many.queries, kind.kind).toBe(few.queries);
    }
  });

  test("the assignments page does not grow with the people its assignments reach", async () => {
    const manager = await makeUser(org.city.id, { name: "计数管理员" });
    await grant(manager.id, "trainer", org.city.id);
    for (const kind of ASSIGNMENT_KIND_MODULES) await assignmentOf(kind, org.east.id);
    const page = async () => {
      const request = await requestAs(manager.id, "/manage/assignments");
      return countQueries(async () => {
        const r = await callRoute(async () => manageAssignments.loader({ request, params: {}, context: {} } as never));
        expect(r.status).toBe(200);
        return r.data!;
      });
    };
    await page(); // warm: the signed-in user cache and prepared session statements
    const before = await page();
    for (let i = 0; i < 50; i++) await makeUser(org.eastBranch.id);
    const after = await page();
    const reached = (d: typeof before.result) => d.rows.reduce((s, r) => s + r.total, 0);
    expect(reached(after.result)).toBeGreaterThanOrEqual(reached(before.result) + 50 * ASSIGNMENT_KIND_MODULES.length);
    expect(after.queries).toBe(before.queries);
  });
});
