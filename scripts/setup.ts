// `npm run setup`: apply migrations, seed the demo organisation and accounts, sync content/.
// Safe to run twice. Set QINGFENG_NO_DEMO=1 to skip the demo data (production).
import fs from "node:fs";
import path from "node:path";
import { databasePath, getEnv } from "#app/lib/env.server.ts";
import { migrate, readMigrationFiles } from "#app/lib/migrate.server.ts";
import { openSqlite } from "#app/lib/sqlite.server.ts";

const root = path.resolve(import.meta.dirname, "..");
const env = getEnv();
const file = databasePath(env.DATABASE_URL);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.mkdirSync(path.resolve(env.STORAGE_DIR), { recursive: true });

const sqlite = openSqlite(file);
const result = migrate(sqlite, readMigrationFiles(path.join(root, "prisma", "migrations")));
sqlite.close();
for (const w of result.warnings) console.warn(`⚠ ${w}`);
console.log(result.applied.length ? `migrations applied: ${result.applied.join(", ")}` : "database schema is up to date");

const { db } = await import("#app/lib/db.server.ts");
if (process.env.QINGFENG_NO_DEMO !== "1") {
  const { seedDemo } = await import("../prisma/seed.ts");
  await seedDemo(console.log);
}
const { syncContent } = await import("#app/modules/content/sync.server.ts");
const report = await syncContent(path.resolve(env.CONTENT_DIR));
for (const p of report.problems) console.warn(`${p.file}:${p.line}:${p.column} ${p.message}`);
console.log(
  `content: lessons +${report.lessons.created} ~${report.lessons.updated} =${report.lessons.unchanged}, ` +
    `regulations ${report.regulations}, cases ${report.cases}, questions +${report.questions.created} ~${report.questions.updated}`,
);
if (process.env.QINGFENG_NO_DEMO !== "1") {
  const { seedDemoExam } = await import("../prisma/seed.ts");
  await seedDemoExam(console.log);
}
await db.$disconnect();
