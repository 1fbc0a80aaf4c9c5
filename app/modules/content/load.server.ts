// Reads the curriculum under content/ into plain, validated structures with located problems.
// Used by start-up sync and by `npm run content:check`. No database access here.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { z } from "zod";
import { t } from "#app/lib/strings.ts";
import { bankSchema, questionSchema, type QuestionInput } from "#app/modules/assessment/question-format.ts";
import { parseChineseNumber } from "./chinese-numerals.ts";
import { checkFrontmatter, checkLesson, checkReferences, splitFrontmatter, type LessonFrontmatter } from "./lesson-format.ts";
import { validateMdxBody, type Problem } from "./validate.ts";

import { CLASSROOMS, DISCIPLINES, type Classroom, type Discipline } from "./classrooms.ts";

export { CLASSROOMS, DISCIPLINES, type Classroom, type Discipline } from "./classrooms.ts";

export type FileProblem = Problem & { file: string };

export type LoadedLesson = {
  file: string;
  slug: string;
  order: number;
  source: string;
  sourceHash: string;
  frontmatter: LessonFrontmatter;
  /** Unchanged since it was validated and stored: not parsed again. */
  trusted?: boolean;
};
export type LoadedCourse = { classroom: Classroom; slug: string; title: string; summary: string; order: number; lessons: LoadedLesson[] };
export type LoadedArticle = { id: string; number: number; label: string; chapter: string; discipline: Discipline | null; body: string };
export type LoadedRegulation = {
  slug: string;
  title: string;
  shortTitle: string;
  issuer: string;
  effective: string;
  summary: string;
  sourceHash: string;
  articles: LoadedArticle[];
};
export type LoadedCase = {
  slug: string;
  title: string;
  summary: string;
  discipline: Discipline;
  articles: string[];
  outcome: string;
  year: number;
  tags: string[];
  source: string;
  sourceHash: string;
};
export type LoadedBank = { slug: string; title: string; questions: (QuestionInput & { line: number })[] };

export type LoadedContent = {
  courses: LoadedCourse[];
  regulations: LoadedRegulation[];
  cases: LoadedCase[];
  banks: LoadedBank[];
  /** Every lesson file present, valid or not: sync archives only lessons whose file is gone. */
  lessonFiles: string[];
  problems: FileProblem[];
};

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

export function sha256(text: string): string {
  return crypto.createHash("sha256").update(text).digest("hex");
}

const courseMeta = z
  .object({
    title: z.string().trim().min(1),
    summary: z.string().trim().default(""),
    order: z.number().int().default(0),
  })
  .strict();

const regulationMeta = z
  .object({
    title: z.string().trim().min(1),
    shortTitle: z.string().trim().min(1),
    issuer: z.string().trim().default(""),
    effective: z.union([z.string(), z.number()]).transform(String).default(""),
    summary: z.string().trim().default(""),
    disciplines: z.partialRecord(z.enum(DISCIPLINES), z.string().min(1)).optional(),
  })
  .strict();

const caseMeta = z
  .object({
    title: z.string().trim().min(1),
    summary: z.string().trim().min(1),
    discipline: z.enum(DISCIPLINES, { error: t.contentCheck.disciplineOneOf(DISCIPLINES) }),
    articles: z.array(z.string().min(1)).min(1, t.contentCheck.caseNeedsArticle),
    outcome: z.string().trim().min(1),
    year: z.number().int().min(1921).max(2100),
    tags: z.array(z.string()).default([]),
  })
  .strict();

function rel(root: string, file: string) {
  return path.relative(path.dirname(root), file) || file;
}

function listFiles(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * `trusted` holds "path\0hash" of lesson files already validated and stored unchanged: those are not parsed
 * again, which keeps start-up with an unchanged curriculum cheap.
 */
export function loadContent(root: string, options: { trusted?: ReadonlySet<string> } = {}): LoadedContent {
  const problems: FileProblem[] = [];
  const add = (file: string, list: Problem[]) => problems.push(...list.map((p) => ({ ...p, file: rel(root, file) })));

  const courses: LoadedCourse[] = [];
  const lessonFiles: string[] = [];
  for (const classroom of CLASSROOMS) {
    const dir = path.join(root, classroom);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      const courseDir = path.join(dir, entry);
      const metaFile = path.join(courseDir, "course.yaml");
      if (!SLUG.test(entry)) add(courseDir, [{ line: 1, column: 1, message: t.contentCheck.courseDirName(entry) }]);
      if (!fs.existsSync(metaFile)) {
        add(metaFile, [{ line: 1, column: 1, message: t.contentCheck.courseYamlMissing }]);
        continue;
      }
      const meta = parseYamlFile(metaFile, courseMeta, add);
      if (!meta) continue;
      const lessons: LoadedLesson[] = [];
      for (const file of listFiles(courseDir, ".mdx")) {
        lessonFiles.push(rel(root, file));
        const m = path.basename(file, ".mdx").match(/^(\d+)-([a-z0-9][a-z0-9-]*)$/);
        if (!m) {
          add(file, [{ line: 1, column: 1, message: t.contentCheck.lessonFileName }]);
          continue;
        }
        const source = fs.readFileSync(file, "utf8");
        const hash = sha256(source);
        if (options.trusted?.has(`${rel(root, file)}\0${hash}`)) {
          lessons.push({ file: rel(root, file), slug: m[2]!, order: Number(m[1]), source, sourceHash: hash, frontmatter: { title: "" }, trusted: true });
          continue;
        }
        const check = checkLesson(source);
        add(file, check.problems);
        if (check.frontmatter && check.problems.length === 0) {
          lessons.push({ file: rel(root, file), slug: m[2]!, order: Number(m[1]), source, sourceHash: hash, frontmatter: check.frontmatter });
        }
      }
      courses.push({ classroom, slug: entry, title: meta.title, summary: meta.summary, order: meta.order, lessons });
    }
  }

  const regulations: LoadedRegulation[] = [];
  for (const file of listFiles(path.join(root, "rules"), ".mdx")) {
    const slug = path.basename(file, ".mdx");
    const source = fs.readFileSync(file, "utf8");
    const fm = checkFrontmatter(source, regulationMeta);
    add(file, fm.problems);
    add(file, validateMdxBody(source));
    if (!fm.data) continue;
    const parsed = parseRegulationBody(source, slug, fm.data.disciplines ?? {});
    add(file, parsed.problems);
    regulations.push({
      slug,
      title: fm.data.title,
      shortTitle: fm.data.shortTitle,
      issuer: fm.data.issuer,
      effective: fm.data.effective,
      summary: fm.data.summary,
      sourceHash: sha256(source),
      articles: parsed.articles,
    });
  }

  const cases: LoadedCase[] = [];
  for (const file of listFiles(path.join(root, "cases"), ".mdx")) {
    const slug = path.basename(file, ".mdx");
    const source = fs.readFileSync(file, "utf8");
    const fm = checkFrontmatter(source, caseMeta);
    add(file, fm.problems);
    const body = validateMdxBody(source);
    add(file, body);
    if (!fm.data || body.length > 0) continue;
    cases.push({ slug, ...fm.data, source, sourceHash: sha256(source) });
  }

  const banks: LoadedBank[] = [];
  for (const file of listFiles(path.join(root, "questions"), ".yaml")) {
    const bank = loadBankFile(file, add);
    if (bank) banks.push(bank);
  }

  // Cross-references.
  const articleIds = new Set(regulations.flatMap((r) => r.articles.map((a) => a.id)));
  const caseSlugs = new Set(cases.map((c) => c.slug));
  const questionIds = new Set<string>();
  for (const bank of banks) {
    for (const q of bank.questions) {
      const file = path.join(root, "questions", `${bank.slug}.yaml`);
      if (questionIds.has(q.id)) add(file, [{ line: q.line, column: 1, message: t.contentCheck.questionDuplicate(q.id) }]);
      questionIds.add(q.id);
    }
  }
  const known = { articles: articleIds, cases: caseSlugs, questions: questionIds };
  for (const course of courses) {
    for (const lesson of course.lessons) {
      if (lesson.trusted) continue;
      const file = path.join(path.dirname(root), lesson.file);
      add(file, checkReferences(lesson.source, known));
    }
  }
  for (const c of cases) {
    const file = path.join(root, "cases", `${c.slug}.mdx`);
    for (const id of c.articles) if (!articleIds.has(id)) add(file, [{ line: 1, column: 1, message: t.contentCheck.caseArticleMissing(id) }]);
    add(file, checkReferences(c.source, known));
  }
  for (const bank of banks) {
    const file = path.join(root, "questions", `${bank.slug}.yaml`);
    for (const q of bank.questions) {
      if (q.source.article && !articleIds.has(q.source.article)) add(file, [{ line: q.line, column: 1, message: t.contentCheck.questionArticleMissing(q.id, q.source.article) }]);
      if (q.source.case && !caseSlugs.has(q.source.case)) add(file, [{ line: q.line, column: 1, message: t.contentCheck.questionCaseMissing(q.id, q.source.case) }]);
    }
  }

  courses.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  return { courses, regulations, cases, banks, lessonFiles, problems };
}

function parseYamlFile<T>(file: string, schema: z.ZodType<T>, add: (file: string, p: Problem[]) => void): T | null {
  try {
    const raw = yaml.load(fs.readFileSync(file, "utf8"), { schema: yaml.JSON_SCHEMA });
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    add(file, parsed.error.issues.map((i) => ({ line: 1, column: 1, message: t.contentCheck.fileIssue(i.path.join("."), i.message) })));
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    add(file, [{ line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1, message: t.contentCheck.yamlError((error as Error).message.split("\n")[0]) }]);
  }
  return null;
}

export function loadBankFile(file: string, add: (file: string, p: Problem[]) => void): LoadedBank | null {
  const slug = path.basename(file, ".yaml");
  const text = fs.readFileSync(file, "utf8");
  return parseBank(slug, text, (p) => add(file, p));
}

/** Parses a YAML question bank; each problem is located at the line of the question's `- id:`. */
export function parseBank(slug: string, text: string, report: (p: Problem[]) => void): LoadedBank | null {
  let raw: unknown;
  try {
    raw = yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    report([{ line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1, message: t.contentCheck.yamlError((error as Error).message.split("\n")[0]) }]);
    return null;
  }
  const bank = bankSchema.safeParse(raw);
  if (!bank.success) {
    report(bank.error.issues.map((i) => ({ line: 1, column: 1, message: t.contentCheck.bankIssue(i.path.join("."), i.message) })));
    return null;
  }
  const lines = text.split("\n");
  const starts = lines.map((l, i) => (/^\s*-\s+id:/.test(l) ? i + 1 : 0)).filter(Boolean);
  const questions: (QuestionInput & { line: number })[] = [];
  const problems: Problem[] = [];
  bank.data.questions.forEach((q, index) => {
    const line = starts[index] ?? 1;
    const parsed = questionSchema.safeParse(q);
    if (parsed.success) questions.push({ ...parsed.data, line });
    else {
      const id = (q as { id?: string })?.id ?? t.contentCheck.questionNumber(index + 1);
      for (const i of parsed.error.issues) problems.push({ line, column: 1, message: t.contentCheck.questionIssue(id, i.path.join("."), i.message) });
    }
  });
  report(problems);
  return problems.length > 0 ? { slug, title: bank.data.title, questions } : { slug, title: bank.data.title, questions };
}

/** Splits a regulation's body into chapters (## …) and articles (### 第N条). */
export function parseRegulationBody(
  source: string,
  slug: string,
  disciplineChapters: Partial<Record<Discipline, string>>,
): { articles: LoadedArticle[]; problems: Problem[] } {
  const { bodyLineOffset } = splitFrontmatter(source);
  const lines = source.split("\n");
  const articles: LoadedArticle[] = [];
  const problems: Problem[] = [];
  let chapter = "";
  let current: LoadedArticle | null = null;
  const body: string[] = [];
  const flush = () => {
    if (current) {
      current.body = body.join("\n").trim();
      if (!current.body) problems.push({ line: 1, column: 1, message: t.contentCheck.articleEmpty(current.label) });
      articles.push(current);
    }
    body.length = 0;
  };
  const disciplineOf = (ch: string): Discipline | null => {
    for (const [d, prefix] of Object.entries(disciplineChapters)) if (prefix && ch.startsWith(prefix)) return d as Discipline;
    return null;
  };
  for (let i = bodyLineOffset; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^##\s+/.test(line) && !/^###/.test(line)) {
      flush();
      current = null;
      chapter = line.replace(/^##\s+/, "").trim();
      continue;
    }
    const m = line.match(/^###\s+(.*)$/);
    if (m) {
      flush();
      const label = m[1]!.trim();
      const num = label.match(/^第(.+)条$/);
      const n = num ? parseChineseNumber(num[1]!) : null;
      if (n === null) {
        problems.push({ line: i + 1, column: 1, message: t.contentCheck.articleHeading(label) });
        current = null;
        continue;
      }
      if (articles.some((a) => a.number === n) || (current as LoadedArticle | null)?.number === n) {
        problems.push({ line: i + 1, column: 1, message: t.contentCheck.articleDuplicate(label) });
      }
      current = { id: `${slug}:${n}`, number: n, label, chapter, discipline: disciplineOf(chapter), body: "" };
      continue;
    }
    if (current) body.push(line);
  }
  flush();
  if (articles.length === 0) problems.push({ line: 1, column: 1, message: t.contentCheck.noArticles });
  return { articles, problems };
}
