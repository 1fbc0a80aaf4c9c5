// Applies prisma/migrations/*/migration.sql in order, recording each in Prisma's own
// `_prisma_migrations` table (same columns, checksum = SHA-256 hex of the file), so Prisma's CLI
// reads the database as up to date wherever it can run. See docs/decisions/003-migrations.md.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; warnings: string[] };

export function readMigrationFiles(dir: string): MigrationFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

type Row = { migration_name: string; checksum: string; finished_at: string | null; rolled_back_at: string | null };

export function migrate(db: Database.Database, migrations: MigrationFile[]): MigrateResult {
  db.exec(CREATE_TABLE);
  const applied: string[] = [];
  const warnings: string[] = [];
  const known = new Map(migrations.map((m) => [m.name, m]));
  for (const row of recorded(db)) {
    const file = known.get(row.migration_name);
    if (row.finished_at && !row.rolled_back_at && file && file.checksum !== row.checksum) {
      warnings.push(`Migration ${row.migration_name} was edited after it was applied (checksum differs).`);
    }
  }

  for (const m of migrations) {
    // Prisma's table-rebuild SQL needs foreign keys off, and SQLite ignores that pragma inside a
    // transaction: switch it before BEGIN, check the keys before COMMIT, switch it back after.
    db.pragma("foreign_keys = OFF");
    try {
      db.exec("BEGIN IMMEDIATE");
      try {
        // Re-read under the write lock: another process may have applied it meanwhile.
        const rows = recorded(db);
        const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
        if (failed) {
          throw new Error(
            `Migration ${failed.migration_name} failed earlier and is recorded as unfinished; fix the database, then mark it rolled back.`,
          );
        }
        if (rows.some((r) => r.migration_name === m.name && r.finished_at && !r.rolled_back_at)) {
          db.exec("ROLLBACK");
          continue;
        }
        const id = crypto.randomUUID();
        db.exec(m.sql);
        const violations = db.pragma("foreign_key_check") as unknown[];
        if (violations.length > 0) {
          throw new Error(`Migration ${m.name} leaves ${violations.length} foreign key violation(s).`);
        }
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(id, m.checksum, new Date().toISOString(), m.name, new Date().toISOString());
        db.exec("COMMIT");
        applied.push(m.name);
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    } finally {
      db.pragma("foreign_keys = ON");
    }
  }
  return { applied, warnings };
}

function recorded(db: Database.Database): Row[] {
  return db
    .prepare(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`)
    .all() as Row[];
}
