import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { backupDatabase, integrityCheck, restoreDatabase } from "./backup.server.ts";
import { openSqlite } from "./sqlite.server.ts";

describe("backup and restore", () => {
  test("a backup taken while writes continue is consistent, and restores over the database", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qf-backup-"));
    const live = path.join(dir, "live.db");
    const db = openSqlite(live);
    db.exec(`CREATE TABLE answers (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`);
    const insert = db.prepare(`INSERT INTO answers (v) VALUES (?)`);
    for (let i = 0; i < 5000; i++) insert.run(crypto.randomUUID());
    // Keep writing while the backup runs.
    const writer = setInterval(() => {
      for (let i = 0; i < 50; i++) insert.run("during-backup");
    }, 1);
    const { bytes } = await backupDatabase(live, path.join(dir, "backup.db"));
    clearInterval(writer);
    expect(bytes).toBeGreaterThan(0);
    expect(integrityCheck(path.join(dir, "backup.db"))).toEqual([]);
    const copied = openSqlite(path.join(dir, "backup.db"));
    const n = (copied.prepare(`SELECT count(*) AS n FROM answers`).get() as { n: number }).n;
    copied.close();
    expect(n).toBeGreaterThanOrEqual(5000);

    insert.run("after-backup");
    db.close();
    const kept = restoreDatabase(path.join(dir, "backup.db"), live);
    expect(fs.existsSync(kept)).toBe(true);
    const restored = openSqlite(live);
    expect((restored.prepare(`SELECT count(*) AS n FROM answers WHERE v = 'after-backup'`).get() as { n: number }).n).toBe(0);
    expect((restored.prepare(`SELECT count(*) AS n FROM answers`).get() as { n: number }).n).toBe(n);
    restored.close();
  });

  test("a damaged backup is refused and nothing is replaced", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qf-backup-"));
    const bad = path.join(dir, "bad.db");
    fs.writeFileSync(bad, "not a database at all".repeat(100));
    const live = path.join(dir, "live.db");
    fs.writeFileSync(live, "keep me");
    expect(() => restoreDatabase(bad, live)).toThrow();
    expect(fs.readFileSync(live, "utf8")).toBe("keep me");
  });
});
