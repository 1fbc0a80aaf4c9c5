// An application service above the domains: it drives content (lessons, rules, cases), assessment
// (question banks), activities (pledge texts) and screening (the self-inspection checklist) from the
// files under content/, so that no domain has to import the others to load them.
//
// Syncs the curriculum under content/ into the store on start and on setup. Unchanged files are
// skipped by their hash (no compile); a new or changed lesson file becomes a new published version,
// unless a trainer has published browser edits since the last sync: then the file's version
// arrives as a draft to merge. A removed file archives its lesson; progress and records stay.
import fs from "node:fs";
import path from "node:path";
import { changed } from "#app/lib/cache.server.ts";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { publishPledge } from "#app/modules/activities/pledges.server.ts";
import { addQuestionVersion } from "#app/modules/assessment/question-bank.server.ts";
import { contentHash, ensureCompiled } from "#app/modules/content/compile.server.ts";
import { revealAllPublishedChecks } from "#app/modules/content/knowledge-check.server.ts";
import { loadContent, sha256, type FileProblem, type LoadedContent } from "#app/modules/content/load.server.ts";
import { toPlainText } from "#app/modules/content/plain-text.ts";
import { indexDocument, removeDocument, removeKind } from "#app/modules/content/search.server.ts";
import { syncChecklist } from "#app/modules/screening/self-inspection.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export type SyncReport = {
  problems: FileProblem[];
  lessons: { created: number; updated: number; drafted: number; unchanged: number; archived: number };
  regulations: number;
  cases: number;
  questions: { created: number; updated: number; unchanged: number };
};

export async function syncContent(root: string): Promise<SyncReport> {
  // Files stored unchanged and published need no second validation.
  const stored = await db.lesson.findMany({ where: { status: "published", sourceHash: { not: null }, sourcePath: { not: null } }, select: { sourceHash: true, sourcePath: true } });
  const content = loadContent(root, { trusted: new Set(stored.map((l) => `${l.sourcePath}\0${l.sourceHash}`)) });
  const report: SyncReport = {
    problems: content.problems,
    lessons: { created: 0, updated: 0, drafted: 0, unchanged: 0, archived: 0 },
    regulations: 0,
    cases: 0,
    questions: { created: 0, updated: 0, unchanged: 0 },
  };
  await syncRules(content, report);
  await syncQuestions(content, report);
  await syncLessons(content, report);
  // Check questions of changed lessons lose their place in exam pools; the scan also backfills
  // databases made before the flag existed (ADR 011).
  if (report.lessons.created + report.lessons.updated > 0 || !(await db.question.findFirst({ where: { revealedInCheck: true }, select: { id: true } }))) {
    await revealAllPublishedChecks();
  }
  await ensureCompiledPublished();
  await ensureSearchIndex();
  await syncPledges(root, report);
  await syncChecklist();
  changed("curriculum");
  return report;
}

/** content/pledges/*.mdx → published pledge texts (a changed file supersedes the text; signatures keep theirs). */
async function syncPledges(root: string, report: SyncReport) {
  const dir = path.join(root, "pledges");
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".mdx")).sort()) {
    try {
      await publishPledge(fs.readFileSync(path.join(dir, f), "utf8"), null);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.problems.push({ file: `pledges/${f}`, line: 1, column: 1, message: error.message });
    }
  }
}

/**
 * Every published lesson must have compiled code under the current compiler: recompile those whose
 * cache row is missing or whose key predates a compiler change (hashing is cheap; compiling is not).
 */
export async function ensureCompiledPublished() {
  const versions = await db.lessonVersion.findMany({ where: { status: "published" }, select: { id: true, source: true, contentHash: true } });
  const cached = new Set((await db.compiledMdx.findMany({ select: { hash: true } })).map((c) => c.hash));
  for (const v of versions) {
    if (cached.has(v.contentHash) && v.contentHash === contentHash(v.source)) continue;
    const hash = await ensureCompiled(v.source);
    // contentHash is the cache key of the same, unchanged source: updating it keeps the version immutable.
    if (hash !== v.contentHash) await db.lessonVersion.update({ where: { id: v.id }, data: { contentHash: hash } });
  }
  for (const c of await db.case.findMany({ select: { source: true } })) {
    if (!cached.has(contentHash(c.source))) await ensureCompiled(c.source);
  }
}

/** Rebuilds the search index when it does not hold exactly the published content (new index, restored database). */
export async function ensureSearchIndex(force = false) {
  const [row] = await db.$queryRaw<{ n: number | bigint }[]>`SELECT count(*) AS n FROM "SearchIndex"`;
  const n = row?.n ?? 0;
  const expected =
    (await db.lesson.count({ where: { status: "published", publishedVersionId: { not: null } } })) + (await db.article.count()) + (await db.case.count());
  if (Number(n) === expected && !force) return;
  const [lessons, articles, cases] = await Promise.all([
    db.lesson.findMany({ where: { status: "published" }, include: { publishedVersion: true, course: { select: { slug: true } } } }),
    db.article.findMany({ include: { regulation: { select: { shortTitle: true } } } }),
    db.case.findMany(),
  ]);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`DELETE FROM "SearchIndex"`;
    for (const l of lessons) {
      const v = l.publishedVersion;
      if (v) await indexDocument({ kind: "lesson", ref: `${l.course.slug}/${l.slug}`, title: v.title, body: `${v.summary} ${toPlainText(v.source)}` }, tx);
    }
    for (const a of articles) await indexDocument({ kind: "article", ref: a.id, title: t.rulesPage.articleTitle(a.regulation.shortTitle, a.label), body: `${a.chapter} ${a.body}` }, tx);
    for (const c of cases) await indexDocument({ kind: "case", ref: c.slug, title: c.title, body: `${c.summary} ${toPlainText(c.source)} ${c.outcome}` }, tx);
  });
}

async function syncRules(content: LoadedContent, report: SyncReport) {
  for (const [i, reg] of content.regulations.entries()) {
    const existing = await db.regulation.findUnique({ where: { slug: reg.slug }, select: { sourceHash: true } });
    if (existing?.sourceHash === reg.sourceHash) continue;
    await db.$transaction(async (tx) => {
      const data = { title: reg.title, shortTitle: reg.shortTitle, issuer: reg.issuer, effective: reg.effective, summary: reg.summary, sortOrder: i, sourceHash: reg.sourceHash };
      await tx.regulation.upsert({ where: { slug: reg.slug }, create: { slug: reg.slug, ...data }, update: data });
      await tx.article.deleteMany({ where: { regulationSlug: reg.slug } });
      await tx.article.createMany({ data: reg.articles.map((a) => ({ ...a, regulationSlug: reg.slug })) });
      await removeKind("article", `${reg.slug}:`, tx);
      for (const a of reg.articles) {
        await indexDocument({ kind: "article", ref: a.id, title: t.rulesPage.articleTitle(reg.shortTitle, a.label), body: `${a.chapter} ${a.body}` }, tx);
      }
    });
    report.regulations++;
  }
  for (const [i, c] of content.cases.entries()) {
    const existing = await db.case.findUnique({ where: { slug: c.slug }, select: { contentHash: true } });
    if (existing?.contentHash === c.sourceHash) continue;
    await ensureCompiled(c.source);
    const data = {
      title: c.title,
      summary: c.summary,
      discipline: c.discipline,
      outcome: c.outcome,
      year: c.year,
      tagsJson: JSON.stringify(c.tags),
      articlesJson: JSON.stringify(c.articles),
      source: c.source,
      contentHash: c.sourceHash,
      sortOrder: i,
    };
    await db.$transaction(async (tx) => {
      await tx.case.upsert({ where: { slug: c.slug }, create: { slug: c.slug, ...data }, update: data });
      await indexDocument({ kind: "case", ref: c.slug, title: c.title, body: `${c.summary} ${toPlainText(c.source)} ${c.outcome}` }, tx);
    });
    report.cases++;
  }
}

async function syncQuestions(content: LoadedContent, report: SyncReport) {
  for (const bank of content.banks) {
    await db.questionBank.upsert({ where: { slug: bank.slug }, create: { slug: bank.slug, title: bank.title }, update: { title: bank.title } });
    for (const q of bank.questions) {
      const { line, ...body } = q;
      const hash = sha256(JSON.stringify(body));
      const existing = await db.question.findUnique({ where: { id: q.id }, include: { currentVersion: { select: { origin: true } } } });
      if (existing?.sourceHash === hash) {
        report.questions.unchanged++;
        continue;
      }
      // A question a trainer changed in the browser is not overwritten by a file change.
      if (existing?.currentVersion && existing.currentVersion.origin !== "file" && existing.sourceHash) {
        report.problems.push({ file: `questions/${bank.slug}.yaml`, line, column: 1, message: t.contentCheck.questionEditedInBrowser(q.id) });
        continue;
      }
      await db.$transaction(async (tx) => {
        if (!existing) await tx.question.create({ data: { id: q.id, bankSlug: bank.slug } });
        await addQuestionVersion(tx, body, { origin: "file", note: t.author.notes.sync });
        await tx.question.update({ where: { id: q.id }, data: { bankSlug: bank.slug, status: "active", sourceHash: hash } });
      });
      if (existing) report.questions.updated++;
      else report.questions.created++;
    }
  }
}

async function syncLessons(content: LoadedContent, report: SyncReport) {
  const seenPaths = new Set<string>(content.lessonFiles);
  for (const course of content.courses) {
    const c = await db.course.upsert({
      where: { slug: course.slug },
      create: { slug: course.slug, classroom: course.classroom, title: course.title, summary: course.summary, sortOrder: course.order, origin: "file" },
      update: { classroom: course.classroom, title: course.title, summary: course.summary, sortOrder: course.order, status: "published" },
    });
    for (const lesson of course.lessons) {
      seenPaths.add(lesson.file);
      const existing = await db.lesson.findUnique({ where: { sourcePath: lesson.file }, include: { publishedVersion: true } });
      if (existing && existing.sourceHash === lesson.sourceHash && existing.status === "published") {
        report.lessons.unchanged++;
        continue;
      }
      const hash = await ensureCompiled(lesson.source);
      const fm = lesson.frontmatter;
      await db.$transaction(async (tx) => {
        const row =
          existing ??
          (await tx.lesson.findUnique({ where: { courseId_slug: { courseId: c.id, slug: lesson.slug } }, include: { publishedVersion: true } })) ??
          (await tx.lesson.create({
            data: { courseId: c.id, slug: lesson.slug, sortOrder: lesson.order, title: fm.title, sourcePath: lesson.file },
            include: { publishedVersion: true },
          }));
        const count = await tx.lessonVersion.count({ where: { lessonId: row.id } });
        // A trainer's browser edit published after the last file sync must not be overwritten.
        const browserEdited = row.publishedVersion && row.publishedVersion.origin !== "file";
        const status = browserEdited ? "draft" : "published";
        const version = await tx.lessonVersion.create({
          data: {
            lessonId: row.id,
            number: count + 1,
            status,
            origin: "file",
            source: lesson.source,
            title: fm.title,
            summary: fm.summary ?? "",
            minutes: fm.minutes ?? null,
            tagsJson: JSON.stringify(fm.tags ?? []),
            contentHash: hash,
            note: browserEdited ? t.author.notes.fileConflict : t.author.notes.sync,
          },
        });
        if (!browserEdited && row.publishedVersionId) {
          await tx.lessonVersion.update({ where: { id: row.publishedVersionId }, data: { status: "superseded" } });
        }
        await tx.lesson.update({
          where: { id: row.id },
          data: {
            sourcePath: lesson.file,
            sourceHash: lesson.sourceHash,
            sortOrder: lesson.order,
            status: "published",
            ...(browserEdited ? {} : { publishedVersionId: version.id, title: fm.title }),
          },
        });
        if (!browserEdited) {
          await indexDocument({ kind: "lesson", ref: `${course.slug}/${lesson.slug}`, title: fm.title, body: `${fm.summary ?? ""} ${toPlainText(lesson.source)}` }, tx);
        }
      });
      if (!existing) report.lessons.created++;
      else if (row_isDraft(existing)) report.lessons.drafted++;
      else report.lessons.updated++;
    }
  }
  const gone = await db.lesson.findMany({
    where: { sourcePath: { not: null }, status: "published" },
    select: { id: true, slug: true, sourcePath: true, course: { select: { slug: true } } },
  });
  for (const l of gone) {
    if (l.sourcePath && !seenPaths.has(l.sourcePath)) {
      await db.$transaction(async (tx) => {
        await tx.lesson.update({ where: { id: l.id }, data: { status: "archived" } });
        await removeDocument("lesson", `${l.course.slug}/${l.slug}`, tx);
      });
      report.lessons.archived++;
    }
  }
}

function row_isDraft(existing: { publishedVersion: { origin: string } | null }): boolean {
  return Boolean(existing.publishedVersion && existing.publishedVersion.origin !== "file");
}
