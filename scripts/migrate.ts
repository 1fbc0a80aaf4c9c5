// `npm run db:migrate`: applies pending migrations only (no demo data, no content sync).
import fs from "node:fs";
import path from "node:path";
import { databasePath, getEnv } from "#app/lib/env.server.ts";
import { migrate, readMigrationFiles } from "#app/lib/migrate.server.ts";
import { openSqlite } from "#app/lib/sqlite.server.ts";

const file = databasePath(getEnv().DATABASE_URL);
fs.mkdirSync(path.dirname(file), { recursive: true });
const db = openSqlite(file);
try {
  const result = migrate(db, readMigrationFiles(path.resolve(import.meta.dirname, "..", "prisma", "migrations")));
  for (const w of result.warnings) console.warn(`⚠ ${w}`);
  console.log(result.applied.length ? `applied: ${result.applied.join(", ")}` : "database schema is up to date");
} finally {
  db.close();
}
