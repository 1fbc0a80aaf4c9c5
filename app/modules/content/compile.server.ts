// Compiles validated MDX with mdx-bundler, one compile at a time (esbuild is memory-hungry), and
// caches the result in the database keyed by the hash of the source and compiler version.
// A page request never compiles: it reads the cache (see getCompiled).
import crypto from "node:crypto";
import yaml from "js-yaml";
import { bundleMDX } from "mdx-bundler";
import rehypeSlug from "rehype-slug";
import remarkGfm from "remark-gfm";
import { visit } from "unist-util-visit";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { splitFrontmatter } from "./lesson-format.ts";
import { validateMdxBody } from "./validate.ts";

/** Bump when the pipeline changes so cached code is rebuilt. */
export const COMPILER_VERSION = "mdx-2";

export type TocEntry = { depth: number; id: string; text: string };
export type Compiled = { hash: string; code: string; toc: TocEntry[] };

export function contentHash(source: string): string {
  return crypto.createHash("sha256").update(COMPILER_VERSION).update("\0").update(source).digest("hex");
}

let queue: Promise<unknown> = Promise.resolve();
function serially<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}

/** Compiles the body of an MDX document (frontmatter is stripped), after validating it again. */
export async function compileMdx(source: string): Promise<{ code: string; toc: TocEntry[] }> {
  const problems = validateMdxBody(source);
  if (problems.length > 0) {
    const p = problems[0]!;
    throw new Error(`${p.line}:${p.column} ${p.message}`);
  }
  const { bodyLineOffset } = splitFrontmatter(source);
  const body = source.split("\n").slice(bodyLineOffset).join("\n");
  const toc: TocEntry[] = [];
  const collectToc = () => (tree: unknown) => {
    visit(tree as never, "element", (node: { tagName: string; properties?: { id?: string }; children: unknown[] }) => {
      if ((node.tagName === "h2" || node.tagName === "h3") && node.properties?.id) {
        toc.push({ depth: Number(node.tagName[1]), id: String(node.properties.id), text: textOf(node) });
      }
    });
  };
  const result = await serially(() => bundleSafely(body, collectToc));
  return { code: result.code, toc };
}

/**
 * gray-matter, inside mdx-bundler, reads a leading `---js` block by evaluating it. Authored text never
 * reaches an evaluator: the body handed over starts with a newline (gray-matter only looks at the very
 * start), its delimiter is one no text contains, and every engine but a safe YAML one throws.
 */
const refuse = () => {
  throw new Error(t.contentCheck.secondFrontmatter);
};
const SAFE_MATTER = {
  delimiters: "\u0000qingfeng-no-frontmatter\u0000",
  language: "yaml",
  engines: {
    yaml: { parse: (text: string) => yaml.load(text, { schema: yaml.JSON_SCHEMA }) as object, stringify: refuse },
    javascript: { parse: refuse, stringify: refuse },
    js: { parse: refuse, stringify: refuse },
    coffee: { parse: refuse, stringify: refuse },
    coffeescript: { parse: refuse, stringify: refuse },
    cson: { parse: refuse, stringify: refuse },
    json: { parse: refuse, stringify: refuse },
    toml: { parse: refuse, stringify: refuse },
  },
};

/** Bundles a validated MDX body with front matter reading turned off (exported for the trust test). */
export async function bundleSafely(body: string, collectToc: () => (tree: unknown) => void = () => () => undefined) {
  return bundleMDX({
      source: `\n${body}`,
      grayMatterOptions: (options) => Object.assign(options, SAFE_MATTER),
      // UTF-8 output keeps Chinese text at 3 bytes a character instead of 6-byte \u escapes.
      esbuildOptions(options) {
        options.charset = "utf8";
        options.minify = true;
        return options;
      },
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
        options.rehypePlugins = [...(options.rehypePlugins ?? []), rehypeSlug, collectToc];
        return options;
      },
    });
}

function textOf(node: unknown): string {
  const n = node as { type?: string; value?: string; children?: unknown[] };
  if (n.type === "text") return n.value ?? "";
  return (n.children ?? []).map(textOf).join("");
}

/** Compiles unless the cache already holds this source; returns the cache key. */
export async function ensureCompiled(source: string): Promise<string> {
  const hash = contentHash(source);
  const existing = await db.compiledMdx.findUnique({ where: { hash }, select: { hash: true } });
  if (existing) return hash;
  const { code, toc } = await compileMdx(source);
  await db.compiledMdx.upsert({ where: { hash }, create: { hash, code, tocJson: JSON.stringify(toc) }, update: {} });
  return hash;
}

const memory = new Map<string, Compiled>();
const MEMORY_LIMIT = 500;

/** Keeps an editor preview in memory only (never in the database cache) so /mdx/<hash>.js can serve it. */
export function rememberPreview(hash: string, compiled: { code: string; toc: TocEntry[] }) {
  if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
  memory.set(hash, { hash, ...compiled });
}

/** Reads compiled code from memory or the database; never compiles. */
export async function getCompiled(hash: string): Promise<Compiled | null> {
  const hit = memory.get(hash);
  if (hit) return hit;
  const row = await db.compiledMdx.findUnique({ where: { hash } });
  if (!row || typeof row.code !== "string" || !row.code.includes("return")) return null;
  let toc: TocEntry[] = [];
  try {
    const parsed = JSON.parse(row.tocJson);
    if (Array.isArray(parsed)) toc = parsed;
  } catch {
    // A malformed cache row still renders, without a table of contents.
  }
  const compiled = { hash, code: row.code, toc };
  if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
  memory.set(hash, compiled);
  return compiled;
}
