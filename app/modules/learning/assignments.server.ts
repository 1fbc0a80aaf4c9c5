// Assignments: what a unit's people must do by when. Who is assigned is computed from the org tree
// when asked, so late joiners get open assignments and withdrawing deletes nothing anyone did.
// Status is read from what people actually did (progress, attempts, attendance, records).
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { changed } from "#app/lib/cache.server.ts";
import { ASSIGNMENT_KINDS, assignmentKind, batchOf, kindsFixingRequirement, type AssignmentRow } from "./assignment-kinds/index.server.ts";

// What each kind means (its target, title, requirement, status and next step) lives in its module:
// app/modules/learning/assignment-kinds/. This file asks the registry and never switches on the kind.
export { ASSIGNMENT_KINDS, type AssignmentKind } from "./assignment-kinds/index.server.ts";

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

import { applies } from "#app/modules/identity/audience.ts";
import { OFFLINE_KINDS } from "./kinds.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export { OFFLINE_KINDS };

export async function createAssignment(input: AssignmentInput, createdById: string) {
  const kind = assignmentKind(input.kind);
  if (!kind) throw new DomainError(t.assign.errors.kind);
  // The target is checked (its default title) even when the trainer gave a title.
  const named = await kind.targetTitle(input.targetId);
  const title = input.title || named;
  const { positions, ...rest } = input;
  // What the assignment asks for is fixed now (a course: its published lessons; a lesson published
  // later is not owed by anyone).
  const lessonIds = (await kind.fixRequirement?.(input.targetId)) ?? [];
  return db.assignment
    .create({ data: { ...rest, title, positionsJson: JSON.stringify(positions), lessonIdsJson: JSON.stringify(lessonIds), createdById } })
    .finally(() => changed("exams"));
}

/** Fixes the requirement (a course's lessons) of assignments made before it was recorded (setup). */
export async function fixAssignmentLessons(): Promise<number> {
  const fixing = new Map(kindsFixingRequirement().map((m) => [m.kind, m]));
  const rows = await db.assignment.findMany({ where: { kind: { in: [...fixing.keys()] }, lessonIdsJson: "[]" }, select: { id: true, kind: true, targetId: true } });
  for (const a of rows) {
    const ids = (await fixing.get(a.kind)?.fixRequirement?.(a.targetId)) ?? [];
    await db.assignment.update({ where: { id: a.id }, data: { lessonIdsJson: JSON.stringify(ids) } });
  }
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

/**
 * The people an assignment applies to (active accounts in the subtree, after the filters). A caller
 * that has the unit's path already (the assignments page) passes it and saves the lookup.
 */
export async function assignedPeople(a: { unitId: string; partyOnly: boolean; positionsJson: string }, unitPath?: string) {
  const unit = unitPath !== undefined ? { path: unitPath } : await db.orgUnit.findUnique({ where: { id: a.unitId }, select: { path: true } });
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

/** Status of one assignment for many people at once (one query per source, not per person). */
export async function statusesFor(a: AssignmentRow, userIds: string[], now = new Date()): Promise<Map<string, TaskStatus>> {
  const out = new Map<string, TaskStatus>();
  const finish = (userId: string, done: boolean, percent: number, detail: string, next: TaskStatus["next"], doneAt: Date | null = null) => {
    const state: TaskState = done ? "done" : now > a.dueAt ? "overdue" : percent > 0 ? "inProgress" : "notStarted";
    out.set(userId, { state, percent: done ? 100 : Math.min(99, Math.round(percent)), detail, next: done ? null : next, doneAt });
  };
  if (userIds.length === 0) return out;
  const kind = assignmentKind(a.kind);
  if (!kind) {
    for (const userId of userIds) finish(userId, false, 0, "", null);
    return out;
  }
  const of = await kind.load(a, batchOf(userIds));
  for (const userId of userIds) {
    const p = of(userId);
    const o = kind.outcome(p, a);
    finish(userId, o.done, o.percent, o.detail, kind.next(p, a), o.doneAt);
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
export async function assignmentSummary(a: AssignmentRow & { unitId: string; partyOnly: boolean; positionsJson: string }, now = new Date(), unitPath?: string) {
  const people = await assignedPeople(a, unitPath);
  const statuses = await statusesFor(a, people.map((p) => p.id), now);
  const counts: Record<TaskState, number> = { done: 0, inProgress: 0, notStarted: 0, overdue: 0 };
  for (const s of statuses.values()) counts[s.state]++;
  return { total: people.length, counts, people, statuses };
}
