// “七个一”实践活动: the record store holds the evidence for the item (a submitted message, an approved
// lecture, an attended film…) between the assignment's start and due date. The target is an item key.
import { db } from "#app/lib/db.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { t } from "#app/lib/strings.ts";
import { evidenceOf, SEVEN_ONES } from "#app/modules/activities/seven-ones.server.ts";
import type { AssignmentKindModule } from "./index.server.ts";

export const activity = {
  kind: "activity",
  label: t.assign.form.kinds.activity,
  picker: () => ({ type: "select", label: t.assign.form.activity, options: SEVEN_ONES.map((i) => ({ value: i.key, label: i.label })) }),
  targetTitle(targetId) {
    const item = SEVEN_ONES.find((i) => i.key === targetId);
    if (!item) throw new DomainError(t.assign.errors.activity);
    return item.label;
  },
  async load(a, batch) {
    const rows = await db.record.findMany({
      where: { ...batch.whereIn("actorId"), timestamp: { gte: a.startsAt, lte: a.dueAt }, verb: { in: ["submitted", "signed", "approved", "attended"] } },
      select: { actorId: true, verb: true, objectType: true, contextJson: true, timestamp: true },
    });
    const by = new Map<string, Date>();
    for (const r of batch.keep(rows, (x) => x.actorId)) if (evidenceOf(r) === a.targetId && !by.has(r.actorId)) by.set(r.actorId, r.timestamp);
    return (userId) => by.get(userId) ?? null;
  },
  outcome: (doneAt: Date | null) => ({ done: doneAt !== null, percent: 0, detail: doneAt ? t.taskStatus.done : t.taskStatus.notDone, doneAt }),
  next: () => ({ label: t.taskStatus.goDo, href: "/activities" }),
} satisfies AssignmentKindModule<"activity", Date | null>;
