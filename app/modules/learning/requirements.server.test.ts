// An assignment asks for what the course held when it was made (issue 13, item 16): publishing a
// lesson into the course later must not turn finished people into unfinished ones.
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { createAssignment, fixAssignmentLessons, statusesFor } from "./assignments.server.ts";

const DAY = 86_400_000;

async function addLesson(courseId: string, i: number) {
  const l = await db.lesson.create({ data: { courseId, slug: `l${i}`, title: `第${i + 1}课`, sortOrder: i } });
  const v = await db.lessonVersion.create({ data: { lessonId: l.id, number: 1, status: "published", origin: "file", source: `---\ntitle: 第${i + 1}课\n---\n\n正文。\n`, title: `第${i + 1}课`, contentHash: `h-${courseId}-${i}` } });
  return db.lesson.update({ where: { id: l.id }, data: { publishedVersionId: v.id } });
}

describe("a course assignment's requirement is fixed when it is made", () => {
  test("a lesson published later changes nobody's status", async () => {
    const org = await makeOrg();
    const person = await makeUser(org.eastBranch.id);
    const course = await db.course.create({ data: { slug: `c-${Math.random().toString(36).slice(2, 8)}`, classroom: "theory", title: "固定要求课程" } });
    const [l0, l1] = [await addLesson(course.id, 0), await addLesson(course.id, 1)];
    const a = await createAssignment(
      { kind: "course", targetId: course.id, title: "", unitId: org.east.id, partyOnly: false, positions: [], startsAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), requiredMinutes: 0 },
      person.id,
    );
    expect(JSON.parse(a.lessonIdsJson)).toEqual([l0.id, l1.id]);
    for (const l of [l0, l1]) await db.lessonProgress.create({ data: { userId: person.id, lessonId: l.id, completedAt: new Date() } });
    expect((await statusesFor(a, [person.id])).get(person.id)?.state).toBe("done");

    await addLesson(course.id, 2);
    const after = (await statusesFor(a, [person.id])).get(person.id)!;
    expect(after.state).toBe("done");
    expect(after.detail).toContain("2");
    expect(after.detail).not.toContain("3");

    // An assignment made after the new lesson asks for all three.
    const later = await createAssignment(
      { kind: "course", targetId: course.id, title: "", unitId: org.east.id, partyOnly: false, positions: [], startsAt: new Date(Date.now() - DAY), dueAt: new Date(Date.now() + DAY), requiredMinutes: 0 },
      person.id,
    );
    expect((await statusesFor(later, [person.id])).get(person.id)?.state).toBe("inProgress");
  });

  test("rows made before the requirement was recorded get it at setup", async () => {
    const org = await makeOrg();
    const course = await db.course.create({ data: { slug: `c-${Math.random().toString(36).slice(2, 8)}`, classroom: "theory", title: "旧课程" } });
    const l0 = await addLesson(course.id, 0);
    const old = await db.assignment.create({ data: { kind: "course", targetId: course.id, title: "旧任务", unitId: org.east.id, startsAt: new Date(), dueAt: new Date(Date.now() + DAY), createdById: "setup" } });
    expect(await fixAssignmentLessons()).toBeGreaterThanOrEqual(1);
    expect(JSON.parse((await db.assignment.findUniqueOrThrow({ where: { id: old.id } })).lessonIdsJson)).toEqual([l0.id]);
  });
});
