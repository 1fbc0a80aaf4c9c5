// Compiles validated MDX with mdx-bundler, one compile at a time (esbuild is memory-hungry), and
// caches the result in the database keyed by the hash of the source and compiler version.
// A page request never compiles: it reads the cache (see getCompiled).
import crypto from "node:crypto";
import { Worker } from "node:worker_threads";
import { createCache } from "#app/lib/cache.server.ts";
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
  return serially(() => bundleSafely(body));
}

// ─── the compile worker ─────────────────────────────────────────────────────
//
// bundleMDX runs in a worker thread, so a compile that takes too long is stopped by terminating the
// thread: a timer on the main thread cannot interrupt a blocked event loop, and a trainer's preview
// once held every other request for 58 s. The worker's code is this string (evaluated as our own
// code, never authored text), so it needs no file of its own in the production build; it loads the
// same packages from node_modules.
//
// gray-matter, inside mdx-bundler, reads a leading `---js` block by evaluating it. Authored text never
// reaches an evaluator: the body handed over starts with a newline (gray-matter only looks at the very
// start), its delimiter is one no text contains, and every engine but a safe YAML one throws.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const loaded = Promise.all([import("mdx-bundler"), import("remark-gfm"), import("rehype-slug"), import("unist-util-visit"), import("js-yaml")]);
const textOf = (n) => (n.type === "text" ? n.value || "" : (n.children || []).map(textOf).join(""));
parentPort.on("message", async ({ id, body, refusal }) => {
  try {
    const [{ bundleMDX }, gfm, slug, { visit }, jsYaml] = await loaded;
    const yaml = jsYaml.default || jsYaml;
    const refuse = () => { throw new Error(refusal); };
    const engines = { yaml: { parse: (text) => yaml.load(text, { schema: yaml.JSON_SCHEMA }), stringify: refuse } };
    for (const name of ["javascript", "js", "coffee", "coffeescript", "cson", "json", "toml"]) engines[name] = { parse: refuse, stringify: refuse };
    const toc = [];
    const collectToc = () => (tree) => {
      visit(tree, "element", (node) => {
        if ((node.tagName === "h2" || node.tagName === "h3") && node.properties && node.properties.id) {
          toc.push({ depth: Number(node.tagName[1]), id: String(node.properties.id), text: textOf(node) });
        }
      });
    };
    const result = await bundleMDX({
      source: "\\n" + body,
      grayMatterOptions: (options) => Object.assign(options, { delimiters: "\\u0000qingfeng-no-frontmatter\\u0000", language: "yaml", engines }),
      // UTF-8 output keeps Chinese text at 3 bytes a character instead of 6-byte \\u escapes.
      esbuildOptions(options) {
        options.charset = "utf8";
        options.minify = true;
        return options;
      },
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins || []), gfm.default];
        options.rehypePlugins = [...(options.rehypePlugins || []), slug.default, collectToc];
        return options;
      },
    });
    parentPort.postMessage({ id, code: result.code, toc });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

/** How long one compile may take before its worker is stopped. */
export const COMPILE_TIMEOUT_MS = 15_000;

let worker: Worker | null = null;
let nextId = 0;

function compileWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 512 } });
  // An idle worker does not keep a script or a test run alive.
  w.unref();
  w.on("error", () => {
    if (worker === w) worker = null;
  });
  w.on("exit", () => {
    if (worker === w) worker = null;
  });
  worker = w;
  return w;
}

/** Bundles a validated MDX body in the worker, front matter reading turned off; stopped after `timeoutMs`. */
export function bundleSafely(body: string, timeoutMs = COMPILE_TIMEOUT_MS): Promise<{ code: string; toc: TocEntry[] }> {
  const w = compileWorker();
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      w.off("message", onMessage);
      w.off("exit", onExit);
    };
    const onMessage = (m: { id: number; code?: string; toc?: TocEntry[]; error?: string }) => {
      if (m.id !== id) return;
      done();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve({ code: m.code ?? "", toc: m.toc ?? [] });
    };
    const onExit = () => {
      done();
      reject(new Error(t.contentCheck.compileFailed));
    };
    const timer = setTimeout(() => {
      done();
      if (worker === w) worker = null;
      void w.terminate();
      reject(new Error(t.contentCheck.compileTimeout(Math.round(timeoutMs / 1000))));
    }, timeoutMs);
    w.on("message", onMessage);
    w.on("exit", onExit);
    w.ref();
    w.postMessage({ id, body, refusal: t.contentCheck.secondFrontmatter });
  }).finally(() => {
    if (worker === w) w.unref();
  }) as Promise<{ code: string; toc: TocEntry[] }>;
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

/** Compiled code by the hash of its source: what a hash names never changes. */
const memory = createCache<string, Compiled>({ ttlMs: Infinity, maxEntries: 500 });

/** Keeps an editor preview in memory only (never in the database cache) so /mdx/<hash>.js can serve it. */
export function rememberPreview(hash: string, compiled: { code: string; toc: TocEntry[] }) {
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
  memory.set(hash, compiled);
  return compiled;
}
