// The personal integrity file (个人廉政档案): a view over the person's records — a summary for the
// year and the full timeline. Reading someone else's file is checked and logged.
import { db } from "#app/lib/db.server.ts";
import { yearRange } from "#app/lib/time.ts";

/**
 * What was read of a person's records: their integrity file (view, pdf), their xAPI statements alone or
 * in a unit-wide export, a reflection, an exam review or a signed pledge.
 */
export type FileKind = "view" | "pdf" | "xapi" | "xapi-unit" | "reflection" | "exam-review" | "pledge-pdf";

/**
 * The one read log (FileAccessLog, shown at /admin/audit): one row per person whose records someone
 * else read, naming what (`kind`) and which one (`objectId`: the reflection, attempt or signature, or
 * the unit of a unit-wide export). A person reading their own is not logged.
 */
export async function logFileRead(viewerId: string, subjectIds: string | readonly string[], kind: FileKind, ip: string, objectId = "") {
  const subjects = [...new Set(typeof subjectIds === "string" ? [subjectIds] : subjectIds)].filter((id) => id !== viewerId);
  if (subjects.length === 0) return;
  const row = { viewerId, kind, objectId: objectId.slice(0, 200), ip: ip.slice(0, 64) };
  await db.fileAccessLog.createMany({ data: subjects.map((subjectId) => ({ ...row, subjectId })) });
}

export type TimelineEntry = {
  id: string;
  verb: string;
  objectType: string;
  objectName: string;
  at: string;
  score: { raw: number; max: number } | null;
  success: boolean | null;
  durationSeconds: number | null;
  corrected: boolean;
  correction: boolean;
  /** A filed portrait problem the person disputed: their explanation and the secretary's ruling, filed with it. */
  dispute: { note: string; ruling: string } | null;
};

export async function integrityFile(subjectId: string, year: number) {
  const person = await db.user.findUnique({ where: { id: subjectId }, include: { unit: true } });
  if (!person) return null;
  const { from, to } = yearRange(year);
  const rows = await db.record.findMany({ where: { actorId: subjectId, timestamp: { gte: from, lt: to } }, orderBy: { seq: "asc" } });
  const correctedIds = new Set(rows.map((r) => r.correctsId).filter((x): x is string => Boolean(x)));
  const timeline: TimelineEntry[] = rows.map((r) => {
    const result = JSON.parse(r.resultJson) as { score?: { raw: number; max: number }; success?: boolean; durationSeconds?: number; response?: string; responseNote?: string; ruling?: string };
    return {
      id: r.id,
      verb: r.verb,
      objectType: r.objectType,
      objectName: r.objectName,
      at: r.timestamp.toISOString(),
      score: result.score ? { raw: result.score.raw, max: result.score.max } : null,
      success: result.success ?? null,
      durationSeconds: result.durationSeconds ?? null,
      corrected: correctedIds.has(r.id),
      correction: Boolean(r.correctsId),
      dispute: r.objectType === "problem" && result.response === "disputed" ? { note: String(result.responseNote ?? ""), ruling: String(result.ruling ?? "") } : null,
    };
  });
  const live = timeline.filter((e) => !e.corrected);
  const of = (type: string, verb?: string) => live.filter((e) => e.objectType === type && (!verb || e.verb === verb));
  const exams = new Map<string, { title: string; best: number; max: number; passed: boolean; attempts: number }>();
  for (const e of live.filter((x) => x.objectType === "exam")) {
    const cur = exams.get(e.objectName) ?? { title: e.objectName, best: 0, max: e.score?.max ?? 0, passed: false, attempts: 0 };
    cur.attempts++;
    if (e.score && e.score.raw >= cur.best) cur.best = e.score.raw;
    if (e.verb === "passed") cur.passed = true;
    exams.set(e.objectName, cur);
  }
  // A rectification counts as closed only while its latest record says so: a reopening undoes it.
  const rectification = new Map<string, string>();
  for (const r of rows) if (r.objectType === "rectification" && !correctedIds.has(r.id) && !r.correctsId) rectification.set(r.objectId, r.verb);
  const seconds = of("lesson", "completed").reduce((s, e) => s + (e.durationSeconds ?? 0), 0);
  return {
    person: {
      id: person.id,
      name: person.name,
      username: person.username,
      staffNo: person.staffNo,
      unit: person.unit.name,
      position: person.position,
      isPartyMember: person.isPartyMember,
    },
    year,
    summary: {
      courses: of("course", "completed").map((e) => e.objectName),
      lessons: of("lesson", "completed").length,
      activeMinutes: Math.round(seconds / 60),
      exams: [...exams.values()],
      practice: of("knowledge-check").length,
      offline: of("offline-session", "attended").map((e) => ({ title: e.objectName, at: e.at })),
      pledges: of("pledge", "signed").map((e) => e.objectName),
      works: of("work", "approved").map((e) => e.objectName),
      reflections: live.filter((e) => (e.objectType === "reflection" || e.objectType === "message") && e.verb === "submitted").length,
      discussions: of("discussion", "submitted").length,
      problems: of("problem", "filed").length,
      rectifications: [...rectification.values()].filter((v) => v === "closed").length,
    },
    timeline: timeline.reverse(),
  };
}

export type IntegrityFile = NonNullable<Awaited<ReturnType<typeof integrityFile>>>;
