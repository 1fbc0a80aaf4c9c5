// Direct access to the e2e database, for arranging what no screen does (time passing) and for
// checking what the server stored.
import Database from "better-sqlite3";

export function e2eDb() {
  const url = process.env.DATABASE_URL ?? "file:./data/e2e.db";
  const db = new Database(url.replace(/^file:/, ""));
  db.pragma("busy_timeout = 5000");
  return db;
}
