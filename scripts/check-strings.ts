// Fails when a Chinese string literal or JSX text sits in app/ outside app/lib/strings*, so the UI's
// words stay in one place (issue 2). Parser keywords and other data that are not UI text are marked
// with a `// not-ui: why` comment on the same line or the line above.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");
const han = /[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]/;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) { if (entry.name !== "generated") yield* files(full); }
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}

const exempt = (file: string) => {
  const rel = path.relative(root, file).split(path.sep).join("/");
  return rel === "app/lib/strings.ts" || rel.startsWith("app/lib/strings/");
};

export function findInlineStrings(file: string, text = readFileSync(file, "utf8")) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lines = text.split("\n");
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    let literal: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isJsxText(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join("…");
    if (literal !== undefined && han.test(literal)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const marked = /\/\/\s*not-ui\b/.test(lines[line] ?? "") || /\/\/\s*not-ui\b/.test(lines[line - 1] ?? "");
      if (!marked) found.push({ line: line + 1, text: literal.trim().slice(0, 40) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let total = 0;
  const byFile: string[] = [];
  for (const file of files(path.join(root, "app"))) {
    if (exempt(file)) continue;
    const found = findInlineStrings(file);
    if (found.length === 0) continue;
    total += found.length;
    const rel = path.relative(root, file);
    byFile.push(`${found.length}\t${rel}`);
    if (process.argv.includes("--verbose")) for (const f of found) console.error(`${rel}:${f.line}: ${f.text}`);
  }
  if (total > 0) {
    console.error(byFile.sort((a, b) => Number(b.split("\t")[0]) - Number(a.split("\t")[0])).join("\n"));
    console.error(`\n${total} Chinese strings outside app/lib/strings (move them there, or mark data that is not UI text with // not-ui: why)`);
    process.exit(1);
  }
  console.log("strings: every Chinese UI string lives in app/lib/strings");
}
