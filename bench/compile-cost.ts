// Child process: the mean time of compiling one lesson with mdx-bundler (warm), in ms.
import Database from "better-sqlite3";
import { bundleMDX } from "mdx-bundler";

const [file, slug] = process.argv.slice(2) as [string, string];
const row = new Database(file, { readonly: true })
  .prepare(`SELECT v."source" FROM "LessonVersion" v JOIN "Lesson" l ON l."publishedVersionId" = v."id" WHERE l."slug" = ?`)
  .get(slug) as { source: string };
const body = row.source.replace(/^---[\s\S]*?---\n/, "");
await bundleMDX({ source: body });
const t = performance.now();
for (let i = 0; i < 10; i++) await bundleMDX({ source: `${body}\n\n${i}` });
console.log((performance.now() - t) / 10);
