// Builds the template database once from the migrations; each test file gets a copy.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate, readMigrationFiles } from "#app/lib/migrate.server.ts";
import { openSqlite } from "#app/lib/sqlite.server.ts";

export const TEMPLATE = path.join(os.tmpdir(), `qingfeng-test-template-${process.pid}.db`);

export default function setup() {
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(TEMPLATE + s, { force: true });
  const db = openSqlite(TEMPLATE);
  migrate(db, readMigrationFiles(path.resolve("prisma/migrations")));
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.pragma("journal_mode = DELETE");
  db.close();
  process.env.QINGFENG_TEST_TEMPLATE = TEMPLATE;
  return () => fs.rmSync(TEMPLATE, { force: true });
}
