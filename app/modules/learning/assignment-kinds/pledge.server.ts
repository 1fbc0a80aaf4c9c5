// 签署廉政承诺书: signed the pledge of the year. The target is the year ("2026").
import { db } from "#app/lib/db.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { t } from "#app/lib/strings.ts";
import { beijingYear } from "#app/lib/time.ts";
import type { AssignmentKindModule } from "./index.server.ts";

export const pledge = {
  kind: "pledge",
  label: t.assign.form.kinds.pledge,
  picker: (now) => ({ type: "text", label: t.assign.form.pledgeYear, defaultValue: String(beijingYear(now)) }),
  targetTitle(targetId) {
    if (!/^\d{4}$/.test(targetId)) throw new DomainError(t.assign.errors.pledgeYear);
    return t.assign.titles.pledge(targetId);
  },
  async load(a, batch) {
    const signed = await db.record.findMany({
      where: { ...batch.whereIn("actorId"), verb: "signed", objectType: "pledge", contextJson: { contains: `"year":${Number(a.targetId)}` } },
      select: { actorId: true, timestamp: true },
    });
    const by = new Map(batch.keep(signed, (r) => r.actorId).map((r) => [r.actorId, r.timestamp]));
    return (userId) => by.get(userId) ?? null;
  },
  outcome: (signedAt: Date | null) => ({ done: signedAt !== null, percent: 0, detail: signedAt ? t.taskStatus.signed : t.taskStatus.notSigned, doneAt: signedAt }),
  next: () => ({ label: t.taskStatus.sign, href: "/pledge" }),
} satisfies AssignmentKindModule<"pledge", Date | null>;
