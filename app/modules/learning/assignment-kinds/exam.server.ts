// 参加考试: passed an attempt at the exam. The target is an exam id.
import { db } from "#app/lib/db.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { t } from "#app/lib/strings.ts";
import type { AssignmentKindModule } from "./index.server.ts";

type Attempt = { state: string; passed: boolean | null; percent: number | null; submittedAt: Date | null };

export const exam = {
  kind: "exam",
  label: t.assign.form.kinds.exam,
  async picker() {
    const exams = await db.exam.findMany({ where: { status: "published" }, orderBy: { createdAt: "desc" }, select: { id: true, title: true } });
    return { type: "select", label: t.assign.form.exam, options: exams.map((e) => ({ value: e.id, label: e.title })) };
  },
  async targetTitle(targetId) {
    const e = await db.exam.findUnique({ where: { id: targetId }, select: { title: true } });
    if (!e) throw new DomainError(t.assign.errors.examMissing);
    return t.assign.titles.exam(e.title);
  },
  async load(a, batch) {
    const attempts = await db.attempt.findMany({
      where: { examId: a.targetId, ...batch.whereIn("userId") },
      select: { userId: true, state: true, passed: true, percent: true, submittedAt: true },
    });
    const byUser = batch.groupBy(batch.keep(attempts, (x) => x.userId), (x) => x.userId);
    return (userId): Attempt[] => byUser.get(userId) ?? [];
  },
  outcome(mine) {
    const passed = mine.find((x) => x.passed);
    const best = mine.reduce<number | null>((m, x) => (x.percent !== null && (m === null || x.percent > m) ? x.percent : m), null);
    return {
      done: Boolean(passed),
      percent: mine.length ? 50 : 0,
      detail: passed ? t.taskStatus.examPassed(Math.round(passed.percent ?? 0)) : mine.length ? t.taskStatus.examTried(mine.length, best !== null ? Math.round(best) : null) : t.taskStatus.notTaken,
      doneAt: passed?.submittedAt ?? null,
    };
  },
  next(mine, a) {
    return { label: mine.some((x) => x.state === "inProgress") ? t.taskStatus.continueExam : t.taskStatus.takeExam, href: `/exams/${a.targetId}` };
  },
} satisfies AssignmentKindModule<"exam", Attempt[]>;
