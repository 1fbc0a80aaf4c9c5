// Lesson progress: heartbeats from the page, reaching the end, passing the check, watching videos.
// Each change is judged by the pure rules in progress.ts; a completion is appended to the record
// store once, and the course is recorded complete when its last lesson is. A video's length is the
// one the server read from the stored file (StoredFile.durationSeconds), never the browser's.
import { createCache } from "#app/lib/cache.server.ts";
import { db } from "#app/lib/db.server.ts";
import { checkFrontmatter, collectReferences, lessonFrontmatter } from "#app/modules/content/lesson-format.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { acceptVideoRanges, creditFor, isComplete, requirements, type Beat, type CompletionRule, type ProgressFacts, type Range } from "./progress.ts";

type Person = { id: string; unitId: string };
type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** A published version's rule never changes. */
const rules = createCache<string, CompletionRule>({ ttlMs: Infinity, maxEntries: 2000 });

/** The completion rule of the lesson's published version (cached by version). */
export async function lessonRule(lessonId: string) {
  const lesson = await db.lesson.findUnique({ where: { id: lessonId }, include: { publishedVersion: true, course: { select: { id: true, title: true } } } });
  const v = lesson?.publishedVersion;
  if (!lesson || !v || lesson.status !== "published") return null;
  const rule = rules.getOrLoad(v.id, (): CompletionRule => {
    const refs = collectReferences(v.source).refs;
    const fm = checkFrontmatter(v.source, lessonFrontmatter).data;
    return { hasCheck: refs.questions.length > 0, minActiveSeconds: fm?.minActiveSeconds ?? null, videos: [...new Set(refs.videos)] };
  });
  return { rule, lesson: { id: lesson.id, title: v.title, courseId: lesson.course.id, courseTitle: lesson.course.title } };
}

/**
 * The real length of each of the lesson's videos, as read from the stored file at upload (or by the
 * backfill). A video whose length is unknown is absent: it is credited nothing, whatever the page says.
 */
async function videoDurations(client: Tx | typeof db, videos: string[]): Promise<Record<string, number>> {
  if (videos.length === 0) return {};
  const rows = await client.storedFile.findMany({ where: { id: { in: videos }, durationSeconds: { gt: 0 } }, select: { id: true, durationSeconds: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.durationSeconds!]));
}

function facts(row: { reachedEnd: boolean; checkPassed: boolean; activeSeconds: number; videoJson: string }, durations: Record<string, number>): ProgressFacts {
  return {
    reachedEnd: row.reachedEnd,
    checkPassed: row.checkPassed,
    activeSeconds: row.activeSeconds,
    video: JSON.parse(row.videoJson) as Record<string, Range[]>,
    videoDurations: durations,
  };
}

export type ProgressView = { activeSeconds: number; complete: boolean; requirements: { key: string; met: boolean; label: string }[] };

export type ProgressInput = {
  beat?: Beat;
  end?: boolean;
  /** Played ranges only: the page's idea of the video's length is not asked for, and not trusted. */
  video?: { src: string; ranges: Range[] };
};

/** Applies what the page reports, all judged against the server's clock. */
export async function reportProgress(person: Person, lessonId: string, input: ProgressInput, now = new Date()): Promise<ProgressView | null> {
  const found = await lessonRule(lessonId);
  if (!found) return null;
  const { rule, lesson } = found;
  return db.$transaction(async (tx) => {
    const row = await tx.lessonProgress.upsert({ where: { userId_lessonId: { userId: person.id, lessonId } }, create: { userId: person.id, lessonId }, update: {} });
    const durations = await videoDurations(tx, rule.videos);
    const data: Record<string, unknown> = {};
    if (input.beat) {
      data.activeSeconds = row.activeSeconds + creditFor(row.lastBeatAt, now, input.beat);
      data.lastBeatAt = now;
    }
    if (input.end) data.reachedEnd = true;
    const duration = input.video && rule.videos.includes(input.video.src) ? durations[input.video.src] : undefined;
    if (input.video && duration) {
      const video = JSON.parse(row.videoJson) as Record<string, Range[]>;
      video[input.video.src] = acceptVideoRanges(video[input.video.src] ?? [], input.video.ranges.slice(0, 200), duration, row.lastVideoBeatAt, now);
      data.videoJson = JSON.stringify(video);
      data.lastVideoBeatAt = now;
    }
    const updated = await tx.lessonProgress.update({ where: { id: row.id }, data });
    return settle(tx, person, lesson, rule, updated, durations, now);
  });
}

/** The lesson's knowledge check was answered fully right. */
export async function markCheckPassed(person: Person, lessonId: string, now = new Date()) {
  const found = await lessonRule(lessonId);
  if (!found) return null;
  return db.$transaction(async (tx) => {
    const row = await tx.lessonProgress.upsert({
      where: { userId_lessonId: { userId: person.id, lessonId } },
      create: { userId: person.id, lessonId, checkPassed: true },
      update: { checkPassed: true },
    });
    return settle(tx, person, found.lesson, found.rule, row, await videoDurations(tx, found.rule.videos), now);
  });
}

async function settle(
  tx: Tx,
  person: Person,
  lesson: { id: string; title: string; courseId: string; courseTitle: string },
  rule: CompletionRule,
  row: { id: string; completedAt: Date | null; activeSeconds: number; reachedEnd: boolean; checkPassed: boolean; videoJson: string },
  durations: Record<string, number>,
  now: Date,
): Promise<ProgressView> {
  const f = facts(row, durations);
  const complete = row.completedAt !== null || isComplete(rule, f);
  if (complete && !row.completedAt) {
    await tx.lessonProgress.update({ where: { id: row.id }, data: { completedAt: now } });
    await appendRecord(
      {
        actorId: person.id,
        unitId: person.unitId,
        verb: "completed",
        object: { type: "lesson", id: lesson.id, name: lesson.title },
        result: { completion: true, durationSeconds: row.activeSeconds },
        context: { courseId: lesson.courseId },
        timestamp: now,
      },
      tx,
    );
    await maybeCompleteCourse(tx, person, lesson.courseId, lesson.courseTitle, now);
  }
  return { activeSeconds: row.activeSeconds, complete, requirements: requirements(rule, f) };
}

async function maybeCompleteCourse(tx: Tx, person: Person, courseId: string, courseTitle: string, now: Date) {
  const lessons = await tx.lesson.findMany({ where: { courseId, status: "published" }, select: { id: true } });
  const done = await tx.lessonProgress.count({ where: { userId: person.id, lessonId: { in: lessons.map((l) => l.id) }, completedAt: { not: null } } });
  if (lessons.length === 0 || done < lessons.length) return;
  const already = await tx.record.findFirst({ where: { actorId: person.id, verb: "completed", objectType: "course", objectId: courseId }, select: { id: true } });
  if (already) return;
  const seconds = await tx.lessonProgress.aggregate({ where: { userId: person.id, lessonId: { in: lessons.map((l) => l.id) } }, _sum: { activeSeconds: true } });
  await appendRecord(
    {
      actorId: person.id,
      unitId: person.unitId,
      verb: "completed",
      object: { type: "course", id: courseId, name: courseTitle },
      result: { completion: true, durationSeconds: seconds._sum.activeSeconds ?? 0 },
      context: { lessons: lessons.length },
      timestamp: now,
    },
    tx,
  );
}

export async function progressView(userId: string, lessonId: string): Promise<ProgressView | null> {
  const found = await lessonRule(lessonId);
  if (!found) return null;
  const row = await db.lessonProgress.findUnique({ where: { userId_lessonId: { userId, lessonId } } });
  const durations = await videoDurations(db, found.rule.videos);
  const f = row ? facts(row, durations) : { reachedEnd: false, checkPassed: false, activeSeconds: 0, video: {}, videoDurations: durations };
  return { activeSeconds: f.activeSeconds, complete: Boolean(row?.completedAt), requirements: requirements(found.rule, f) };
}

/** Completed lesson ids of a person among the given lessons. */
export async function completedLessons(userId: string, lessonIds: string[]): Promise<Set<string>> {
  const rows = await db.lessonProgress.findMany({ where: { userId, lessonId: { in: lessonIds }, completedAt: { not: null } }, select: { lessonId: true } });
  return new Set(rows.map((r) => r.lessonId));
}
