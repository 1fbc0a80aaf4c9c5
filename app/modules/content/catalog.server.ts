// Reading the published curriculum: classrooms, courses, lessons, rules and cases.
import { db } from "#app/lib/db.server.ts";
import { publicQuestions } from "#app/modules/assessment/practice.server.ts";
import { collectReferences } from "./lesson-format.ts";
import { contentHash, getCompiled } from "./compile.server.ts";
import { createCache } from "#app/lib/cache.server.ts";

/** References of a published version never change: parse its source once, not on every request. */
const referencesByVersion = createCache<string, ReturnType<typeof collectReferences>["refs"]>({ ttlMs: Infinity, maxEntries: 2000 });
const referencesOf = (versionId: string, source: string) => referencesByVersion.getOrLoad(versionId, () => collectReferences(source).refs);

export async function listCourses() {
  return db.course.findMany({
    where: { status: "published" },
    orderBy: [{ classroom: "asc" }, { sortOrder: "asc" }, { slug: "asc" }],
    include: {
      lessons: {
        where: { status: "published", publishedVersionId: { not: null } },
        orderBy: { sortOrder: "asc" },
        select: { id: true, slug: true, title: true, publishedVersion: { select: { minutes: true, summary: true } } },
      },
    },
  });
}

/**
 * Lesson pages are read far more often than they change: the assembled page data is kept for a
 * minute, shared by concurrent readers, and dropped whenever anything is published, synced or
 * archived, or a question changes (`changed("curriculum")`, `changed("questions")`).
 */
const lessonPages = createCache<string, ReturnType<typeof loadLessonPage>>({ ttlMs: 60_000, maxEntries: 1000, topics: ["curriculum", "questions"] });

export function getLessonPage(courseSlug: string, lessonSlug: string) {
  return lessonPages.getOrLoad(`${courseSlug}/${lessonSlug}`, () => loadLessonPage(courseSlug, lessonSlug));
}

async function loadLessonPage(courseSlug: string, lessonSlug: string) {
  const course = await db.course.findUnique({
    where: { slug: courseSlug },
    include: { lessons: { where: { status: "published" }, orderBy: { sortOrder: "asc" }, select: { id: true, slug: true, title: true } } },
  });
  if (!course || course.status !== "published") return null;
  const lesson = await db.lesson.findUnique({
    where: { courseId_slug: { courseId: course.id, slug: lessonSlug } },
    include: { publishedVersion: true },
  });
  const version = lesson?.publishedVersion;
  if (!lesson || lesson.status !== "published" || !version) return null;
  const compiled = await getCompiled(version.contentHash);
  const index = course.lessons.findIndex((l) => l.id === lesson.id);
  const refs = referencesOf(version.id, version.source);
  return {
    course: { slug: course.slug, title: course.title, classroom: course.classroom },
    lesson: {
      id: lesson.id,
      slug: lesson.slug,
      title: version.title,
      summary: version.summary,
      minutes: version.minutes,
      tags: JSON.parse(version.tagsJson) as string[],
      versionNumber: version.number,
    },
    compiled,
    prev: index > 0 ? course.lessons[index - 1]! : null,
    next: index >= 0 && index < course.lessons.length - 1 ? course.lessons[index + 1]! : null,
    refs: await resolveReferences(refs),
  };
}

export async function resolveReferences(refs: { articles: string[]; cases: string[]; questions: string[] }) {
  const [articles, cases, questions] = await Promise.all([
    db.article.findMany({ where: { id: { in: refs.articles } }, include: { regulation: { select: { shortTitle: true, slug: true } } } }),
    db.case.findMany({ where: { slug: { in: refs.cases } }, select: { slug: true, title: true, summary: true } }),
    publicQuestions(refs.questions),
  ]);
  return {
    articles: Object.fromEntries(
      articles.map((a) => [a.id, { id: a.id, label: a.label, regulation: a.regulation.shortTitle, regulationSlug: a.regulation.slug, body: a.body }]),
    ),
    cases: Object.fromEntries(cases.map((c) => [c.slug, c])),
    questions,
  };
}

export async function listRegulations() {
  return db.regulation.findMany({ orderBy: { sortOrder: "asc" }, include: { _count: { select: { articles: true } } } });
}

export async function getRegulation(slug: string) {
  return db.regulation.findUnique({ where: { slug }, include: { articles: { orderBy: { number: "asc" } } } });
}

export async function listCases() {
  return db.case.findMany({ orderBy: [{ sortOrder: "asc" }], select: { slug: true, title: true, summary: true, discipline: true, year: true, outcome: true } });
}

export async function getCasePage(slug: string) {
  const c = await db.case.findUnique({ where: { slug } });
  if (!c) return null;
  const articleIds = JSON.parse(c.articlesJson) as string[];
  const refs = collectReferences(c.source).refs;
  const compiled = await getCompiled(contentHash(c.source));
  const broken = await db.article.findMany({ where: { id: { in: articleIds } }, include: { regulation: { select: { shortTitle: true, slug: true } } } });
  return {
    case: { slug: c.slug, title: c.title, summary: c.summary, discipline: c.discipline, outcome: c.outcome, year: c.year, tags: JSON.parse(c.tagsJson) as string[] },
    compiled,
    brokenArticles: articleIds
      .map((id) => broken.find((a) => a.id === id))
      .filter((a) => a !== undefined)
      .map((a) => ({ id: a.id, label: a.label, regulation: a.regulation.shortTitle, regulationSlug: a.regulation.slug, body: a.body, chapter: a.chapter })),
    refs: await resolveReferences({ ...refs, articles: [...refs.articles] }),
  };
}
