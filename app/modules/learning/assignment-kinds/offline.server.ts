// 参加线下活动: attended a session of the kind (主题党日, 警示教育会…) held between the assignment's
// start and due date. The target is a session kind (OFFLINE_KINDS).
import { db } from "#app/lib/db.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { t } from "#app/lib/strings.ts";
import { OFFLINE_KINDS } from "#app/modules/learning/kinds.ts";
import type { AssignmentKindModule } from "./index.server.ts";

export const offline = {
  kind: "offline",
  label: t.assign.form.kinds.offline,
  picker: () => ({ type: "select", label: t.assign.form.offlineKind, options: Object.entries(OFFLINE_KINDS).map(([value, label]) => ({ value, label })) }),
  targetTitle(targetId) {
    if (!Object.hasOwn(OFFLINE_KINDS, targetId) || !OFFLINE_KINDS[targetId]) throw new DomainError(t.assign.errors.offlineKind);
    return t.assign.titles.offline(OFFLINE_KINDS[targetId]);
  },
  async load(a, batch) {
    const rows = await db.attendance.findMany({
      where: { ...batch.whereIn("userId"), session: { kind: a.targetId, startsAt: { gte: a.startsAt, lte: a.dueAt } } },
      select: { userId: true, at: true },
    });
    const by = new Map(batch.keep(rows, (r) => r.userId).map((r) => [r.userId, r.at]));
    return (userId) => by.get(userId) ?? null;
  },
  outcome: (attendedAt: Date | null) => ({ done: attendedAt !== null, percent: 0, detail: attendedAt ? t.taskStatus.attended : t.taskStatus.notAttended, doneAt: attendedAt }),
  next: () => ({ label: t.taskStatus.seeSessions, href: "/sessions" }),
} satisfies AssignmentKindModule<"offline", Date | null>;
