import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { migrate, readMigrationFiles, type MigrationFile } from "./migrate.server.ts";
import { openSqlite } from "./sqlite.server.ts";
import crypto from "node:crypto";

const files: string[] = [];
function tempDb() {
  const file = path.join(os.tmpdir(), `qingfeng-migrate-${crypto.randomUUID()}.db`);
  files.push(file);
  return openSqlite(file);
}
afterEach(() => {
  for (const f of files.splice(0)) for (const s of ["", "-wal", "-shm"]) fs.rmSync(f + s, { force: true });
});

const m = (name: string, sql: string): MigrationFile => ({ name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") });

describe("migration runner", () => {
  test("applies the project's migrations once and records them as Prisma does", () => {
    const db = tempDb();
    const all = readMigrationFiles(path.resolve("prisma/migrations"));
    expect(all.length).toBeGreaterThan(0);
    expect(migrate(db, all).applied).toEqual(all.map((x) => x.name));
    expect(migrate(db, all).applied).toEqual([]);
    const rows = db.prepare(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations`).all() as {
      migration_name: string;
      checksum: string;
      finished_at: string;
      applied_steps_count: number;
    }[];
    expect(rows.map((r) => r.migration_name)).toEqual(all.map((x) => x.name));
    expect(rows[0]!.checksum).toBe(all[0]!.checksum);
    expect(rows[0]!.finished_at).toBeTruthy();
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  test("a table rebuild with ON DELETE CASCADE keeps the child rows (foreign keys off during the migration)", () => {
    const db = tempDb();
    migrate(db, [
      m("001_init", `CREATE TABLE "Parent" ("id" TEXT PRIMARY KEY, "name" TEXT);
CREATE TABLE "Child" ("id" TEXT PRIMARY KEY, "parentId" TEXT NOT NULL REFERENCES "Parent"("id") ON DELETE CASCADE);`),
    ]);
    db.exec(`INSERT INTO "Parent" VALUES ('p1','甲'); INSERT INTO "Child" VALUES ('c1','p1'), ('c2','p1');`);
    // What Prisma generates to add a NOT NULL column to SQLite: rebuild the parent table.
    migrate(db, [
      m("001_init", `CREATE TABLE "Parent" ("id" TEXT PRIMARY KEY, "name" TEXT);
CREATE TABLE "Child" ("id" TEXT PRIMARY KEY, "parentId" TEXT NOT NULL REFERENCES "Parent"("id") ON DELETE CASCADE);`),
      m("002_rebuild", `CREATE TABLE "new_Parent" ("id" TEXT PRIMARY KEY, "name" TEXT, "level" INTEGER NOT NULL DEFAULT 1);
INSERT INTO "new_Parent" ("id", "name") SELECT "id", "name" FROM "Parent";
DROP TABLE "Parent";
ALTER TABLE "new_Parent" RENAME TO "Parent";`),
    ]);
    expect(db.prepare(`SELECT count(*) AS n FROM "Child"`).get()).toEqual({ n: 2 });
    expect(db.prepare(`SELECT level FROM "Parent"`).get()).toEqual({ level: 1 });
  });

  test("a failing migration is rolled back entirely and not recorded", () => {
    const db = tempDb();
    const init = m("001_init", `CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);`);
    migrate(db, [init]);
    expect(() => migrate(db, [init, m("002_bad", `CREATE TABLE "B" ("id" INTEGER); INSERT INTO "Nope" VALUES (1);`)])).toThrow(/Nope/);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'B'`).get()).toBeUndefined();
    expect((db.prepare(`SELECT count(*) AS n FROM _prisma_migrations`).get() as { n: number }).n).toBe(1);
  });

  test("a migration that breaks a foreign key is refused", () => {
    const db = tempDb();
    const init = m("001", `CREATE TABLE "P" ("id" TEXT PRIMARY KEY); CREATE TABLE "C" ("id" TEXT PRIMARY KEY, "p" TEXT REFERENCES "P"("id"));`);
    migrate(db, [init]);
    expect(() => migrate(db, [init, m("002", `INSERT INTO "C" VALUES ('c', 'missing');`)])).toThrow(/foreign key/);
    expect(db.prepare(`SELECT count(*) AS n FROM "C"`).get()).toEqual({ n: 0 });
  });

  test("an edited migration is reported; a failed one recorded by Prisma stops the run", () => {
    const db = tempDb();
    migrate(db, [m("001", `CREATE TABLE "A" ("id" INTEGER);`)]);
    const edited = migrate(db, [m("001", `CREATE TABLE "A" ("id" INTEGER, "x" TEXT);`)]);
    expect(edited.warnings[0]).toMatch(/edited/);
    db.prepare(`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ('x', 'y', '002', datetime('now'))`).run();
    expect(() => migrate(db, [m("001", `CREATE TABLE "A" ("id" INTEGER);`), m("003", `CREATE TABLE "C" ("id" INTEGER);`)])).toThrow(/failed earlier/);
  });
});
