// 学习课程: the lessons fixed when the assignment was made, completed, and (when asked) the learning
// minutes across them. The target is a course id.
import { db } from "#app/lib/db.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { t } from "#app/lib/strings.ts";
import type { AssignmentKindModule } from "./index.server.ts";

type Lesson = { id: string; slug: string };
type Facts = { courseSlug: string | null; lessons: Lesson[]; done: Set<string>; minutes: number; lastCompletedAt: Date | null };

/** The lessons a course assignment made now requires: the course's published lessons, in order. */
async function requiredLessons(courseId: string): Promise<string[]> {
  const lessons = await db.lesson.findMany({ where: { courseId, status: "published" }, orderBy: { sortOrder: "asc" }, select: { id: true } });
  return lessons.map((l) => l.id);
}

export const course = {
  kind: "course",
  label: t.assign.form.kinds.course,
  async picker() {
    const courses = await db.course.findMany({ where: { status: "published" }, orderBy: [{ classroom: "asc" }, { sortOrder: "asc" }], select: { id: true, title: true } });
    return { type: "select", label: t.assign.form.course, options: courses.map((c) => ({ value: c.id, label: c.title })) };
  },
  async targetTitle(targetId) {
    const c = await db.course.findUnique({ where: { id: targetId }, select: { title: true } });
    if (!c) throw new DomainError(t.assign.errors.courseMissing);
    return t.assign.titles.course(c.title);
  },
  // A lesson published later is not owed by anyone.
  fixRequirement: requiredLessons,
  async load(a, batch) {
    const found = await db.course.findUnique({
      where: { id: a.targetId },
      include: { lessons: { orderBy: { sortOrder: "asc" }, select: { id: true, slug: true, status: true } } },
    });
    // The lessons fixed when the assignment was made (older rows without them: the published ones).
    const fixed = JSON.parse(a.lessonIdsJson) as string[];
    const lessons = fixed.length ? (found?.lessons ?? []).filter((l) => fixed.includes(l.id)) : (found?.lessons ?? []).filter((l) => l.status === "published");
    const rows = await db.lessonProgress.findMany({
      where: { ...batch.whereIn("userId"), lessonId: { in: lessons.map((l) => l.id) } },
      select: { userId: true, lessonId: true, completedAt: true, activeSeconds: true },
    });
    const byUser = batch.groupBy(batch.keep(rows, (r) => r.userId), (r) => r.userId);
    return (userId) => {
      const mine = byUser.get(userId) ?? [];
      return {
        courseSlug: found?.slug ?? null,
        lessons,
        done: new Set(mine.filter((r) => r.completedAt).map((r) => r.lessonId)),
        minutes: Math.floor(mine.reduce((s, r) => s + r.activeSeconds, 0) / 60),
        lastCompletedAt: mine.reduce<Date | null>((m, r) => (r.completedAt && (!m || r.completedAt > m) ? r.completedAt : m), null),
      };
    };
  },
  outcome(p, a) {
    const lessonShare = p.lessons.length ? p.done.size / p.lessons.length : 0;
    const minuteShare = a.requiredMinutes ? Math.min(1, p.minutes / a.requiredMinutes) : lessonShare;
    const done = p.lessons.length > 0 && p.done.size === p.lessons.length && p.minutes >= a.requiredMinutes;
    return {
      done,
      percent: ((lessonShare + minuteShare) / 2) * 100,
      detail: t.taskStatus.course(p.done.size, p.lessons.length, p.minutes, a.requiredMinutes),
      doneAt: done ? p.lastCompletedAt : null,
    };
  },
  next(p) {
    const nextLesson = p.lessons.find((l) => !p.done.has(l.id)) ?? p.lessons[0];
    if (p.courseSlug === null || !nextLesson) return null;
    return { label: p.done.size ? t.taskStatus.continueLearning : t.taskStatus.startLearning, href: `/learn/${p.courseSlug}/${nextLesson.slug}` };
  },
} satisfies AssignmentKindModule<"course", Facts>;
