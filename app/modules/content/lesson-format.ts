// The lesson file format: YAML frontmatter validated with Zod, then a safe MDX body.
// Pure: shared by sync, the editor's live check and `npm run content:check`.
import yaml from "js-yaml";
import { visit } from "unist-util-visit";
import { z } from "zod";
import { t } from "#app/lib/strings.ts";
import { markupLimitProblem, parseMdx, validateMdxBody, type Problem } from "./validate.ts";

export const lessonFrontmatter = z
  .object({
    title: z.string({ error: t.contentCheck.titleMissing }).trim().min(1, t.contentCheck.titleEmpty).max(100, t.contentCheck.titleTooLong),
    summary: z.string().trim().max(300, t.contentCheck.summaryTooLong).optional(),
    minutes: z.number({ error: t.contentCheck.minutesNumber }).int(t.contentCheck.minutesInteger).min(1).max(600).optional(),
    tags: z.array(z.string().trim().min(1).max(30), { error: t.contentCheck.tagsList }).max(20).optional(),
    /** Minimum active reading time in seconds before the lesson can complete (only where a trainer sets one). */
    minActiveSeconds: z.number().int().min(0).max(36000).optional(),
  })
  .strict();

export type LessonFrontmatter = z.infer<typeof lessonFrontmatter>;

export type References = { articles: string[]; cases: string[]; questions: string[]; videos: string[] };

export type KnownIds = { articles: ReadonlySet<string>; cases: ReadonlySet<string>; questions: ReadonlySet<string> };

export type LessonCheck = { problems: Problem[]; frontmatter: LessonFrontmatter | null; refs: References };

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;

export function splitFrontmatter(source: string): { yaml: string | null; bodyLineOffset: number } {
  const m = source.match(FRONTMATTER);
  if (!m) return { yaml: null, bodyLineOffset: 0 };
  return { yaml: m[1] ?? "", bodyLineOffset: m[0].split("\n").length - 1 };
}

export function checkFrontmatter<T>(source: string, schema: z.ZodType<T>): { data: T | null; problems: Problem[] } {
  const { yaml: text } = splitFrontmatter(source);
  if (text === null) return { data: null, problems: [{ line: 1, column: 1, message: t.contentCheck.frontmatterMissing }] };
  let raw: unknown;
  try {
    raw = yaml.load(text, { schema: yaml.JSON_SCHEMA }) ?? {};
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    return {
      data: null,
      problems: [{ line: (mark?.line ?? 0) + 2, column: (mark?.column ?? 0) + 1, message: t.contentCheck.frontmatterYaml((error as Error).message.split("\n")[0]) }],
    };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data, problems: [] };
  const lines = text.split("\n");
  return {
    data: null,
    problems: parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "");
      const index = key ? lines.findIndex((l) => l.startsWith(`${key}:`)) : -1;
      const message =
        issue.code === "unrecognized_keys"
          ? t.contentCheck.frontmatterUnknownKeys(issue.keys)
          : t.contentCheck.frontmatterIssue(key, issue.message);
      return { line: index >= 0 ? index + 2 : 1, column: 1, message };
    }),
  };
}

export function collectReferences(source: string): {
  refs: References;
  located: { kind: keyof References; id: string; line: number; column: number }[];
  /** The question ids of each <KnowledgeCheck>, one list per check, in page order. */
  checks: string[][];
} {
  const refs: References = { articles: [], cases: [], questions: [], videos: [] };
  const checks: string[][] = [];
  const located: { kind: keyof References; id: string; line: number; column: number }[] = [];
  // Markup beyond the parser's bounds is refused by validateMdxBody and never parsed (issue 13 #11).
  if (markupLimitProblem(source)) return { refs, located, checks };
  const { tree } = parseMdx(source);
  if (!tree) return { refs, located, checks };
  visit(tree, (node) => {
    const n = node as unknown as { type: string; name?: string; attributes?: { type: string; name?: string; value?: unknown }[]; position?: { start: { line: number; column: number } } };
    if (n.type !== "mdxJsxFlowElement" && n.type !== "mdxJsxTextElement") return;
    const attr = (name: string) => {
      const a = n.attributes?.find((x) => x.type === "mdxJsxAttribute" && x.name === name);
      return typeof a?.value === "string" ? a.value : null;
    };
    const push = (kind: keyof References, id: string) => {
      refs[kind].push(id);
      located.push({ kind, id, line: n.position?.start.line ?? 1, column: n.position?.start.column ?? 1 });
    };
    if (n.name === "CiteArticle" && attr("id")) push("articles", attr("id")!);
    if (n.name === "CiteCase" && attr("slug")) push("cases", attr("slug")!);
    if (n.name === "Video" && attr("src")) push("videos", attr("src")!);
    if (n.name === "KnowledgeCheck" && attr("questions")) {
      const ids = attr("questions")!.split(/[\s,]+/).filter(Boolean);
      for (const id of ids) push("questions", id);
      checks.push(ids);
    }
  });
  return { refs, located, checks };
}

const KIND_LABEL: Record<keyof References, string> = t.contentCheck.refKinds;

export function checkReferences(source: string, known: KnownIds): Problem[] {
  const { located } = collectReferences(source);
  const problems: Problem[] = [];
  for (const ref of located) {
    if (ref.kind === "videos") continue;
    if (!known[ref.kind].has(ref.id)) {
      problems.push({ line: ref.line, column: ref.column, message: t.contentCheck.refMissing(KIND_LABEL[ref.kind], ref.id) });
    }
  }
  return problems;
}

/** Full check of a lesson source: frontmatter, safe body, and (when known ids are given) references. */
export function checkLesson(source: string, known?: KnownIds): LessonCheck {
  const fm = checkFrontmatter(source, lessonFrontmatter);
  const body = validateMdxBody(source);
  const refs = collectReferences(source).refs;
  const problems = [...fm.problems, ...body, ...(known && body.length === 0 ? checkReferences(source, known) : [])];
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { problems, frontmatter: fm.data, refs };
}
