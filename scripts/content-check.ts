// `npm run content:check` validates all of content/ (formats, safe MDX, cross-references);
// `npm run content:check -- FILE…` validates the given files as lessons.
// Exit 0 when all are valid, otherwise 1 with one `path:line:col message` line per problem.
import fs from "node:fs";
import path from "node:path";
import { checkLesson } from "#app/modules/content/lesson-format.ts";
import { loadContent } from "#app/modules/content/load.server.ts";
import { loadTemplates } from "#app/modules/content/templates.server.ts";
import { validateMdxBody } from "#app/modules/content/validate.ts";

const files = process.argv.slice(2).filter((a) => a !== "--");
const lines: string[] = [];
if (files.length > 0) {
  for (const file of files) {
    if (!fs.existsSync(file)) {
      lines.push(`${file}:1:1 文件不存在`);
      continue;
    }
    for (const p of checkLesson(fs.readFileSync(file, "utf8")).problems) lines.push(`${file}:${p.line}:${p.column} ${p.message}`);
  }
} else {
  const root = path.resolve(process.env.CONTENT_DIR ?? "content");
  const content = loadContent(root);
  for (const p of content.problems) lines.push(`${p.file}:${p.line}:${p.column} ${p.message}`);
  for (const p of loadTemplates(root).problems) lines.push(`${p.file}:${p.line}:${p.column} ${p.message}`);
  for (const f of fs.existsSync(path.join(root, "pledges")) ? fs.readdirSync(path.join(root, "pledges")).filter((x) => x.endsWith(".mdx")) : []) {
    const source = fs.readFileSync(path.join(root, "pledges", f), "utf8");
    for (const p of validateMdxBody(source)) lines.push(`content/pledges/${f}:${p.line}:${p.column} ${p.message}`);
  }
  if (lines.length === 0) {
    const lessons = content.courses.reduce((n, c) => n + c.lessons.length, 0);
    const articles = content.regulations.reduce((n, r) => n + r.articles.length, 0);
    const questions = content.banks.reduce((n, b) => n + b.questions.length, 0);
    console.log(
      `content OK: ${content.courses.length} courses, ${lessons} lessons, ${content.regulations.length} regulations (${articles} articles), ` +
        `${content.cases.length} cases, ${questions} questions`,
    );
  }
}
for (const l of lines) console.log(l);
process.exit(lines.length > 0 ? 1 : 0);
