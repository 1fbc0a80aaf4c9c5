// Backups: SQLite's online backup API copies a consistent snapshot while writers keep going; a
// restore checks the copy's integrity first and keeps the replaced file.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { openSqlite } from "./sqlite.server.ts";
import { t } from "./strings.ts";

export function integrityCheck(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== "ok");
    const fk = db.pragma("foreign_key_check") as unknown[];
    if (fk.length) problems.push(`${fk.length} foreign key violation(s)`);
    return problems;
  } finally {
    db.close();
  }
}

export async function backupDatabase(source: string, target: string): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.part`;
  fs.rmSync(tmp, { force: true });
  const db = openSqlite(source);
  try {
    await db.backup(tmp);
  } finally {
    db.close();
  }
  const problems = integrityCheck(tmp);
  if (problems.length) {
    fs.rmSync(tmp, { force: true });
    throw new Error(t.backup.integrityFailed(problems.join(t.backup.problemSeparator)));
  }
  fs.renameSync(tmp, target);
  return { bytes: fs.statSync(target).size };
}

export function restoreDatabase(backup: string, target: string): string {
  if (!fs.existsSync(backup)) throw new Error(t.backup.missing(backup));
  const problems = integrityCheck(backup);
  if (problems.length) throw new Error(t.backup.restoreIntegrityFailed(problems.join(t.backup.problemSeparator)));
  const kept = `${target}.before-restore-${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}`;
  if (fs.existsSync(target)) {
    // Fold the WAL into the old file so the kept copy is whole, then move it aside.
    const old = new Database(target);
    old.pragma("wal_checkpoint(TRUNCATE)");
    old.close();
    fs.renameSync(target, kept);
  }
  for (const s of ["-wal", "-shm"]) fs.rmSync(target + s, { force: true });
  fs.copyFileSync(backup, target);
  return kept;
}
