// Fails when a route decides permission by hand (issue 13, the structural fix): a file under
// app/routes/ that calls `can(` or `hasRole(`, tests `grants.some(`, or compares a `.role`. Who may
// do what is decided by a policy function in the module that owns the rule (app/modules/<domain>/
// policy.server.ts and the like), which the loader and the mutation both call;
// `requirePermission(request, permission, target)` stays allowed as a permission-string guard.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Routes still allowed to decide by hand, each to be moved into its domain's policy and then
 * removed from this list. Moved by issue 13 screening/content work: none left when this was written.
 */
export const ALLOWED: readonly string[] = [];

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) yield full;
  }
}

const calleeName = (e: ts.Expression) => (ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : null);
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);
const isRoleAccess = (e: ts.Expression) => (ts.isPropertyAccessExpression(e) && e.name.text === "role") || (ts.isElementAccessExpression(e) && ts.isStringLiteral(e.argumentExpression) && e.argumentExpression.text === "role");

/** Each hand-made permission decision in one file's text: its line and what it is. */
export function findHandChecks(file: string, text = readFileSync(file, "utf8")) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { line: number; what: string }[] = [];
  const at = (node: ts.Node, what: string) => found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, what });
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      if (name === "can" || name === "hasRole") at(node, `${name}(`);
      // grants.some(...) / user.grants.some(...): a role test written out by hand.
      if (name === "some" && ts.isPropertyAccessExpression(node.expression) && calleeName(node.expression.expression) === "grants") at(node, "grants.some(");
    }
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind) && (isRoleAccess(node.left) || isRoleAccess(node.right))) at(node, ".role comparison");
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems: string[] = [];
  const clean: string[] = [];
  for (const file of files(path.join(root, "app", "routes"))) {
    const rel = path.relative(root, file).split(path.sep).join("/");
    const found = findHandChecks(file);
    if (ALLOWED.includes(rel)) {
      if (found.length === 0) clean.push(rel);
      continue;
    }
    for (const f of found) problems.push(`${rel}:${f.line}: ${f.what}`);
  }
  for (const rel of clean) console.warn(`policies: ${rel} no longer decides by hand; remove it from ALLOWED in scripts/check-policies.ts`);
  if (problems.length) {
    console.error(problems.join("\n"));
    console.error(`\n${problems.length} permission decisions made by hand in app/routes (ask the domain's policy function instead; see scripts/check-policies.ts)`);
    process.exit(1);
  }
  console.log("policies: no route decides permission by hand");
}
