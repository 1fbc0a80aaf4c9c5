// One place that opens SQLite files, so every process uses the same pragmas.
import Database from "better-sqlite3";

/** SQLite ≥ 3.51.3 carries the WAL-reset fix; refuse to open the database with an older one. */
export const MIN_SQLITE_VERSION = "3.51.3";

export function openSqlite(file: string, options: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(file, { readonly: options.readonly ?? false, timeout: 5000 });
  assertSqliteVersion(db);
  if (!options.readonly) db.pragma("journal_mode = WAL");
  applyConnectionPragmas(db);
  return db;
}

export function applyConnectionPragmas(db: Database.Database) {
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // NORMAL in WAL mode: a commit is durable once the WAL is synced at checkpoint; a power cut can
  // lose the last transactions but never corrupts the file (docs/decisions/005-sqlite-durability.md).
  db.pragma("synchronous = NORMAL");
}

export function assertSqliteVersion(db: Database.Database) {
  const { v } = db.prepare("select sqlite_version() as v").get() as { v: string };
  if (compareVersions(v, MIN_SQLITE_VERSION) < 0) {
    throw new Error(`SQLite ${v} is older than ${MIN_SQLITE_VERSION} (WAL-reset fix); upgrade better-sqlite3.`);
  }
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
