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
// The record store's anchor (docs/security.md): the HMAC key outside the database, and its checkpoints.
const anchor = await import("#app/modules/records/anchor.server.ts");
const key = anchor.ensureRecordKey();
if (key.warning) console.warn(`⚠ ${key.warning}`);
console.log(key.source === "env" ? "record key: QINGFENG_RECORD_KEY" : `record key: ${key.file}${key.created ? " (created, mode 0600)" : ""}`);
const orphaned = await anchor.adoptCheckpointFile();
if (orphaned) console.warn(`⚠ the database has no records but its checkpoint file counted some: kept as ${orphaned}`);
if (process.env.QINGFENG_NO_DEMO !== "1") {
  const { seedDemo } = await import("../prisma/seed.ts");
  await seedDemo(console.log);
}
const { syncContent } = await import("#app/services/curriculum-sync.server.ts");
const report = await syncContent(path.resolve(env.CONTENT_DIR));
for (const p of report.problems) console.warn(`${p.file}:${p.line}:${p.column} ${p.message}`);
console.log(
  `content: lessons +${report.lessons.created} ~${report.lessons.updated} =${report.lessons.unchanged}, ` +
    `regulations ${report.regulations}, cases ${report.cases}, questions +${report.questions.created} ~${report.questions.updated}`,
);
const { fixAssignmentLessons } = await import("#app/modules/learning/assignments.server.ts");
await fixAssignmentLessons();
// Videos stored before lengths were read at upload get theirs now (lesson progress is measured against it).
const { backfillMediaDurations } = await import("#app/lib/storage.server.ts");
const media = await backfillMediaDurations();
if (media.filled) console.log(`media lengths read: ${media.filled}`);
if (media.unreadable.length) console.warn(`⚠ ${media.unreadable.length} stored video(s) have no readable length; lessons showing them cannot be completed until re-uploaded: ${media.unreadable.join(", ")}`);
if (process.env.QINGFENG_NO_DEMO !== "1") {
  const { seedDemoExam } = await import("../prisma/seed.ts");
  await seedDemoExam(console.log);
  const { seedDemoLedger } = await import("../prisma/seed.ts");
  await seedDemoLedger(console.log);
}
// On every setup a checkpoint: for rows from before HMACs existed it is what vouches for them.
const checkpoint = await anchor.writeCheckpoint("setup");
console.log(`record checkpoint: ${checkpoint.count} records, head #${checkpoint.seq} → ${anchor.checkpointFile()}`);
await db.$disconnect();
