// Creates a new migration from the difference between the migration history and
// prisma/schema.prisma: `npm run migrate:create -- <name>`. Development only.
import fs from "node:fs";
import path from "node:path";
import { diffMigrationsToSchema, LOCKFILE_CONTENT, readMigrations } from "./lib/schema-engine.ts";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("用法: npm run migrate:create -- <name>   (name: lowercase letters, digits, underscores)");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const migrationsDir = path.join(root, "prisma", "migrations");
const schema = fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");

const script = await diffMigrationsToSchema(readMigrations(migrationsDir), schema);
if (!script.trim() || /^\s*-- This is an empty migration\.\s*$/.test(script)) {
  console.log("No schema changes: no migration created.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), script.trimStart());
const lockPath = path.join(migrationsDir, "migration_lock.toml");
if (!fs.existsSync(lockPath)) fs.writeFileSync(lockPath, LOCKFILE_CONTENT);
if (/DROP TABLE|DROP COLUMN|RedefineTables/i.test(script)) {
  console.warn("⚠ This migration drops or rebuilds tables: review it for data loss before committing.");
}
console.log(`Created ${path.relative(root, dir)}/migration.sql`);
