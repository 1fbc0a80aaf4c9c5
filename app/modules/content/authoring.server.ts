// Authoring in the browser: courses and lessons, drafts, publishing immutable versions, history,
// rollback, and course export/import as a folder of MDX (zip). Publishing compiles once; readers
// always get the latest published version.
import { strFromU8, strToU8, zipSync } from "fflate";
import yaml from "js-yaml";
import { z } from "zod";
import { changed } from "#app/lib/cache.server.ts";
import { db } from "#app/lib/db.server.ts";
import { COURSE_ZIP_LIMITS, inflateBounded } from "#app/lib/zip-limits.server.ts";
import { revealCheckQuestions } from "./knowledge-check.server.ts";
import { t } from "#app/lib/strings.ts";
import { compileMdx, contentHash, ensureCompiled, rememberPreview } from "./compile.server.ts";
import { checkLesson, type KnownIds } from "./lesson-format.ts";
import { CLASSROOMS } from "./load.server.ts";
import { toPlainText } from "./plain-text.ts";
import { indexDocument } from "./search.server.ts";
import type { Problem } from "./validate.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export const slugSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, t.author.errors.slugFormat);

export const newCourseSchema = z.object({
  classroom: z.enum(CLASSROOMS, { error: t.author.errors.classroomRequired }),
  slug: slugSchema,
  title: z.string().trim().min(1, t.author.errors.courseTitleRequired).max(60, t.author.errors.courseTitleTooLong),
  summary: z.string().trim().max(300, t.author.errors.summaryTooLong).default(""),
});

export const newLessonSchema = z.object({
  slug: slugSchema,
  title: z.string().trim().min(1, t.author.errors.lessonTitleRequired).max(100, t.author.errors.lessonTitleTooLong),
});

export async function knownIds(): Promise<KnownIds> {
  const [articles, cases, questions] = await Promise.all([
    db.article.findMany({ select: { id: true } }),
    db.case.findMany({ select: { slug: true } }),
    db.question.findMany({ where: { status: "active" }, select: { id: true } }),
  ]);
  return { articles: new Set(articles.map((a) => a.id)), cases: new Set(cases.map((c) => c.slug)), questions: new Set(questions.map((q) => q.id)) };
}

export async function createCourse(input: z.infer<typeof newCourseSchema>) {
  if (await db.course.findUnique({ where: { slug: input.slug }, select: { id: true } })) throw new DomainError(t.author.errors.courseSlugTaken);
  const last = await db.course.findFirst({ where: { classroom: input.classroom }, orderBy: { sortOrder: "desc" }, select: { sortOrder: true } });
  return db.course.create({ data: { ...input, origin: "browser", sortOrder: (last?.sortOrder ?? 0) + 1 } });
}

export function lessonTemplate(title: string) {
  return t.author.lessonTemplate(title);
}

export async function createLesson(courseId: string, input: z.infer<typeof newLessonSchema>, userId: string) {
  const course = await db.course.findUnique({ where: { id: courseId }, include: { lessons: { select: { sortOrder: true } } } });
  if (!course) throw new DomainError(t.author.errors.courseMissing);
  if (await db.lesson.findUnique({ where: { courseId_slug: { courseId, slug: input.slug } }, select: { id: true } })) {
    throw new DomainError(t.author.errors.lessonSlugTaken);
  }
  const source = lessonTemplate(input.title);
  return db.$transaction(async (tx) => {
    const lesson = await tx.lesson.create({
      data: { courseId, slug: input.slug, title: input.title, sortOrder: Math.max(0, ...course.lessons.map((l) => l.sortOrder)) + 1, status: "draft" },
    });
    await tx.lessonVersion.create({
      data: { lessonId: lesson.id, number: 1, status: "draft", origin: "browser", source, title: input.title, contentHash: contentHash(source), createdById: userId },
    });
    return lesson;
  });
}

/** The version a trainer edits: their working draft, or the published source to start from. */
export async function editorState(lessonId: string) {
  const lesson = await db.lesson.findUnique({
    where: { id: lessonId },
    include: {
      course: true,
      publishedVersion: true,
      versions: { orderBy: { number: "desc" }, select: { id: true, number: true, status: true, origin: true, title: true, note: true, createdAt: true, createdById: true } },
    },
  });
  if (!lesson) return null;
  const draft = await db.lessonVersion.findFirst({ where: { lessonId, status: "draft", origin: "browser" }, orderBy: { number: "desc" } });
  const fileDraft = await db.lessonVersion.findFirst({ where: { lessonId, status: "draft", origin: "file" }, orderBy: { number: "desc" } });
  return { lesson, draft, fileDraft, source: draft?.source ?? lesson.publishedVersion?.source ?? lessonTemplate(lesson.title) };
}

/** Saves the trainer's working draft (one per lesson; saving again replaces it). Drafts may contain errors. */
export async function saveDraft(lessonId: string, source: string, userId: string) {
  if (source.length > 200_000) throw new DomainError(t.author.errors.sourceTooLong);
  const lesson = await db.lesson.findUnique({ where: { id: lessonId }, select: { id: true, title: true } });
  if (!lesson) throw new DomainError(t.author.errors.lessonMissing);
  const fm = checkLesson(source).frontmatter;
  const title = fm?.title ?? lesson.title;
  return db.$transaction(async (tx) => {
    const draft = await tx.lessonVersion.findFirst({ where: { lessonId, status: "draft", origin: "browser" }, orderBy: { number: "desc" } });
    const data = {
      source,
      title,
      summary: fm?.summary ?? "",
      minutes: fm?.minutes ?? null,
      tagsJson: JSON.stringify(fm?.tags ?? []),
      contentHash: contentHash(source),
      createdById: userId,
    };
    if (draft) return tx.lessonVersion.update({ where: { id: draft.id }, data });
    const count = await tx.lessonVersion.count({ where: { lessonId } });
    return tx.lessonVersion.create({ data: { lessonId, number: count + 1, status: "draft", origin: "browser", ...data } });
  });
}

/** Checks a source as the editor types: located problems, and a preview compiled when it is valid. */
export async function previewLesson(source: string): Promise<{ problems: Problem[]; hash: string | null }> {
  const check = checkLesson(source, await knownIds());
  if (check.problems.length > 0) return { problems: check.problems, hash: null };
  const hash = contentHash(source);
  try {
    const compiled = await compileMdx(source);
    rememberPreview(hash, compiled);
    return { problems: [], hash };
  } catch (error) {
    return { problems: [{ line: 1, column: 1, message: t.author.errors.compileFailed((error as Error).message) }], hash: null };
  }
}

/** Publishes the working draft as a new immutable version (after a full check and a compile). */
export async function publishDraft(lessonId: string, userId: string, note = "") {
  const draft = await db.lessonVersion.findFirst({ where: { lessonId, status: "draft", origin: "browser" }, orderBy: { number: "desc" } });
  if (!draft) throw new DomainError(t.author.errors.noDraft);
  return publishSource(lessonId, draft.source, userId, { draftId: draft.id, origin: "browser", note });
}

/** Republishes an old version as the newest one: a rollback that keeps history. */
export async function rollbackTo(lessonId: string, versionId: string, userId: string) {
  const old = await db.lessonVersion.findUnique({ where: { id: versionId } });
  if (!old || old.lessonId !== lessonId) throw new DomainError(t.author.errors.versionMissing);
  return publishSource(lessonId, old.source, userId, { origin: "rollback", note: t.author.notes.rollback(old.number) });
}

async function publishSource(lessonId: string, source: string, userId: string, options: { draftId?: string; origin: string; note: string }) {
  const check = checkLesson(source, await knownIds());
  if (check.problems.length > 0 || !check.frontmatter) throw new DomainError(t.author.errors.hasProblems, 400, { problems: check.problems });
  const fm = check.frontmatter;
  const hash = await ensureCompiled(source);
  return db.$transaction(async (tx) => {
    const lesson = await tx.lesson.findUniqueOrThrow({ where: { id: lessonId }, include: { course: { select: { slug: true } } } });
    const data = {
      status: "published",
      origin: options.origin,
      source,
      title: fm.title,
      summary: fm.summary ?? "",
      minutes: fm.minutes ?? null,
      tagsJson: JSON.stringify(fm.tags ?? []),
      contentHash: hash,
      note: options.note,
      createdById: userId,
    };
    let version;
    if (options.draftId) version = await tx.lessonVersion.update({ where: { id: options.draftId }, data: { ...data, createdAt: new Date() } });
    else {
      const count = await tx.lessonVersion.count({ where: { lessonId } });
      version = await tx.lessonVersion.create({ data: { lessonId, number: count + 1, ...data } });
    }
    if (lesson.publishedVersionId && lesson.publishedVersionId !== version.id) {
      await tx.lessonVersion.update({ where: { id: lesson.publishedVersionId }, data: { status: "superseded" } });
    }
    await tx.lesson.update({ where: { id: lessonId }, data: { publishedVersionId: version.id, title: fm.title, status: "published" } });
    await indexDocument({ kind: "lesson", ref: `${lesson.course.slug}/${lesson.slug}`, title: fm.title, body: `${fm.summary ?? ""} ${toPlainText(source)}` }, tx);
    await revealCheckQuestions(source, tx);
    return version;
  }).finally(() => changed("curriculum"));
}

/** Takes a file's version that arrived during sync as the trainer's working draft. */
export async function adoptFileDraft(lessonId: string, versionId: string, userId: string) {
  const v = await db.lessonVersion.findUnique({ where: { id: versionId } });
  if (!v || v.lessonId !== lessonId || v.status !== "draft" || v.origin !== "file") throw new DomainError(t.author.errors.fileVersionMissing);
  await saveDraft(lessonId, v.source, userId);
  await db.lessonVersion.update({ where: { id: v.id }, data: { status: "superseded", note: t.author.notes.adopted(v.note) } });
}

export async function versionSource(versionId: string) {
  return db.lessonVersion.findUnique({ where: { id: versionId } });
}

// ─── export / import ─────────────────────────────────────────────────────────

/** A course as a zip: <slug>/course.yaml and <slug>/NN-<lesson>.mdx of the published versions. */
export async function exportCourse(courseId: string): Promise<{ name: string; bytes: Uint8Array }> {
  const course = await db.course.findUnique({
    where: { id: courseId },
    include: { lessons: { where: { status: "published" }, orderBy: { sortOrder: "asc" }, include: { publishedVersion: true } } },
  });
  if (!course) throw new DomainError(t.author.errors.courseMissing);
  const files: Record<string, Uint8Array> = {
    [`${course.slug}/course.yaml`]: strToU8(yaml.dump({ title: course.title, summary: course.summary, order: course.sortOrder, classroom: course.classroom })),
  };
  course.lessons.forEach((l, i) => {
    if (l.publishedVersion) files[`${course.slug}/${String(i + 1).padStart(2, "0")}-${l.slug}.mdx`] = strToU8(l.publishedVersion.source);
  });
  return { name: `${course.slug}.zip`, bytes: zipSync(files, { level: 6 }) };
}

const importedCourse = z.object({
  title: z.string().trim().min(1),
  summary: z.string().default(""),
  order: z.number().int().default(0),
  classroom: z.enum(CLASSROOMS).optional(),
});

export type ImportReport = { course: string; created: number; updated: number; unchanged: number };

/** Imports a course zip through the same validation as files and the editor; all or nothing. */
export async function importCourseZip(bytes: Uint8Array, userId: string, classroom?: (typeof CLASSROOMS)[number]): Promise<ImportReport> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = Object.fromEntries(inflateBounded(bytes, COURSE_ZIP_LIMITS));
  } catch (error) {
    throw new DomainError(error instanceof DomainError && error.message !== t.zipLimits.unreadable ? error.message : t.author.errors.zipUnreadable);
  }
  const names = Object.keys(entries).filter((n) => !n.endsWith("/") && !n.startsWith("__MACOSX"));
  const yamlName = names.find((n) => /(^|\/)course\.yaml$/.test(n));
  if (!yamlName) throw new DomainError(t.author.errors.zipNoCourseYaml);
  const dir = yamlName.slice(0, -"course.yaml".length);
  const slug = slugSchema.safeParse(dir.replace(/\/$/, "").split("/").pop() ?? "");
  if (!slug.success) throw new DomainError(t.author.errors.zipBadDir);
  let meta: z.infer<typeof importedCourse>;
  try {
    meta = importedCourse.parse(yaml.load(strFromU8(entries[yamlName]!), { schema: yaml.JSON_SCHEMA }));
  } catch {
    throw new DomainError(t.author.errors.courseYamlFormat);
  }
  const room = classroom ?? meta.classroom;
  if (!room) throw new DomainError(t.author.errors.importClassroomRequired);
  const known = await knownIds();
  const lessons: { slug: string; order: number; source: string; file: string }[] = [];
  const problems: Problem[] = [];
  const fileProblems: string[] = [];
  for (const name of names.filter((n) => n.startsWith(dir) && n.endsWith(".mdx")).sort()) {
    const base = name.slice(dir.length);
    const m = base.match(/^(\d+)-([a-z0-9][a-z0-9-]*)\.mdx$/);
    if (!m) {
      fileProblems.push(t.author.errors.zipLessonFileName(base));
      continue;
    }
    const source = strFromU8(entries[name]!);
    const check = checkLesson(source, known);
    for (const p of check.problems) fileProblems.push(`${base}:${p.line}:${p.column} ${p.message}`);
    problems.push(...check.problems);
    lessons.push({ slug: m[2]!, order: Number(m[1]), source, file: base });
  }
  if (fileProblems.length > 0) {
    throw new DomainError(t.author.errors.importProblems(fileProblems), 400, { problems });
  }
  if (lessons.length === 0) throw new DomainError(t.author.errors.zipNoLessons);
  for (const l of lessons) await ensureCompiled(l.source);

  const report: ImportReport = { course: meta.title, created: 0, updated: 0, unchanged: 0 };
  const course =
    (await db.course.findUnique({ where: { slug: slug.data } })) ??
    (await db.course.create({ data: { slug: slug.data, classroom: room, title: meta.title, summary: meta.summary, sortOrder: meta.order, origin: "browser" } }));
  await db.course.update({ where: { id: course.id }, data: { title: meta.title, summary: meta.summary, status: "published" } });
  for (const l of lessons) {
    const existing = await db.lesson.findUnique({ where: { courseId_slug: { courseId: course.id, slug: l.slug } }, include: { publishedVersion: true } });
    if (existing?.publishedVersion?.source === l.source) {
      report.unchanged++;
      continue;
    }
    const lesson =
      existing ??
      (await db.lesson.create({ data: { courseId: course.id, slug: l.slug, sortOrder: l.order, title: l.slug, status: "draft" } }));
    await publishSource(lesson.id, l.source, userId, { origin: "import", note: t.author.notes.zipImport });
    if (existing) report.updated++;
    else report.created++;
  }
  return report;
}
