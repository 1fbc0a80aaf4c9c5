// Validation of authored MDX: parses with the same MDX grammar the compiler uses and walks the tree,
// collecting every problem with its line and column. A lesson that passes carries no code: no
// import/export, no expressions, only allow-listed components with literal props, no unsafe URLs.
// Pure (no I/O), so the editor's live check and `npm run content:check` share it.
import type { Root } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { t } from "#app/lib/strings.ts";
import { ALLOWED_COMPONENTS, ALLOWED_HTML, DANGEROUS_TAGS, UNSAFE_URL } from "./mdx-rules.ts";

export type Problem = { line: number; column: number; message: string };

type Point = { line: number; column: number };
type Positioned = { position?: { start: Point } };

const at = (node: Positioned | undefined, message: string): Problem => ({
  line: node?.position?.start.line ?? 1,
  column: node?.position?.start.column ?? 1,
  message,
});

const parser = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]).use(remarkMdx).use(remarkGfm);

export function parseMdx(source: string): { tree: Root | null; problems: Problem[] } {
  try {
    return { tree: parser.parse(source) as Root, problems: [] };
  } catch (error) {
    const e = error as { line?: number; column?: number; place?: { line?: number; column?: number; start?: Point }; reason?: string; message?: string };
    const reason = e.reason ?? e.message ?? "";
    // micromark puts the position in the reason, e.g. "Expected a closing tag for `<KeyPoint>` (3:1-3:11)".
    const inReason = reason.match(/\((\d+):(\d+)(?:-\d+:\d+)?\)/);
    const line = e.line ?? e.place?.line ?? e.place?.start?.line ?? (inReason ? Number(inReason[1]) : 1);
    const column = e.column ?? e.place?.column ?? e.place?.start?.column ?? (inReason ? Number(inReason[2]) : 1);
    const clean = reason.replace(/\s*\(\d+:\d+(?:-\d+:\d+)?\)/, "");
    return { tree: null, problems: [{ line, column, message: t.contentCheck.mdxSyntax(translateSyntaxError(clean)) }] };
  }
}

function translateSyntaxError(reason: string): string {
  if (/Expected a closing tag for `<([^>]+)>`/.test(reason)) {
    const tag = reason.match(/Expected a closing tag for `<([^>]+)>`/)?.[1];
    return t.contentCheck.unclosedTag(tag, tag?.split(" ")[0]);
  }
  if (/Unexpected closing slash|Unexpected closing tag/.test(reason)) return t.contentCheck.strayClosingTag(reason);
  if (/Could not parse expression/.test(reason)) return t.contentCheck.badExpression(reason);
  if (/Unexpected end of file/.test(reason)) return t.contentCheck.unexpectedEnd(reason);
  return reason;
}

/** Literal value of an attribute expression like {3} or {"x"}, or undefined when not a plain literal. */
function literalOf(expression: string): string | number | boolean | null | undefined {
  const s = expression.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s === "true" || s === "false") return s === "true";
  if (s === "null") return null;
  const m = s.match(/^"((?:[^"\\]|\\.)*)"$/) ?? s.match(/^'((?:[^'\\]|\\.)*)'$/);
  if (m) return m[1] ?? "";
  return undefined;
}

type JsxAttr =
  | { type: "mdxJsxAttribute"; name: string; value?: string | null | { type: "mdxJsxAttributeValueExpression"; value: string } }
  | { type: "mdxJsxExpressionAttribute"; value: string };

type JsxNode = Positioned & { type: string; name: string | null; attributes: JsxAttr[]; children: unknown[] };

/**
 * A second front-matter block (`---js`, `---coffee`, even a plain `---`) right after the front matter:
 * front-matter readers such as gray-matter evaluate `---js` blocks as JavaScript, so the body may not
 * open with a fence at all. Returns the problem, or null.
 */
export function secondFrontmatter(source: string): Problem | null {
  const head = source.match(/^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/);
  const lines = source.split("\n");
  let i = head ? head[0].split("\n").length - 1 : 0;
  while (i < lines.length && lines[i]!.trim() === "") i++;
  if (i < lines.length && /^\s{0,3}(-{3,}|\+{3,}|;{3,})/.test(lines[i]!)) return { line: i + 1, column: 1, message: t.contentCheck.secondFrontmatter };
  return null;
}

/** Bounds on a lesson's markup, checked before the parser (issue 13 #11); far above any real lesson. */
export const LESSON_MARKUP_LIMITS = { markersPerParagraph: 400, quoteDepth: 10, containerDepth: 20, tagDepth: 16 };

/**
 * The first place a lesson's markup is beyond what the parser can take, or null. micromark pairs
 * emphasis delimiters quadratically per paragraph (20,000 `*` took 22 s of the event loop to
 * validate and 18 s more to compile), and nesting of `>`, list items and tags recurses once per
 * level. Linear in the length; fenced code is skipped.
 */
export function markupLimitProblem(source: string): Problem | null {
  const L = LESSON_MARKUP_LIMITS;
  const lines = source.split("\n");
  let fence = "";
  let markers = 0;
  let tags = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lead = line.trimStart();
    if (fence) {
      if (lead.startsWith(fence)) fence = "";
      continue;
    }
    if (lead.startsWith("```") || lead.startsWith("~~~")) {
      fence = lead.slice(0, 3);
      continue;
    }
    if (lead === "") {
      markers = 0;
      continue;
    }
    const problem = (message: string, column = 1): Problem => ({ line: i + 1, column, message });
    // Container prefix: indentation (2 columns a level), then `>` and list markers, also on one line.
    let j = 0;
    let indent = 0;
    while (line[j] === " " || line[j] === "\t") indent += line[j++] === "\t" ? 4 : 1;
    let quotes = 0;
    let items = 0;
    for (;;) {
      while (line[j] === " " || line[j] === "\t") j++;
      const c = line[j];
      if (c === ">") {
        quotes++;
        j++;
        continue;
      }
      let k = j;
      while (k - j < 9 && line[k] !== undefined && line[k]! >= "0" && line[k]! <= "9") k++;
      const ordered = k > j && (line[k] === "." || line[k] === ")");
      const bullet = c === "-" || c === "*" || c === "+";
      const end = ordered ? k + 1 : j + 1;
      if ((bullet || ordered) && (line[end] === " " || line[end] === "\t")) {
        items++;
        j = end;
        continue;
      }
      break;
    }
    if (quotes > L.quoteDepth) return problem(t.markdownLimits.quoteTooDeep(L.quoteDepth));
    if (Math.floor(indent / 2) + quotes + items > L.containerDepth) return problem(t.contentCheck.nestingTooDeep(L.containerDepth));
    for (let k = j; k < line.length; k++) {
      const c = line[k];
      if (c === "*" || c === "_" || c === "~") {
        if (++markers > L.markersPerParagraph) return problem(t.markdownLimits.tooManyMarkers(L.markersPerParagraph), k + 1);
      } else if (c === "<") {
        const next = line[k + 1] ?? "";
        if (next === "/") tags = Math.max(0, tags - 1);
        else if (/[A-Za-z]/.test(next)) {
          const close = line.indexOf(">", k);
          // <br />, <CiteArticle … /> do not nest.
          if (close === -1 || line[close - 1] !== "/") tags++;
          if (tags > L.tagDepth) return problem(t.contentCheck.tagTooDeep(L.tagDepth), k + 1);
        }
      }
    }
  }
  return null;
}

export function validateMdxBody(source: string): Problem[] {
  // Checked before any parser sees the text (issue 13 #11).
  const limit = markupLimitProblem(source);
  if (limit) return [limit];
  const { tree, problems } = parseMdx(source);
  const fence = secondFrontmatter(source);
  if (fence) problems.unshift(fence);
  if (!tree) return problems;
  visit(tree, (node) => {
    const n = node as unknown as Positioned & { type: string; value?: string; url?: string };
    switch (n.type) {
      case "mdxjsEsm":
        problems.push(at(n, /^\s*export/.test(n.value ?? "") ? t.contentCheck.noExport : t.contentCheck.noImport));
        break;
      case "mdxFlowExpression":
      case "mdxTextExpression":
        if (literalOf(n.value ?? "") === undefined || (n.value ?? "").trim() === "") {
          problems.push(at(n, t.contentCheck.noExpression((n.value ?? "").trim().slice(0, 40))));
        }
        break;
      case "link":
      case "image":
      case "definition":
        if (UNSAFE_URL.test(n.url ?? "")) problems.push(at(n, t.contentCheck.unsafeLink((n.url ?? "").slice(0, 40))));
        break;
      case "html":
        problems.push(at(n, t.contentCheck.noHtml));
        break;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement":
        checkJsx(n as unknown as JsxNode, problems);
        break;
    }
  });
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

function checkJsx(node: JsxNode, problems: Problem[]) {
  const name = node.name;
  if (!name) {
    problems.push(at(node, t.contentCheck.noFragment));
    return;
  }
  const component = ALLOWED_COMPONENTS[name];
  const htmlProps = ALLOWED_HTML[name];
  if (!component && !htmlProps) {
    if (DANGEROUS_TAGS.has(name.toLowerCase())) problems.push(at(node, t.contentCheck.dangerousTag(name)));
    else if (/^[A-Z]/.test(name)) {
      problems.push(at(node, t.contentCheck.unknownComponent(name, Object.keys(ALLOWED_COMPONENTS))));
    } else problems.push(at(node, t.contentCheck.unknownHtml(name)));
    return;
  }
  const allowedProps = component ? component.props : (htmlProps ?? []);
  const seen = new Set<string>();
  for (const attr of node.attributes) {
    if (attr.type === "mdxJsxExpressionAttribute") {
      problems.push(at(node, t.contentCheck.noSpread(name)));
      continue;
    }
    const prop = attr.name;
    seen.add(prop);
    if (/^on/i.test(prop)) {
      problems.push(at(node, t.contentCheck.noEventProp(name, prop)));
      continue;
    }
    if (prop === "dangerouslySetInnerHTML") {
      problems.push(at(node, t.contentCheck.noInnerHtml(name)));
      continue;
    }
    if (!allowedProps.includes(prop)) {
      problems.push(at(node, t.contentCheck.unknownProp(name, prop, allowedProps)));
      continue;
    }
    let value: unknown = attr.value;
    if (value && typeof value === "object") {
      value = literalOf((value as { value: string }).value);
      if (value === undefined) {
        problems.push(at(node, t.contentCheck.propNotLiteral(name, prop)));
        continue;
      }
    }
    if (typeof value === "string" && UNSAFE_URL.test(value)) {
      problems.push(at(node, t.contentCheck.propUnsafeUrl(name, prop)));
    }
  }
  if (component) {
    for (const req of component.required) {
      if (!seen.has(req)) problems.push(at(node, t.contentCheck.missingProp(name, req)));
    }
    if (!component.children && node.children.length > 0) problems.push(at(node, t.contentCheck.noChildren(name)));
  }
}
