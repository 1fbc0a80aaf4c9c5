// Assignments: what a unit's people must do by when. Who is assigned is computed from the org tree
// when asked, so late joiners get open assignments and withdrawing deletes nothing anyone did.
// Status is read from what people actually did (progress, attempts, attendance, records).
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { changed } from "#app/lib/cache.server.ts";

export const ASSIGNMENT_KINDS = ["course", "exam", "pledge", "offline", "activity"] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

export const assignmentInput = z
  .object({
    kind: z.enum(ASSIGNMENT_KINDS, { error: t.assign.errors.kind }),
    targetId: z.string().min(1, t.assign.errors.target),
    title: z.string().trim().max(100).default(""),
    unitId: z.string().min(1, t.assign.errors.unit),
    partyOnly: z.boolean().default(false),
    positions: z.array(z.string().trim().min(1)).max(50).default([]),
    startsAt: z.coerce.date({ error: t.assign.errors.startsAt }),
    dueAt: z.coerce.date({ error: t.assign.errors.dueAt }),
    requiredMinutes: z.coerce.number().int().min(0).max(6000).default(0),
  })
  .refine((a) => a.dueAt > a.startsAt, { message: t.assign.errors.dueBeforeStart, path: ["dueAt"] });

export type AssignmentInput = z.infer<typeof assignmentInput>;

import { evidenceOf, SEVEN_ONES } from "#app/modules/activities/seven-ones.server.ts";
import { applies } from "#app/modules/identity/audience.ts";
import { OFFLINE_KINDS } from "./kinds.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export { OFFLINE_KINDS };

async function targetTitle(kind: AssignmentKind, targetId: string): Promise<string> {
  switch (kind) {
    case "course": {
      const c = await db.course.findUnique({ where: { id: targetId }, select: { title: true } });
      if (!c) throw new DomainError(t.assign.errors.courseMissing);
      return t.assign.titles.course(c.title);
    }
    case "exam": {
      const e = await db.exam.findUnique({ where: { id: targetId }, select: { title: true } });
      if (!e) throw new DomainError(t.assign.errors.examMissing);
      return t.assign.titles.exam(e.title);
    }
    case "pledge":
      if (!/^\d{4}$/.test(targetId)) throw new DomainError(t.assign.errors.pledgeYear);
      return t.assign.titles.pledge(targetId);
    case "offline":
      if (!OFFLINE_KINDS[targetId]) throw new DomainError(t.assign.errors.offlineKind);
      return t.assign.titles.offline(OFFLINE_KINDS[targetId]);
    case "activity": {
      const item = SEVEN_ONES.find((i) => i.key === targetId);
      if (!item) throw new DomainError(t.assign.errors.activity);
      return item.label;
    }
  }
}

/** The lessons a course assignment made now requires: the course's published lessons, in order. */
async function requiredLessons(courseId: string): Promise<string[]> {
  const lessons = await db.lesson.findMany({ where: { courseId, status: "published" }, orderBy: { sortOrder: "asc" }, select: { id: true } });
  return lessons.map((l) => l.id);
}

export async function createAssignment(input: AssignmentInput, createdById: string) {
  const title = input.title || (await targetTitle(input.kind, input.targetId));
  if (input.title) await targetTitle(input.kind, input.targetId);
  const { positions, ...rest } = input;
  // What a course assignment asks for is fixed now: a lesson published later is not owed by anyone.
  const lessonIds = input.kind === "course" ? await requiredLessons(input.targetId) : [];
  return db.assignment
    .create({ data: { ...rest, title, positionsJson: JSON.stringify(positions), lessonIdsJson: JSON.stringify(lessonIds), createdById } })
    .finally(() => changed("exams"));
}

/** Fixes the required lessons of course assignments made before they were recorded (setup). */
export async function fixAssignmentLessons(): Promise<number> {
  const rows = await db.assignment.findMany({ where: { kind: "course", lessonIdsJson: "[]" }, select: { id: true, targetId: true } });
  for (const a of rows) await db.assignment.update({ where: { id: a.id }, data: { lessonIdsJson: JSON.stringify(await requiredLessons(a.targetId)) } });
  return rows.length;
}

export async function updateAssignment(id: string, input: Pick<AssignmentInput, "dueAt" | "requiredMinutes" | "title">) {
  return db.assignment.update({ where: { id }, data: input }).finally(() => changed("exams"));
}

/** Withdrawing hides the assignment; progress, attempts and records stay where they are. */
export async function withdrawAssignment(id: string) {
  return db.assignment.update({ where: { id }, data: { status: "withdrawn" } }).finally(() => changed("exams"));
}

type Person = { id: string; unitPath: string; isPartyMember: boolean; position: string };

/** The active assignments that apply to a person now (their unit or any unit above it). */
export async function assignmentsFor(person: Person) {
  const unitIds = person.unitPath.split("/").filter(Boolean);
  const rows = await db.assignment.findMany({ where: { status: "active", unitId: { in: unitIds } }, orderBy: { dueAt: "asc" } });
  return rows.filter((a) => applies(a, person));
}

/** The people an assignment applies to (active accounts in the subtree, after the filters). */
export async function assignedPeople(a: { unitId: string; partyOnly: boolean; positionsJson: string }) {
  const unit = await db.orgUnit.findUnique({ where: { id: a.unitId }, select: { path: true } });
  if (!unit) return [];
  const positions = JSON.parse(a.positionsJson) as string[];
  return db.user.findMany({
    where: {
      active: true,
      unit: { path: { startsWith: unit.path } },
      ...(a.partyOnly ? { isPartyMember: true } : {}),
      ...(positions.length ? { position: { in: positions } } : {}),
    },
    select: { id: true, name: true, unitId: true, position: true },
  });
}

export type TaskState = "done" | "inProgress" | "notStarted" | "overdue";
export type TaskStatus = { state: TaskState; percent: number; detail: string; next: { label: string; href: string } | null; doneAt: Date | null };

type AssignmentRow = { id: string; kind: string; targetId: string; startsAt: Date; dueAt: Date; requiredMinutes: number; lessonIdsJson: string };

/** Status of one assignment for many people at once (one query per source, not per person). */
export async function statusesFor(a: AssignmentRow, userIds: string[], now = new Date()): Promise<Map<string, TaskStatus>> {
  const out = new Map<string, TaskStatus>();
  const finish = (userId: string, done: boolean, percent: number, detail: string, next: TaskStatus["next"], doneAt: Date | null = null) => {
    const state: TaskState = done ? "done" : now > a.dueAt ? "overdue" : percent > 0 ? "inProgress" : "notStarted";
    out.set(userId, { state, percent: done ? 100 : Math.min(99, Math.round(percent)), detail, next: done ? null : next, doneAt });
  };
  if (userIds.length === 0) return out;
  // For many people (a county or the city), read every row for the target and keep theirs, rather
  // than bind tens of thousands of ids into the query.
  const many = userIds.length > 2_000;
  const wanted = new Set(userIds);
  const forThem = <R,>(rows: R[], userOf: (r: R) => string) => (many ? rows.filter((r) => wanted.has(userOf(r))) : rows);
  const groupBy = <R,>(rows: R[], userOf: (r: R) => string) => {
    const map = new Map<string, R[]>();
    for (const r of rows) {
      const list = map.get(userOf(r));
      if (list) list.push(r);
      else map.set(userOf(r), [r]);
    }
    return map;
  };
  switch (a.kind) {
    case "course": {
      const course = await db.course.findUnique({
        where: { id: a.targetId },
        include: { lessons: { orderBy: { sortOrder: "asc" }, select: { id: true, slug: true, status: true } } },
      });
      // The lessons fixed when the assignment was made (older rows without them: the published ones).
      const fixed = JSON.parse(a.lessonIdsJson) as string[];
      const lessons = fixed.length
        ? (course?.lessons ?? []).filter((l) => fixed.includes(l.id))
        : (course?.lessons ?? []).filter((l) => l.status === "published");
      const rows = await db.lessonProgress.findMany({
        where: { ...(many ? {} : { userId: { in: userIds } }), lessonId: { in: lessons.map((l) => l.id) } },
        select: { userId: true, lessonId: true, completedAt: true, activeSeconds: true },
      });
      const byUser = groupBy(forThem(rows, (r) => r.userId), (r) => r.userId);
      for (const userId of userIds) {
        const mine = byUser.get(userId) ?? [];
        const done = new Set(mine.filter((r) => r.completedAt).map((r) => r.lessonId));
        const minutes = Math.floor(mine.reduce((s, r) => s + r.activeSeconds, 0) / 60);
        const lessonShare = lessons.length ? done.size / lessons.length : 0;
        const minuteShare = a.requiredMinutes ? Math.min(1, minutes / a.requiredMinutes) : lessonShare;
        const percent = ((lessonShare + minuteShare) / 2) * 100;
        const complete = lessons.length > 0 && done.size === lessons.length && minutes >= a.requiredMinutes;
        const nextLesson = lessons.find((l) => !done.has(l.id)) ?? lessons[0];
        const doneAt = complete ? mine.reduce<Date | null>((m, r) => (r.completedAt && (!m || r.completedAt > m) ? r.completedAt : m), null) : null;
        finish(
          userId,
          complete,
          percent,
          t.taskStatus.course(done.size, lessons.length, minutes, a.requiredMinutes),
          course && nextLesson ? { label: done.size ? t.taskStatus.continueLearning : t.taskStatus.startLearning, href: `/learn/${course.slug}/${nextLesson.slug}` } : null,
          doneAt,
        );
      }
      break;
    }
    case "exam": {
      const attempts = await db.attempt.findMany({
        where: { examId: a.targetId, ...(many ? {} : { userId: { in: userIds } }) },
        select: { userId: true, state: true, passed: true, percent: true, submittedAt: true },
      });
      const byUser = groupBy(forThem(attempts, (x) => x.userId), (x) => x.userId);
      for (const userId of userIds) {
        const mine = byUser.get(userId) ?? [];
        const passed = mine.find((x) => x.passed);
        const best = mine.reduce<number | null>((m, x) => (x.percent !== null && (m === null || x.percent > m) ? x.percent : m), null);
        finish(
          userId,
          Boolean(passed),
          mine.length ? 50 : 0,
          passed ? t.taskStatus.examPassed(Math.round(passed.percent ?? 0)) : mine.length ? t.taskStatus.examTried(mine.length, best !== null ? Math.round(best) : null) : t.taskStatus.notTaken,
          { label: mine.some((x) => x.state === "inProgress") ? t.taskStatus.continueExam : t.taskStatus.takeExam, href: `/exams/${a.targetId}` },
          passed?.submittedAt ?? null,
        );
      }
      break;
    }
    case "pledge": {
      const signed = await db.record.findMany({
        where: { ...(many ? {} : { actorId: { in: userIds } }), verb: "signed", objectType: "pledge", contextJson: { contains: `"year":${Number(a.targetId)}` } },
        select: { actorId: true, timestamp: true },
      });
      const by = new Map(forThem(signed, (r) => r.actorId).map((r) => [r.actorId, r.timestamp]));
      for (const userId of userIds) finish(userId, by.has(userId), 0, by.has(userId) ? t.taskStatus.signed : t.taskStatus.notSigned, { label: t.taskStatus.sign, href: "/pledge" }, by.get(userId) ?? null);
      break;
    }
    case "offline": {
      const rows = await db.attendance.findMany({
        where: { ...(many ? {} : { userId: { in: userIds } }), session: { kind: a.targetId, startsAt: { gte: a.startsAt, lte: a.dueAt } } },
        select: { userId: true, at: true },
      });
      const by = new Map(forThem(rows, (r) => r.userId).map((r) => [r.userId, r.at]));
      for (const userId of userIds) {
        finish(userId, by.has(userId), 0, by.has(userId) ? t.taskStatus.attended : t.taskStatus.notAttended, { label: t.taskStatus.seeSessions, href: "/sessions" }, by.get(userId) ?? null);
      }
      break;
    }
    case "activity": {
      // Done when the record store holds the evidence (a submitted message, an approved lecture…) in the window.
      const rows = await db.record.findMany({
        where: { ...(many ? {} : { actorId: { in: userIds } }), timestamp: { gte: a.startsAt, lte: a.dueAt }, verb: { in: ["submitted", "signed", "approved", "attended"] } },
        select: { actorId: true, verb: true, objectType: true, contextJson: true, timestamp: true },
      });
      const by = new Map<string, Date>();
      for (const r of forThem(rows, (x) => x.actorId)) if (evidenceOf(r) === a.targetId && !by.has(r.actorId)) by.set(r.actorId, r.timestamp);
      for (const userId of userIds) finish(userId, by.has(userId), 0, by.has(userId) ? t.taskStatus.done : t.taskStatus.notDone, { label: t.taskStatus.goDo, href: "/activities" }, by.get(userId) ?? null);
      break;
    }
    default:
      for (const userId of userIds) finish(userId, false, 0, "", null);
  }
  return out;
}

export type MyTask = { id: string; title: string; kind: string; dueAt: string; status: TaskStatus; dueSoon: boolean };

/** "My tasks": everything assigned to a person, overdue first, then by due date. */
export async function myTasks(person: Person, now = new Date()): Promise<MyTask[]> {
  const rows = await assignmentsFor(person);
  const tasks: MyTask[] = [];
  for (const a of rows) {
    if (a.startsAt > now) continue;
    const status = (await statusesFor(a, [person.id], now)).get(person.id)!;
    const dueSoon = status.state !== "done" && a.dueAt.getTime() - now.getTime() < 3 * 86_400_000 && a.dueAt > now;
    tasks.push({ id: a.id, title: a.title, kind: a.kind, dueAt: a.dueAt.toISOString(), status, dueSoon });
  }
  const rank: Record<TaskState, number> = { overdue: 0, inProgress: 1, notStarted: 1, done: 2 };
  return tasks.sort((x, y) => rank[x.status.state] - rank[y.status.state] || x.dueAt.localeCompare(y.dueAt));
}

/** Counts per state for one assignment over everyone it applies to (for managers: aggregates, no rankings). */
export async function assignmentSummary(a: AssignmentRow & { unitId: string; partyOnly: boolean; positionsJson: string }, now = new Date()) {
  const people = await assignedPeople(a);
  const statuses = await statusesFor(a, people.map((p) => p.id), now);
  const counts: Record<TaskState, number> = { done: 0, inProgress: 0, notStarted: 0, overdue: 0 };
  for (const s of statuses.values()) counts[s.state]++;
  return { total: people.length, counts, people, statuses };
}
