// Child process for the content-sync benchmark: a cold sync of N lessons into an empty database
// (every lesson compiled), then the same start-up again with nothing changed.
import fs from "node:fs";
import path from "node:path";

const [root, file] = process.argv.slice(2) as [string, string];
process.env.DATABASE_URL = `file:${file}`;
const { migrate, readMigrationFiles } = await import("#app/lib/migrate.server.ts");
const { openSqlite } = await import("#app/lib/sqlite.server.ts");
const sqlite = openSqlite(file);
migrate(sqlite, readMigrationFiles(path.resolve("prisma/migrations")));
sqlite.close();
const { syncContent } = await import("#app/services/curriculum-sync.server.ts");
const { db } = await import("#app/lib/db.server.ts");
let t = performance.now();
const cold = await syncContent(root);
const coldMs = performance.now() - t;
t = performance.now();
const warm = await syncContent(root);
const warmMs = performance.now() - t;
await db.$disconnect();
fs.writeSync(1, JSON.stringify({ coldMs, warmMs, created: cold.lessons.created, unchanged: warm.lessons.unchanged, problems: cold.problems.length }) + "\n");
