import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { makeUnit, makeUser } from "#tests/factories.ts";
import { createAssignment } from "#app/modules/learning/assignments.server.ts";
import { reportProgress } from "#app/modules/learning/progress.server.ts";
import { integrityFile, logFileRead } from "#app/modules/records/file.server.ts";
import { bulletin, periodRange } from "./bulletin.server.ts";
import { rollup } from "./rollup.server.ts";

const DAY = 86_400_000;

/**
 * A hand-built org with known answers:
 *   市局 → 甲局 (branch A1 with 3 people, branch A2 with 1) and 乙局 (branch B1 with 2).
 * A one-lesson course assigned city-wide. Done: 2 in A1, 0 in A2, 1 in B1. Due in the past for 乙局's
 * second assignment only.
 */
async function world() {
  const city = await makeUnit("市局", "city");
  const a = await makeUnit("甲局", "county", city.id);
  const b = await makeUnit("乙局", "county", city.id);
  const a1 = await makeUnit("甲局一支部", "branch", a.id);
  const a2 = await makeUnit("甲局二支部", "branch", a.id);
  const b1 = await makeUnit("乙局一支部", "branch", b.id);
  const people = {
    a1: await Promise.all([0, 1, 2].map((i) => makeUser(a1.id, { name: `甲一${i}` }))),
    a2: [await makeUser(a2.id, { name: "甲二0" })],
    b1: await Promise.all([0, 1].map((i) => makeUser(b1.id, { name: `乙一${i}` }))),
  };
  const slug = `course-${Math.random().toString(36).slice(2, 8)}`;
  const course = await db.course.create({ data: { slug, classroom: "theory", title: "一课之课程" } });
  const lesson = await db.lesson.create({ data: { courseId: course.id, slug: "only", title: "唯一一课" } });
  const v = await db.lessonVersion.create({ data: { lessonId: lesson.id, number: 1, status: "published", origin: "file", source: "---\ntitle: 唯一一课\n---\n\n正文。\n", title: "唯一一课", contentHash: `h-${slug}` } });
  await db.lesson.update({ where: { id: lesson.id }, data: { publishedVersionId: v.id } });
  const cityWide = await createAssignment({ kind: "course", targetId: course.id, title: "全市学习", unitId: city.id, partyOnly: false, positions: [], startsAt: new Date(Date.now() - 10 * DAY), dueAt: new Date(Date.now() + 10 * DAY), requiredMinutes: 0 }, "x");
  const late = await createAssignment({ kind: "course", targetId: course.id, title: "乙局补课", unitId: b.id, partyOnly: false, positions: [], startsAt: new Date(Date.now() - 10 * DAY), dueAt: new Date(Date.now() - DAY), requiredMinutes: 0 }, "x");
  for (const p of [people.a1[0]!, people.a1[1]!, people.b1[0]!]) await reportProgress({ id: p.id, unitId: p.unitId }, lesson.id, { end: true });
  return { city, a, b, a1, a2, b1, people, cityWide, late };
}

describe("roll-up of completion", () => {
  test("the city view counts per county bureau, with the figures known by hand", async () => {
    const w = await world();
    const r = (await rollup(w.city.id))!;
    const row = (name: string) => r.units.find((u) => u.name === name)!;
    expect(row("甲局").cells[w.cityWide.id]).toEqual({ done: 2, inProgress: 0, notStarted: 2, overdue: 0, total: 4 });
    expect(row("乙局").cells[w.cityWide.id]).toEqual({ done: 1, inProgress: 0, notStarted: 1, overdue: 0, total: 2 });
    expect(row("甲局").cells[w.late.id]).toBeUndefined();
    expect(row("乙局").cells[w.late.id]).toEqual({ done: 1, inProgress: 0, notStarted: 0, overdue: 1, total: 2 });
    expect(r.overdue).toEqual([expect.objectContaining({ person: "乙一1", unit: "乙局一支部", assignment: "乙局补课" })]);
    expect(r.people).toEqual([]);
  });

  test("a bureau-sized subtree (40,000 people, more than one SQL statement may bind) rolls up in full", async () => {
    const w = await world();
    const now = new Date().toISOString().replace("Z", "+00:00");
    const N = 40_000;
    for (let start = 0; start < N; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, N - start) }, (_, i) => `('big${start + i}', 'big${start + i}', '大${start + i}', '${w.a2.id}', 1, '${now}', '${now}')`);
      await db.$executeRawUnsafe(`INSERT INTO "User" ("id", "username", "name", "unitId", "active", "createdAt", "updatedAt") VALUES ${rows.join(",")}`);
    }
    const pledge = await createAssignment({ kind: "pledge", targetId: "2026", title: "", unitId: w.city.id, partyOnly: false, positions: [], startsAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), requiredMinutes: 0 }, "x");
    const r = (await rollup(w.city.id))!;
    const row = (name: string) => r.units.find((u) => u.name === name)!;
    expect(row("甲局").cells[w.cityWide.id]).toEqual({ done: 2, inProgress: 0, notStarted: 2 + N, overdue: 0, total: 4 + N });
    expect(row("甲局").cells[pledge.id]).toEqual({ done: 0, inProgress: 0, notStarted: 4 + N, overdue: 0, total: 4 + N });
  }, 60_000);

  test("the page's overdue list can be capped while the total still counts everyone", async () => {
    const w = await world();
    const more = await Promise.all([0, 1, 2].map((i) => makeUser(w.b1.id, { name: `乙一补${i}` })));
    const all = (await rollup(w.city.id))!;
    expect(all.overdueTotal).toBe(1 + more.length);
    expect(all.overdue).toHaveLength(all.overdueTotal);
    const capped = (await rollup(w.city.id, new Date(), { overdueLimit: 2 }))!;
    expect(capped.overdueTotal).toBe(all.overdueTotal);
    expect(capped.overdue).toEqual(all.overdue.slice(0, 2));
    expect(capped.units).toEqual(all.units);
  });

  test("drilling down to a branch lists its people with their state", async () => {
    const w = await world();
    const r = (await rollup(w.a1.id))!;
    expect(r.people.map((p) => [p.name, p.cells[w.cityWide.id]?.state])).toEqual([
      ["甲一0", "done"],
      ["甲一1", "done"],
      ["甲一2", "notStarted"],
    ]);
  });

  test("a bulletin compares units and names the lagging", async () => {
    const w = await world();
    const month = new Date(Date.now() - DAY + 8 * 3_600_000).toISOString().slice(0, 7);
    const b = (await bulletin(w.b.id, "month", month))!;
    const b1 = b.rows.find((r) => r.unit === "乙局一支部")!;
    expect(b1.assignmentRate).toBe(50);
    expect(b1.lagging).toBe(true);
    expect(b1.reasons.join()).toMatch(/低于 60%/);
    expect(periodRange("quarter", "2026-05")).toMatchObject({ label: "2026年第2季度" });
    expect(periodRange("half", "2026-11").from.toISOString()).toBe("2026-06-30T16:00:00.000Z");
  });
});

describe("the integrity file", () => {
  test("summarises the year from records, and reads by others are logged", async () => {
    const w = await world();
    const me = w.people.a1[0]!;
    const file = (await integrityFile(me.id, new Date().getFullYear()))!;
    expect(file.summary.lessons).toBe(1);
    expect(file.summary.courses).toEqual(["一课之课程"]);
    expect(file.timeline.map((e) => e.objectName)).toEqual(["一课之课程", "唯一一课"]);
    await logFileRead(me.id, me.id, "view", "10.0.0.1");
    const inspector = w.people.b1[1]!;
    await logFileRead(inspector.id, me.id, "pdf", "10.0.0.2");
    expect(await db.fileAccessLog.findMany({ where: { subjectId: me.id }, select: { viewerId: true, kind: true } })).toEqual([{ viewerId: inspector.id, kind: "pdf" }]);
  });
});
